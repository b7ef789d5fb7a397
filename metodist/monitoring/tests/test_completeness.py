"""A municipal value built from cards shows its completeness and is «предварительно» below the threshold
(campaign, else catalogue, else 80 %); dynamics are never drawn from a preliminary value.

The cast campaign (campaigns.py) expects «Карта ОО» from schools 1 and 2: one accepted card is 1 of 2 (50 %).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from metodist.monitoring import actions, catalogue, lifecycle
from metodist.monitoring.models import DEFAULT_COMPLETENESS_THRESHOLD, Level

from .builders import TEST_CATALOGUE, load_test_catalogue
from .campaigns import (  # noqa: F401 (fixtures)
    accepted,
    campaign_fixture,
    card_of,
    catalogue_fixture,
    login,
    open_cast_campaign,
)


def _sanatorium(snapshot, level=Level.MUNICIPALITY):
    return snapshot.values.get(indicator__code="sanatorium", level=level, breakdown="")


def _school1_reports(cast, campaign):
    accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.school1_admin)


def _school2_reports(cast, campaign):
    accepted(card_of(campaign, cast.school2), {"staff_total": "1", "sanatorium": "1"}, by=cast.school2_admin)


@pytest.mark.parametrize(
    ("reported", "expected", "threshold", "preliminary"),
    [(1, 2, 80, True), (4, 5, 80, False), (3, 4, 80, True), (2, 2, 100, False), (0, 3, 0, False)],
)
def test_preliminary_below_the_threshold(reported, expected, threshold, preliminary):
    completeness = {"reported": reported, "expected": expected}

    assert lifecycle.is_preliminary(completeness, Decimal(threshold)) is preliminary


def test_registry_values_without_cards_are_never_preliminary():
    assert lifecycle.is_preliminary({}, Decimal(80)) is False


def test_threshold_comes_from_the_campaign_else_the_catalogue_else_80(cast, campaign, tmp_path):
    assert campaign.threshold() == DEFAULT_COMPLETENESS_THRESHOLD == Decimal(80)
    head = '[catalogue]\ncode = "test"\n'
    load_test_catalogue(tmp_path, TEST_CATALOGUE.replace(head, head + "completeness_threshold = 95\n"))
    campaign.refresh_from_db()
    assert campaign.threshold() == Decimal(95)

    campaign.completeness_threshold = Decimal(50)

    assert campaign.threshold() == Decimal(50)


def test_catalogue_rejects_a_threshold_out_of_0_to_100(tmp_path):
    head = '[catalogue]\ncode = "test"\n'

    path = tmp_path / "test.toml"
    path.write_text(TEST_CATALOGUE.replace(head, head + "completeness_threshold = 120\n"), encoding="utf-8")

    with pytest.raises(catalogue.CatalogueError, match="completeness_threshold"):
        catalogue.read(path)


def test_half_of_the_cards_is_preliminary_all_of_them_is_not(cast, campaign):
    _school1_reports(cast, campaign)
    half = _sanatorium(actions.compute_snapshot(campaign))
    _school2_reports(cast, campaign)

    full = _sanatorium(actions.compute_snapshot(campaign))

    assert (half.completeness, half.preliminary) == ({"reported": 1, "expected": 2}, True)
    assert (full.completeness, full.preliminary) == ({"reported": 2, "expected": 2}, False)
    schools = actions.compute_snapshot(campaign).values.filter(indicator__code="sanatorium", level=Level.ORGANIZATION)
    assert [value.preliminary for value in schools] == [False, False]  # one card is complete in itself


def test_a_campaign_threshold_of_50_makes_half_of_the_cards_enough(cast, campaign):
    campaign.completeness_threshold = Decimal(50)
    campaign.save()
    _school1_reports(cast, campaign)

    assert _sanatorium(actions.compute_snapshot(campaign)).preliminary is False


def _next_year(cast, campaign):
    return open_cast_campaign(cast, campaign.catalogue, period="2024/25", start=campaign.period_end,
                              end=campaign.period_end.replace(year=2025))  # fmt: skip


def test_no_dynamics_from_a_preliminary_previous_value(cast, campaign):
    _school1_reports(cast, campaign)
    actions.compute_snapshot(campaign)
    next_year = _next_year(cast, campaign)
    _school1_reports(cast, next_year)
    _school2_reports(cast, next_year)

    value = _sanatorium(actions.compute_snapshot(next_year))

    assert (value.preliminary, value.previous_value) == (False, None)


def test_no_dynamics_for_a_preliminary_value(cast, campaign):
    _school1_reports(cast, campaign)
    _school2_reports(cast, campaign)
    actions.compute_snapshot(campaign)
    next_year = _next_year(cast, campaign)
    _school1_reports(cast, next_year)

    value = _sanatorium(actions.compute_snapshot(next_year))

    assert (value.preliminary, value.previous_value) == (True, None)


def test_dynamics_from_a_complete_previous_value(cast, campaign):
    _school1_reports(cast, campaign)
    _school2_reports(cast, campaign)
    actions.compute_snapshot(campaign)
    next_year = _next_year(cast, campaign)
    _school1_reports(cast, next_year)
    _school2_reports(cast, next_year)

    value = _sanatorium(actions.compute_snapshot(next_year))

    # 2 of 3 pedagogical workers reported in both years
    assert (value.value, value.previous_value) == (Decimal("66.7"), Decimal("66.7"))


def test_results_page_marks_the_preliminary_value(client, cast, campaign):
    _school1_reports(cast, campaign)
    actions.compute_snapshot(campaign, by=cast.coordinator)
    login(client, cast.coordinator)

    response = client.get(reverse("monitoring:results", args=[campaign.pk]))

    row = next(row for row in response.context["rows"] if row.indicator.code == "sanatorium")
    assert row.preliminary and row.completeness == "карт: 1 из 2 (50,0\u00a0%), предварительно"
    assert '<span class="badge text-bg-warning">предварительно</span>' in response.content.decode()


def test_drill_down_shows_the_completeness_of_the_value(client, cast, campaign):
    _school1_reports(cast, campaign)
    actions.compute_snapshot(campaign, by=cast.coordinator)
    login(client, cast.coordinator)

    response = client.get(reverse("monitoring:drilldown", args=[campaign.pk, "sanatorium"]))

    assert 'id="completeness">карт: 1 из 2 (50,0\u00a0%), предварительно' in response.content.decode()
