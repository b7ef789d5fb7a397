"""Every endpoint answers within the caller's scope: lists never show, and details answer 404 for, the rest."""

from decimal import Decimal

import pytest

from metodist.testing import factories as f

from .helpers import items

ALL_SCHOOLS = {"Школа № 1", "Школа № 2", "Школа № 3"}
DEMO_SCHOOLS = {"Школа № 1", "Школа № 2"}
EVERY_EDUCATOR = {"Смирнова", "Кузнецов", "Орлова", "Волкова"}
DEMO_EDUCATORS = {"Смирнова", "Кузнецов", "Орлова"}

# user: (organizations and their staff positions, educators and their employments)
SCOPE = {
    "regional_operator": (ALL_SCHOOLS, EVERY_EDUCATOR),
    "coordinator": (DEMO_SCHOOLS, DEMO_EDUCATORS),
    "methodologist": (DEMO_SCHOOLS, DEMO_EDUCATORS),
    "school1_admin": ({"Школа № 1"}, {"Смирнова", "Кузнецов"}),
    "school2_admin": ({"Школа № 2"}, {"Орлова"}),
    "teacher_user": ({"Школа № 1"}, {"Смирнова"}),
    "mentor_user": ({"Школа № 1"}, {"Кузнецов"}),
    "other_user": ({"Школа № 3"}, {"Волкова"}),
}


@pytest.fixture
def staffed(cast):
    for school in (cast.school1, cast.school2, cast.school3):
        f.StaffPositionFactory(organization=school, rates=Decimal("2"), vacant_rates=Decimal("1"))
    return cast


@pytest.mark.parametrize("user", SCOPE)
def test_each_role_lists_exactly_its_scope(api_get, staffed, user):
    viewer = getattr(staffed, user)
    schools, educators = SCOPE[user]

    organizations = api_get(viewer, "/api/v1/organizations/")
    staff = api_get(viewer, "/api/v1/staff-positions/")
    people = api_get(viewer, "/api/v1/educators/")
    jobs = api_get(viewer, "/api/v1/employments/")

    assert set(items(organizations, "short_name")) == schools
    assert {row["short_name"] for row in items(staff, "organization")} == schools
    assert set(items(people, "last_name")) == educators
    assert {row["full_name"].split()[0] for row in items(jobs, "educator")} == educators


def _teacher_records(cast):
    """The records of school 1 that belong to the teacher, by endpoint."""
    return {
        "organizations": cast.school1.pk,
        "staff-positions": f.StaffPositionFactory(organization=cast.school1).pk,
        "educators": cast.teacher.pk,
        "employments": cast.teacher.employments.get().pk,
    }


@pytest.mark.parametrize("user", ["school2_admin", "other_user"])
@pytest.mark.parametrize("resource", ["organizations", "staff-positions", "educators", "employments"])
def test_record_of_school1_is_404_outside_its_scope(api_get, cast, user, resource):
    pk = _teacher_records(cast)[resource]

    response = api_get(getattr(cast, user), f"/api/v1/{resource}/{pk}/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Не найдено."}


@pytest.mark.parametrize("resource", ["organizations", "staff-positions", "educators", "employments"])
def test_regional_operator_opens_records_of_both_municipalities(api_get, cast, resource):
    demo = _teacher_records(cast)[resource]
    other = {
        "organizations": cast.school3.pk,
        "staff-positions": f.StaffPositionFactory(organization=cast.school3).pk,
        "educators": cast.other_educator.pk,
        "employments": cast.other_educator.employments.get().pk,
    }[resource]

    statuses = [api_get(cast.regional_operator, f"/api/v1/{resource}/{pk}/").status_code for pk in (demo, other)]

    assert statuses == [200, 200]


def test_teacher_opens_herself_but_not_her_colleague(api_get, cast):
    own = api_get(cast.teacher_user, f"/api/v1/educators/{cast.teacher.pk}/")
    colleague = api_get(cast.teacher_user, f"/api/v1/educators/{cast.mentor_educator.pk}/")

    assert own.status_code == 200
    assert colleague.status_code == 404
    assert "Кузнецов" not in colleague.content.decode()


def test_teacher_sees_only_her_own_employment_in_her_school(api_get, cast):
    response = api_get(cast.teacher_user, "/api/v1/employments/", organization=cast.school1.pk)

    assert [row["full_name"] for row in items(response, "educator")] == ["Смирнова Анна Игоревна"]


def test_school2_admin_sees_only_the_school2_job_of_a_shared_educator(api_get, cast):
    f.EmploymentFactory(educator=cast.school2_educator, organization=cast.school1, kind="external")

    response = api_get(cast.school2_admin, f"/api/v1/educators/{cast.school2_educator.pk}/")

    assert [job["organization"]["short_name"] for job in response.json()["employments"]] == ["Школа № 2"]


def test_other_municipality_never_sees_demo_records_through_filters(api_get, cast):
    response = api_get(cast.other_user, "/api/v1/educators/", organization=cast.school1.pk)

    assert response.json() == {"items": [], "count": 0}


@pytest.fixture
def shared_educator(cast):
    """Орлова works at school 2 and also, part-time, as a deputy head teaching physics at school 1."""
    f.EmploymentFactory(
        educator=cast.school2_educator,
        organization=cast.school1,
        kind="external",
        position=f.position("deputy_head"),
        subjects=[f.subject("physics")],
    )
    return cast


@pytest.mark.parametrize(
    "params",
    [
        {"organization": "school1"},
        {"position": "deputy_head"},
        {"subject": "physics"},
    ],
)
def test_filters_never_reveal_a_job_outside_the_scope(api_get, shared_educator, params):
    # the admin of school 2 sees Орлова (she works at school 2), but not that she also works at school 1
    cast = shared_educator
    params = {key: cast.school1.pk if value == "school1" else value for key, value in params.items()}

    response = api_get(cast.school2_admin, "/api/v1/educators/", **params)

    assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize("params", [{"organization": "school1"}, {"position": "deputy_head"}, {"subject": "physics"}])
def test_filters_find_the_job_for_whom_it_is_in_scope(api_get, shared_educator, params):
    cast = shared_educator
    params = {key: cast.school1.pk if value == "school1" else value for key, value in params.items()}

    response = api_get(cast.school1_admin, "/api/v1/educators/", **params)

    assert "Орлова" in items(response, "last_name")
