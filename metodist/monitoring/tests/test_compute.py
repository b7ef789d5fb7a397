"""Indicator computation on a hand-built world (see builders.py); every expectation computed by hand."""

from decimal import Decimal

import pytest

from metodist.monitoring import actions
from metodist.monitoring.compute import members, share
from metodist.monitoring.models import CardSubmission, Level, ResultStatus, TargetStatus

from .builders import build_world, load_test_catalogue, make_campaign


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def campaign(world, tmp_path):
    catalogue = load_test_catalogue(tmp_path)
    campaign = make_campaign(catalogue, world)
    actions.open_campaign(campaign, by=None)
    return campaign


def value(snapshot, code, level=Level.MUNICIPALITY, **where):
    return snapshot.values.get(indicator__code=code, level=level, breakdown=where.pop("breakdown", ""), **where)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(1, 3, "33.3"), (2, 3, "66.7"), (1, 8, "12.5"), (1, 16, "6.3"), (0, 5, "0.0"), (42, 757, "5.5"), (39, 696, "5.6")],
)
def test_share_rounds_half_up_to_one_decimal(numerator, denominator, expected):
    assert share(numerator, denominator) == Decimal(expected)


def test_young_share_counts_pedagogical_workers_of_the_campaign_municipality_only(world, campaign):
    snapshot = actions.compute_snapshot(campaign)

    municipal = value(snapshot, "young")
    school = value(snapshot, "young", Level.ORGANIZATION, organization=world["school"])
    kindergarten = value(snapshot, "young", Level.ORGANIZATION, organization=world["kindergarten"])

    # pedagogical in A: Е1, Е2, Е3 (school), Е5, Е6 (kindergarten); the head Е4 is not; Е7 is in B
    assert (municipal.numerator, municipal.denominator, municipal.value) == (1, 5, Decimal("20.0"))
    assert municipal.target_status == TargetStatus.MET  # ≥ 10
    assert (school.numerator, school.denominator, school.value) == (1, 3, Decimal("33.3"))
    assert (kindergarten.numerator, kindergarten.denominator, kindergarten.value) == (0, 2, Decimal("0.0"))


def test_profile_share_with_subject_breakdown_and_no_data_for_a_kindergarten(world, campaign):
    snapshot = actions.compute_snapshot(campaign)

    municipal = value(snapshot, "profile")
    kindergarten = value(snapshot, "profile", Level.ORGANIZATION, organization=world["kindergarten"])
    subjects = {
        row.breakdown: (row.numerator, row.denominator, row.value)
        for row in snapshot.values.filter(indicator__code="profile").exclude(breakdown="")
    }

    assert (municipal.numerator, municipal.denominator, municipal.value) == (2, 3, Decimal("66.7"))
    assert municipal.target_status == TargetStatus.NOT_MET  # < 75
    assert kindergarten.status == ResultStatus.NO_DATA
    assert kindergarten.value is None
    assert "знаменатель равен 0" in kindergarten.reason
    assert subjects == {
        "subject:mathematics": (1, 2, Decimal("50.0")),  # Е1 in profile, Е2 not
        "subject:physics": (0, 1, Decimal("0.0")),
        "subject:russian": (1, 1, Decimal("100.0")),
    }


def test_part_time_load_staffing_and_organization_share(world, campaign):
    snapshot = actions.compute_snapshot(campaign)

    part_time = value(snapshot, "part_time")
    load = value(snapshot, "load27")
    staffing = value(snapshot, "staffing")
    staffing_school = value(snapshot, "staffing", Level.ORGANIZATION, organization=world["school"])
    schools30 = value(snapshot, "schools30")

    assert (part_time.numerator, part_time.denominator, part_time.value) == (1, 5, Decimal("20.0"))
    assert part_time.target_status == TargetStatus.NOT_MET  # target: less than 10
    assert (load.numerator, load.denominator, load.value) == (2, 3, Decimal("66.7"))  # Е2 30 h, Е3 27 h
    assert load.target_status == TargetStatus.NO_TARGET
    assert (staffing.numerator, staffing.denominator, staffing.value) == (12, 15, Decimal("80.0"))
    assert (staffing_school.numerator, staffing_school.denominator, staffing_school.value) == (9, 11, Decimal("81.8"))
    assert (schools30.numerator, schools30.denominator, schools30.value) == (1, 1, Decimal("100.0"))


def test_indicator_of_a_module_not_yet_built_says_so(campaign):
    snapshot = actions.compute_snapshot(campaign)

    mentors = value(snapshot, "mentors")

    assert mentors.status == ResultStatus.NOT_CONNECTED
    assert mentors.value is None
    assert mentors.reason == "нет данных: модуль ещё не подключён (Модуль, которого нет)"


