"""Who sees which mentorship: the territory for the service's roles, the organizations' staff for an
organization's administrator (as mentor or as mentee), one's own for everyone else."""

from datetime import date

import pytest

from metodist.mentoring.models import Mentorship
from metodist.testing import community as c
from metodist.testing import factories as f


def seen(user):
    return set(Mentorship.objects.in_scope(user))


def test_the_coordinator_sees_the_municipality_only(cast, pair, school2_pair, other_pair):
    assert seen(cast.coordinator) == {pair, school2_pair}


def test_the_regional_operator_sees_the_region(cast, pair, school2_pair, other_pair):
    assert seen(cast.regional_operator) == {pair, school2_pair, other_pair}


def test_the_school_administrators_see_their_own_staff_only(cast, pair, school2_pair, other_pair):
    assert seen(cast.school1_admin) == {pair}
    assert seen(cast.school2_admin) == {school2_pair}


def test_a_school_administrator_sees_a_pair_whose_mentee_works_there(cast, school2_pair):
    municipal = c.program(None, municipality=cast.municipality)
    cross = c.mentorship(school2_pair.mentor, [cast.teacher], program=municipal, starts_on=date(2024, 10, 1))

    assert cross in seen(cast.school1_admin)


@pytest.mark.parametrize("who", ["teacher_user", "mentor_user"])
def test_the_mentor_and_the_mentee_see_their_own_pair_only(cast, pair, school2_pair, other_pair, who):
    assert seen(getattr(cast, who)) == {pair}


def test_an_educator_of_another_municipality_sees_nothing_of_ours(cast, pair, school2_pair):
    assert seen(cast.other_user) == set()


def test_a_user_without_a_card_sees_nothing(cast, pair):
    assert seen(f.UserFactory(username="nobody")) == set()


def test_the_card_of_another_school_is_not_found(client, cast, pair):
    client.force_login(cast.school2_admin)

    assert client.get(f"/mentoring/{pair.pk}/").status_code == 404
