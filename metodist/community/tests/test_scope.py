"""Who sees and who manages an association: the territory, the organizations of an administrator, the head,
the members — and who must not."""

from datetime import date

import pytest

from metodist.accounts.models import Role
from metodist.community.models import Association, AssociationKind, AssociationLevel
from metodist.testing import factories as f
from metodist.testing.community import association


@pytest.fixture
def groups(cast):
    head = f.UserFactory(username="assoc", role=Role.ASSOCIATION_HEAD, municipality=cast.municipality)
    return {
        "head": head,
        # РМО of the demo municipality, the teacher of school 1 a member, headed by `head`
        "rmo": association(cast.municipality, title="РМО математиков", members=[cast.teacher], head_user=head),
        # ШМО of school 2 with its own educator
        "shmo2": association(
            cast.municipality,
            kind=AssociationKind.SCHOOL,
            level=AssociationLevel.ORGANIZATION,
            organization=cast.school2,
            title="ШМО школы 2",
            members=[cast.school2_educator],
        ),  # fmt: skip
        # an association of the other municipality
        "other": association(cast.other_municipality, title="РМО города M", members=[cast.other_educator]),
    }


def seen(user) -> set[str]:
    return set(Association.objects.in_scope(user).values_list("title", flat=True))


def managed(user) -> set[str]:
    return set(Association.objects.managed_by(user).values_list("title", flat=True))


def test_the_territory_sees_its_associations_only(cast, groups):
    assert seen(cast.coordinator) == seen(cast.methodologist) == {"РМО математиков", "ШМО школы 2"}
    assert seen(cast.regional_operator) == {"РМО математиков", "ШМО школы 2", "РМО города M"}


def test_an_administrator_sees_the_school_association_and_those_with_members_from_the_school(cast, groups):
    assert seen(cast.school1_admin) == {"РМО математиков"}  # the teacher of school 1 is a member
    assert seen(cast.school2_admin) == {"ШМО школы 2"}  # nothing of school 1's
    assert managed(cast.school1_admin) == set()  # the РМО is read only for an administrator
    assert managed(cast.school2_admin) == {"ШМО школы 2"}


def test_the_head_manages_only_what_they_head(cast, groups):
    assert seen(groups["head"]) == managed(groups["head"]) == {"РМО математиков"}


def test_an_educator_reads_their_own_associations_and_manages_none(cast, groups):
    assert seen(cast.teacher_user) == {"РМО математиков"}
    assert managed(cast.teacher_user) == set()
    assert seen(cast.mentor_user) == set()
    assert seen(cast.other_user) == {"РМО города M"}


def test_a_former_member_still_sees_the_association_history(cast, groups):
    groups["rmo"].memberships.update(left_on=date(2024, 12, 31))

    assert seen(cast.teacher_user) == {"РМО математиков"}