def test_card_values_count_only_when_accepted_with_registry_denominator(world, campaign):
    school_card = CardSubmission.objects.get(campaign=campaign, organization=world["school"])
    actions.save_card_values(school_card, {"staff_total": "3", "sanatorium": "2"}, by=None)
    actions.submit_card(school_card, by=None, errors=[])
    before_acceptance = actions.compute_snapshot(campaign)
    actions.accept_card(school_card, by=None)

    after = actions.compute_snapshot(campaign)

    waiting = value(before_acceptance, "sanatorium")
    assert waiting.status == ResultStatus.AWAITING_CARDS
    assert waiting.completeness == {"reported": 0, "expected": 2}
    counted = value(after, "sanatorium")
    assert (counted.numerator, counted.denominator, counted.value) == (2, 3, Decimal("66.7"))
    assert counted.completeness == {"reported": 1, "expected": 2}
    act = value(after, "act")
    assert act.status == ResultStatus.AWAITING_CARDS
    assert act.reason == "нет данных: ожидаются информационные карты (0 из 1)"


def test_an_accepted_card_of_an_organization_closed_later_counts_in_neither_part(world, campaign):
    school_card = CardSubmission.objects.get(campaign=campaign, organization=world["school"])
    actions.save_card_values(school_card, {"staff_total": "3", "sanatorium": "2"}, by=None)
    actions.submit_card(school_card, by=None, errors=[])
    actions.accept_card(school_card, by=None)
    world["school"].is_active = False
    world["school"].save(update_fields=["is_active"])

    snapshot = actions.compute_snapshot(campaign)

    # the school is no longer among the campaign's organizations: its 2 of 3 leave the numerator and the
    # denominator together, and only the kindergarten's card is still expected (not yet accepted)
    sanatorium = value(snapshot, "sanatorium")
    assert (sanatorium.status, sanatorium.numerator, sanatorium.denominator) == (
        ResultStatus.AWAITING_CARDS,
        None,
        None,
    )
    assert sanatorium.completeness == {"reported": 0, "expected": 1}
    assert not snapshot.values.filter(organization=world["school"]).exists()


def test_municipal_presence_from_an_accepted_card(world, campaign):
    card = CardSubmission.objects.get(campaign=campaign, municipality=world["mun_a"])
    actions.save_card_values(card, {"act_young": True}, by=None)
    actions.submit_card(card, by=None, errors=[])
    actions.accept_card(card, by=None)

    snapshot = actions.compute_snapshot(campaign)

    act = value(snapshot, "act")
    assert (act.status, act.value) == (ResultStatus.OK, Decimal("1"))


def test_count_indicator_and_region_equals_sum_of_municipalities(world, campaign):
    snapshot = actions.compute_snapshot(campaign)

    young_count = value(snapshot, "young_count")
    region = value(snapshot, "young", Level.REGION)

    assert (young_count.value, young_count.status) == (1, ResultStatus.OK)
    assert (region.numerator, region.denominator) == (1, 5)  # the campaign covers municipality A only


def test_recomputing_the_same_data_gives_the_same_numbers_in_a_new_snapshot(campaign):
    first = actions.compute_snapshot(campaign)
    second = actions.compute_snapshot(campaign)

    def numbers(snapshot):
        return sorted(
            snapshot.values.values_list(
                "indicator__code", "level", "organization_id", "municipality_id", "breakdown", "numerator",
                "denominator", "value", "status",
            )
        )  # fmt: skip

    assert first.pk != second.pk
    assert numbers(first) == numbers(second)
    assert first.catalogue_version == campaign.catalogue.version


def test_dynamics_compare_with_the_previous_period(world, campaign, tmp_path):
    actions.compute_snapshot(campaign)
    next_year = make_campaign(campaign.catalogue, world, period="2024/25", start=campaign.period_end,
                              end=campaign.period_end.replace(year=2025))  # fmt: skip

    snapshot = actions.compute_snapshot(next_year)

    # on 2025-05-31 Е1 has 2 full years of work and is still young: 1 of 5 again
    young = value(snapshot, "young")
    assert young.previous_value == Decimal("20.0")
    assert young.value == Decimal("20.0")


def test_drill_down_lists_exactly_the_people_counted(world, campaign):
    profile = campaign.catalogue.indicators.get(code="profile")

    numerator = members(campaign, profile, "numerator")
    denominator = members(campaign, profile, "denominator", organization=world["school"])

    assert [e.last_name for e in numerator] == ["Е1", "Е3"]
    assert [e.last_name for e in denominator] == ["Е1", "Е2", "Е3"]
    assert members(campaign, campaign.catalogue.indicators.get(code="mentors"), "numerator") is None
