"""A closed campaign never drifts: the drill-down of an approved snapshot lists the people frozen at the
approval, with the same numbers, after the registry is edited; a working snapshot lists the current registry.

Cast (campaigns.py): on 2024-05-31 the pedagogical workers of Город N are Смирнова (young) and Кузнецов of
school 1 and Орлова of school 2; «young» is 1 of 3 in Город N, 1 of 2 in school 1.
"""

from datetime import date

import pytest
from django.urls import reverse

from metodist.monitoring import actions, members
from metodist.monitoring.models import SnapshotMembers
from metodist.orgs.models import Organization
from metodist.people.models import Employment

from .campaigns import (  # noqa: F401 (fixtures)
    campaign_fixture,
    catalogue_fixture,
    login,
)


def _drill(client, campaign, code, part="numerator", **place):
    return client.get(reverse("monitoring:drilldown", args=[campaign.pk, code]), {"part": part, **place})


def _names(response) -> list[str]:
    return [person.last_name for person, _ in response.context["people"]["rows"]]


def _edit_the_registry(cast):
    """Смирнова turns out to be born in 1970 and to have left school 1 in January."""
    cast.teacher.birth_date = date(1970, 3, 2)
    cast.teacher.save()
    Employment.objects.filter(educator=cast.teacher).update(end_date=date(2024, 1, 31))


@pytest.fixture(name="approved")
def approved_fixture(cast, campaign):
    snapshot = actions.compute_snapshot(campaign, by=cast.coordinator)
    actions.approve_municipality(campaign, cast.municipality, by=cast.coordinator)
    return snapshot


def test_approval_freezes_members_on_the_finest_level_of_each_unit(cast, campaign, approved):
    young = SnapshotMembers.objects.get(
        value__snapshot=approved, value__indicator__code="young", value__organization=cast.school1
    )
    schools = SnapshotMembers.objects.get(
        value__snapshot=approved, value__indicator__code="schools30", value__municipality=cast.municipality
    )

    assert young.numerator == [cast.teacher.pk]
    assert young.denominator == sorted([cast.teacher.pk, cast.mentor_educator.pk])
    assert schools.denominator == sorted(
        Organization.objects.filter(municipality=cast.municipality).values_list("pk", flat=True)
    )
    # card-based values have no people to freeze
    assert not SnapshotMembers.objects.filter(value__indicator__code="sanatorium").exists()


def test_freezing_twice_stores_nothing_new(cast, campaign, approved):
    count = SnapshotMembers.objects.count()

    assert members.freeze(approved) == 0
    assert SnapshotMembers.objects.count() == count


def test_drill_down_of_an_approved_snapshot_lists_the_same_people_after_the_registry_is_edited(
    client, cast, campaign, approved
):
    login(client, cast.coordinator)
    before = _drill(client, campaign, "young", organization=cast.school1.pk)
    _edit_the_registry(cast)

    after = _drill(client, campaign, "young", organization=cast.school1.pk)
    municipal = _drill(client, campaign, "young", part="denominator")

    assert _names(before) == _names(after) == ["Смирнова"]
    assert after.context["people"]["rows"][0][1] == "Школа № 1"  # her organization then, not now
    assert after.context["people"]["frozen"] and after.context["people"]["live"] is None
    assert after.context["row"].fraction == "1 из 2"
    assert sorted(_names(municipal)) == ["Кузнецов", "Орлова", "Смирнова"]
    assert municipal.context["row"].fraction == "1 из 3"
    assert 'id="frozen-note"' in after.content.decode()


def test_drill_down_of_a_working_snapshot_follows_the_registry(client, cast, campaign):
    actions.compute_snapshot(campaign, by=cast.coordinator)
    login(client, cast.coordinator)
    _edit_the_registry(cast)

    response = _drill(client, campaign, "young", organization=cast.school1.pk)

    assert _names(response) == []
    assert response.context["people"]["frozen"] is False
    assert response.context["people"]["live"] == {"numerator": 0, "denominator": 1}


def test_frozen_list_is_still_limited_to_the_user_s_scope(client, cast, campaign, approved):
    login(client, cast.school2_admin)

    response = _drill(client, campaign, "young", part="denominator", organization=cast.school2.pk)

    assert _names(response) == ["Орлова"]
    assert _drill(client, campaign, "young", organization=cast.school1.pk).status_code == 404
