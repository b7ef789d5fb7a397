"""Scope is enforced in the query layer: each role's in_scope(user) returns exactly what it may see."""

import pytest

from metodist.accounts.models import Role
from metodist.orgs.models import Municipality, Organization, StaffPosition
from metodist.people.models import Educator, Employment
from metodist.testing import factories as f


def names(queryset, attr):
    return {getattr(row, attr) for row in queryset}


EVERY_EDUCATOR = {"Смирнова", "Кузнецов", "Орлова", "Волкова"}
DEMO_MUNICIPALITY = {"Смирнова", "Кузнецов", "Орлова"}


@pytest.mark.parametrize(
    ("user", "educators", "organizations"),
    [
        ("regional_operator", EVERY_EDUCATOR, {"Школа № 1", "Школа № 2", "Школа № 3"}),
        ("coordinator", DEMO_MUNICIPALITY, {"Школа № 1", "Школа № 2"}),
        ("methodologist", DEMO_MUNICIPALITY, {"Школа № 1", "Школа № 2"}),
        ("school1_admin", {"Смирнова", "Кузнецов"}, {"Школа № 1"}),
        ("school2_admin", {"Орлова"}, {"Школа № 2"}),
        ("teacher_user", {"Смирнова"}, {"Школа № 1"}),
        ("mentor_user", {"Кузнецов"}, {"Школа № 1"}),
        ("other_user", {"Волкова"}, {"Школа № 3"}),
    ],
)
def test_each_role_sees_exactly_its_scope(cast, user, educators, organizations):
    viewer = getattr(cast, user)

    seen_educators = names(Educator.objects.in_scope(viewer), "last_name")
    seen_organizations = names(Organization.objects.in_scope(viewer), "short_name")

    assert seen_educators == educators
    assert seen_organizations == organizations


def test_educator_sees_only_own_employments_not_colleagues(cast):
    own = Employment.objects.in_scope(cast.teacher_user)

    assert {e.educator_id for e in own} == {cast.teacher.pk}


def test_school2_admin_sees_no_staff_position_of_school1(cast):
    f.StaffPositionFactory(organization=cast.school1)
    f.StaffPositionFactory(organization=cast.school2, position=f.position("educator"))

    seen = StaffPosition.objects.in_scope(cast.school2_admin)

    assert {s.organization_id for s in seen} == {cast.school2.pk}


def test_municipal_user_without_municipality_sees_nothing(cast):
    stray = f.UserFactory(role=Role.COORDINATOR)

    assert not Educator.objects.in_scope(stray).exists()
    assert not Organization.objects.in_scope(stray).exists()


def test_user_without_educator_link_sees_nobody(cast):
    lonely = f.UserFactory(role=Role.EDUCATOR)

    assert not Educator.objects.in_scope(lonely).exists()
    assert not Employment.objects.in_scope(lonely).exists()


def test_educator_with_two_jobs_in_one_school_is_listed_once(cast):
    f.EmploymentFactory(educator=cast.teacher, organization=cast.school1, position=f.position("tutor"))

    seen = list(Educator.objects.in_scope(cast.coordinator))

    assert [e.last_name for e in seen].count("Смирнова") == 1
    assert list(Organization.objects.in_scope(cast.teacher_user)) == [cast.school1]


def test_municipalities_in_scope(cast):
    assert set(Municipality.objects.in_scope(cast.regional_operator)) == {cast.municipality, cast.other_municipality}
    assert set(Municipality.objects.in_scope(cast.coordinator)) == {cast.municipality}
    assert set(Municipality.objects.in_scope(cast.school2_admin)) == {cast.municipality}
    assert set(Municipality.objects.in_scope(cast.other_user)) == {cast.other_municipality}
