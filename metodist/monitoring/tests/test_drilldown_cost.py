"""The drill-down counts the people of a place once: not again when the registry is as computed, and not
through the scope filter when the user's scope holds the whole area (metodist/home/load, «Нагрузка»)."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.monitoring import actions, cards, views
from metodist.monitoring.models import Campaign
from metodist.testing import factories as f

from .campaigns import campaign_fixture, catalogue_fixture, login, other_coordinator_fixture  # noqa: F401 (fixtures)


@pytest.fixture
def computed(cast, campaign):
    return actions.compute_snapshot(campaign, by=cast.coordinator)


@pytest.fixture
def counted(monkeypatch):
    """How many times the drill-down asked for the members of a place."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[2])
        return members(*args, **kwargs)

    members = views.members
    monkeypatch.setattr(views, "members", counting)
    return calls


def drill(client, campaign, **query):
    return client.get(reverse("monitoring:drilldown", args=[campaign.pk, "young"]), query)


def test_an_unchanged_registry_is_not_counted_again(client, cast, computed, counted):
    login(client, cast.coordinator)

    response = drill(client, computed.campaign, part="denominator")

    assert counted == ["denominator"]
    people = response.context["people"]
    assert people["live"] is None
    assert people["page"].paginator.count == 3
    assert [p.last_name for p, _ in people["rows"]] == ["Кузнецов", "Орлова", "Смирнова"]


def test_a_registry_changed_after_the_computation_is_counted_again(client, cast, computed, counted):
    newcomer = f.EducatorFactory(last_name="Новикова", birth_date=date(2000, 1, 1), ped_work_start=date(2023, 9, 1))
    f.EmploymentFactory(educator=newcomer, organization=cast.school2, start_date=date(2023, 9, 1))
    login(client, cast.coordinator)

    response = drill(client, computed.campaign, part="denominator")

    assert counted == ["denominator", "numerator", "denominator"]
    people = response.context["people"]
    assert people["live"] == {"numerator": 2, "denominator": 4}
    assert people["page"].paginator.count == 4


def test_a_school_administrator_still_sees_the_own_school_only(client, cast, computed):
    login(client, cast.school1_admin)

    response = drill(client, computed.campaign, part="denominator", organization=cast.school2.pk)

    assert "Орлова" not in response.content.decode()


def region_campaign(cast, catalogue) -> Campaign:
    return Campaign(catalogue=catalogue, region=cast.region, municipality=None, period="2023/24")


def test_whose_scope_covers_the_area_of_a_campaign(cast, catalogue, campaign, other_coordinator):
    wide = region_campaign(cast, catalogue)
    elsewhere = f.UserFactory(username="region_b", role=Role.REGIONAL_OPERATOR, region=f.RegionFactory(code="99"))

    assert cards.covers(cast.regional_operator, wide)
    assert cards.covers(cast.regional_operator, campaign)
    assert cards.covers(cast.coordinator, campaign)
    assert cards.covers(cast.coordinator, wide, municipality=cast.municipality)
    assert not cards.covers(cast.coordinator, wide)  # the whole region is more than the municipality
    assert not cards.covers(cast.coordinator, wide, municipality=cast.other_municipality)
    assert not cards.covers(other_coordinator, campaign)
    assert not cards.covers(elsewhere, wide)
    assert not cards.covers(cast.school1_admin, campaign)
    assert not cards.covers(cast.teacher_user, campaign)
