"""Analytics: the heat map (competency × subject / organization), the risk zone and the calibration of
self-assessment, with hand-computed figures, and who must not see them."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.diagnostics import analytics, selfcheck
from metodist.diagnostics.models import DiagnosticLevel
from metodist.testing import growth as g
from metodist.testing import selfcheck as s

ON = date(2025, 1, 15)


@pytest.fixture
def measured(cast):
    """A regional diagnostic out of 10, threshold 50 %:
    teacher (school 1, mathematics): lesson 4 (deficit), formative 8;
    mentor (school 1, physics): lesson 9, formative 3 (deficit);
    school 2 educator (no subject): lesson 2, formative 2, psy.age 1 (three deficits);
    other educator (school 3, another municipality): lesson 1 (deficit)."""
    regional = g.diagnostic(cast.region, level=DiagnosticLevel.REGIONAL, ends_on=date(2024, 11, 30))
    g.results(regional, cast.teacher, {"methods.lesson": 4, "assess.formative": 8})
    g.results(regional, cast.mentor_educator, {"methods.lesson": 9, "assess.formative": 3})
    g.results(regional, cast.school2_educator, {"methods.lesson": 2, "assess.formative": 2, "psy.age": 1})
    g.results(regional, cast.other_educator, {"methods.lesson": 1})
    return regional


def _cells(heat_map):
    names = dict(heat_map.columns)
    return {(code, names[column]): (cell.deficient, cell.diagnosed) for (code, column), cell in heat_map.cells.items()}


def test_the_heat_map_by_organization_counts_diagnosed_people_and_those_with_an_open_deficit(cast, measured):
    heat_map = analytics.heat_map(cast.coordinator, analytics.Filters(on=ON), by="organization")

    assert _cells(heat_map) == {
        ("methods.lesson", "Школа № 1"): (1, 2),
        ("methods.lesson", "Школа № 2"): (1, 1),
        ("assess.formative", "Школа № 1"): (1, 2),
        ("assess.formative", "Школа № 2"): (1, 1),
        ("psy.age", "Школа № 2"): (1, 1),
    }
    assert heat_map.cells[("methods.lesson", cast.school1.pk)].share.percent == Decimal("50.0")
    assert heat_map.cells[("methods.lesson", cast.school1.pk)].css == "heat-4"
    assert [code for code, _ in heat_map.rows] == ["methods.lesson", "psy.age", "assess.formative"]


def test_the_heat_map_by_subject_and_a_later_measurement_closing_a_deficit(cast, measured):
    later = g.diagnostic(cast.region, level=DiagnosticLevel.MUNICIPAL, ends_on=date(2024, 12, 20))
    g.results(later, cast.teacher, {"methods.lesson": 7})

    heat_map = analytics.heat_map(cast.coordinator, analytics.Filters(on=ON), by="subject")

    # the teacher's lesson deficit of November is superseded by December's 70 %; she is counted once
    assert _cells(heat_map) == {
        ("methods.lesson", "Математика"): (0, 1),
        ("assess.formative", "Математика"): (0, 1),
        ("methods.lesson", "Физика"): (0, 1),
        ("assess.formative", "Физика"): (1, 1),
    }


def test_the_level_filter_keeps_only_that_levels_procedures(cast, measured):
    filters = analytics.Filters(on=ON, level=DiagnosticLevel.FEDERAL)

    assert analytics.heat_map(cast.coordinator, filters, by="organization").cells == {}


@pytest.mark.parametrize(
    ("who", "columns"),
    [
        ("school1_admin", {"Школа № 1"}),
        ("school2_admin", {"Школа № 2"}),
        ("regional_operator", {"Школа № 1", "Школа № 2", "Школа № 3"}),
    ],
)
def test_each_role_sees_the_organizations_of_its_scope_only(cast, measured, who, columns):
    heat_map = analytics.heat_map(getattr(cast, who), analytics.Filters(on=ON), by="organization")

    assert {name for _, name in heat_map.columns} == columns


def test_another_municipalitys_coordinator_sees_nothing_of_this_one(cast, measured):
    from metodist.accounts.models import Role
    from metodist.testing import factories as f

    stranger = f.UserFactory(username="m-coordinator", role=Role.COORDINATOR, municipality=cast.other_municipality)

    heat_map = analytics.heat_map(stranger, analytics.Filters(on=ON), by="organization")

    assert {name for _, name in heat_map.columns} == {"Школа № 3"}
    assert analytics.open_deficit_counts(stranger, analytics.Filters(on=ON)) == ([(cast.other_educator.pk, 1)], 1)


def test_the_risk_zone_orders_people_by_open_deficits_and_finds_where_they_concentrate(cast, measured):
    filters = analytics.Filters(on=ON)

    counts, total = analytics.open_deficit_counts(cast.coordinator, filters)
    places = analytics.concentration(cast.coordinator, filters)

    assert counts == sorted(
        [(cast.school2_educator.pk, 3), (cast.teacher.pk, 1), (cast.mentor_educator.pk, 1)], key=lambda r: (-r[1], r[0])
    )
    assert total == 3
    assert analytics.open_deficit_counts(cast.coordinator, filters, limit=1, offset=1) == (counts[1:2], 3)
    # only the school 2 educator has 3 open deficits: 1 of the 1 diagnosed there
    assert [(p.organization, p.at_risk, p.diagnosed, p.share.percent) for p in places] == [
        ("Школа № 2", 1, 1, Decimal("100.0"))
    ]
    assert analytics.concentration(cast.school1_admin, filters) == []


@pytest.fixture
def calibrated(cast, measured):
    """Self-assessment on 0–3, two statements each: teacher lesson 3+3 = 100 %, formative 2+1 = 50 %;
    mentor lesson 3+2 = 83.33 %, formative 3+3 = 100 %."""
    questionnaire = s.questionnaire(cast, {"methods.lesson": 2, "assess.formative": 2})
    for educator, user, values in (
        (cast.teacher, cast.teacher_user, {"methods.lesson": [3, 3], "assess.formative": [2, 1]}),
        (cast.mentor_educator, cast.mentor_user, {"methods.lesson": [3, 2], "assess.formative": [3, 3]}),
    ):
        selfcheck.submit(questionnaire, educator, s.answers(questionnaire, values), version=None, on=ON, by=user)
    return questionnaire


def test_the_calibration_is_the_mean_gap_between_self_and_external_percent_per_competency(cast, calibrated):
    gaps = analytics.calibration(cast.methodologist, analytics.Filters(on=ON))

    # lesson: teacher 100 − 40 = +60, mentor 83.33 − 90 = −6.67 → mean +26.7 (self 91.7, external 65.0)
    # formative: teacher 50 − 80 = −30, mentor 100 − 30 = +70 → mean +20.0 (self 75.0, external 55.0)
    assert [(g.code, g.people, g.gap, g.self_percent, g.external_percent, g.css) for g in gaps] == [
        ("methods.lesson", 2, Decimal("26.7"), Decimal("91.7"), Decimal("65.0"), "calib-high"),
        ("assess.formative", 2, Decimal("20.0"), Decimal("75.0"), Decimal("55.0"), "calib-high"),
    ]
    assert all(gap.few for gap in gaps)


def test_an_individuals_own_gap(cast, calibrated):
    gaps = analytics.own_gaps(cast.teacher.pk, ON)

    assert [(g.code, g.gap) for g in gaps] == [
        ("methods.lesson", Decimal("60.0")),
        ("assess.formative", Decimal("-30.0")),
    ]
    assert analytics.own_gaps(cast.school2_educator.pk, ON) == []


@pytest.mark.parametrize(
    ("who", "sees", "calibrates"),
    [
        ("methodologist", True, True),
        ("coordinator", True, False),
        ("regional_operator", True, False),
        ("school1_admin", True, False),
        ("teacher_user", False, False),
        ("mentor_user", False, False),
    ],
)
def test_who_may_see_the_analytics_and_the_calibration(cast, who, sees, calibrates):
    user = getattr(cast, who)

    assert (analytics.can_see(user), analytics.can_calibrate(user)) == (sees, calibrates)


def test_the_regional_operator_reads_the_heat_map_by_municipality(cast, measured):
    heat_map = analytics.heat_map(cast.regional_operator, analytics.Filters(on=ON), by="municipality")

    # Город N: lesson 2 of 3 (teacher, school 2 educator; the mentor has none); Город M: 1 of 1
    assert _cells(heat_map)[("methods.lesson", "Город N")] == (2, 3)
    assert _cells(heat_map)[("methods.lesson", "Город M")] == (1, 1)


def test_a_block_deficit_is_a_row_of_the_block_diagnosed_through_its_competencies(cast):
    from metodist.diagnostics.models import RuleBasis

    block_rule = g.diagnostic(cast.region, rule_basis=RuleBasis.BLOCK)
    # subject block: (2 + 3) / 20 = 25 % < 50 %: a deficit of the block, none of its competencies
    g.results(block_rule, cast.teacher, {"subject.content": 2, "subject.tasks": 3})

    heat_map = analytics.heat_map(cast.coordinator, analytics.Filters(on=ON), by="subject")

    assert _cells(heat_map) == {
        ("subject", "Математика"): (1, 1),
        ("subject.content", "Математика"): (0, 1),
        ("subject.tasks", "Математика"): (0, 1),
    }


def test_a_later_result_of_a_level_filtered_out_still_closes_the_deficit(cast, measured):
    later = g.diagnostic(cast.region, level=DiagnosticLevel.MUNICIPAL, ends_on=date(2024, 12, 20))
    g.results(later, cast.teacher, {"methods.lesson": 8})

    heat_map = analytics.heat_map(
        cast.coordinator, analytics.Filters(on=ON, level=DiagnosticLevel.REGIONAL), by="organization"
    )

    # as Deficit.objects.open: the teacher's regional lesson deficit is superseded by December's municipal 80 %
    assert _cells(heat_map)[("methods.lesson", "Школа № 1")] == (0, 2)
    # …but not on a day before that procedure ended
    earlier = analytics.heat_map(cast.coordinator, analytics.Filters(on=date(2024, 12, 10)), by="organization")
    assert _cells(earlier)[("methods.lesson", "Школа № 1")] == (1, 2)
