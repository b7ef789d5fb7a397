"""The catalogue indicators that read trainings (`trained`), computed on the small world of the monitoring
tests (metodist/monitoring/tests/builders.py) and counted by hand.

Municipality A on 31.05.2024 (period 01.09.2023–31.05.2024): pedagogical Е1, Е2, Е3 (school X; teachers) and
Е5, Е6 (kindergarten Y; Е3 also works there part-time), the head Е4; Е2 teaches mathematics and physics out of
profile; Е7 is in municipality B.
"""

from datetime import date
from decimal import Decimal

import pytest

from metodist.monitoring import actions, catalogue
from metodist.monitoring.models import Level, ResultStatus, TargetStatus
from metodist.monitoring.tests.builders import build_world, make_campaign
from metodist.monitoring.tests.test_catalogues import path_of
from metodist.testing import growth as g
from metodist.training.models import Review, TrainingResult, TrainingSource


@pytest.fixture
def world(db):
    world = build_world()
    region = world["region"]

    def course(educator, ends_on, program=None, **fields):
        return g.training(world[educator], program, ends_on=ends_on, region=region, **fields)

    fgos = g.program(title="ФГОС и функциональная грамотность", topics=["fgos", "functional_literacy"],
                     in_federal_registry=True)  # fmt: skip
    deficits = g.program(title="По итогам диагностики", on_deficit_diagnostics=True)
    retraining = g.program(title="Учитель физики", kind="pp", hours=300, topics=["subject_methods"])
    tech = g.program(title="Физика: технологический суверенитет", topics=["tech_sovereignty"])
    digital = g.program(title="Цифровая среда", topics=["digital"], on_deficit_diagnostics=True)
    inclusive = g.program(title="Обучение детей с ОВЗ", topics=["inclusive"])
    preschool = g.program(title="Качество дошкольного образования", topics=["preschool_quality"],
                          on_routes=True, for_municipal_needs=True)  # fmt: skip
    management = g.program(title="Управление ОО", topics=["management"], for_managers=True)

    course("e1", date(2024, 3, 1), fgos)
    course("e1", date(2024, 5, 1), deficits)
    course("e2", date(2024, 4, 10), retraining)
    course("e2", date(2022, 6, 15), tech)  # before the period, within the three years of 9.15
    course("e3", date(2023, 8, 31), digital)  # a day before the period
    course("e3", date(2024, 2, 1), inclusive, source=TrainingSource.REQUEST, review=Review.PENDING)
    course("e3", date(2024, 2, 1), inclusive, source=TrainingSource.REQUEST, review=Review.REJECTED)
    course("e3", date(2024, 4, 1), inclusive, result=TrainingResult.NOT_COMPLETED)
    course("e5", date(2023, 9, 1), preschool)  # the first day of the period
    course("e6", date(2024, 5, 31), title="Курс вне каталога", provider="Другой центр", hours=24)
    course("e4", date(2024, 1, 10), management)
    course("e7", date(2024, 1, 1), fgos)  # municipality B
    return world


def computed(world, code):
    campaign = make_campaign(catalogue.load(path_of(code)), world)
    actions.open_campaign(campaign, by=None)
    return actions.compute_snapshot(campaign)


def figures(snapshot, codes, breakdown=""):
    rows = {row.indicator.code: row for row in snapshot.values.filter(level=Level.MUNICIPALITY, breakdown=breakdown)
            .select_related("indicator")}  # fmt: skip
    return {code: (rows[code].numerator, rows[code].denominator, rows[code].value) for code in codes}


def test_the_criteria_of_seed_002_that_read_trainings(world):
    snapshot = computed(world, "msnms-002")

    assert figures(snapshot, ["t2-7-1", "t3-9-1", "t3-9-2", "t3-9-3", "t3-9-4", "t3-9-5", "t3-9-6", "t3-9-8",
                              "t3-9-9", "t3-9-10", "t3-9-12", "t3-9-13", "t3-9-14", "t3-9-15", "p-11"]) == {
        # Е2 — the only one teaching out of profile — completed the retraining
        "t2-7-1": (1, 1, Decimal("100.0")),
        # ПК in the period: Е1, Е5 (on the first day), Е6 (a course outside the catalogue); not Е2 (ПП), not Е3
        # (a day early; pending, rejected and not completed); Е4 is not pedagogical
        "t3-9-1": (3, 5, Decimal("60.0")),
        "t3-9-2": (1, 5, Decimal("20.0")),  # Е1's program is in the federal registry
        "t3-9-3": (1, 3, Decimal("33.3")),  # of Е1, Е2, Е3 in the general school
        "t3-9-4": (0, 5, Decimal("0")),  # Е3's digital course ended before the period
        "t3-9-5": (1, 3, Decimal("33.3")),  # teachers Е1, Е2, Е3
        "t3-9-6": (0, 5, Decimal("0")),
        "t3-9-8": (0, 5, Decimal("0")),
        "t3-9-9": (0, 5, Decimal("0")),  # Е2's subject course is a ПП, not a ПК
        "t3-9-10": (0, 5, Decimal("0")),  # Е3's request is not approved
        "t3-9-12": (0, 5, Decimal("0")),
        "t3-9-13": (0, 5, Decimal("0")),
        "t3-9-14": (1, 3, Decimal("33.3")),  # Е5 of Е3, Е5, Е6 of the kindergarten
        "t3-9-15": (1, 2, Decimal("50.0")),  # Е2 (2022, within three years) of the maths teachers Е1, Е2
        "p-11": (3, 5, Decimal("60.0")),  # as 9.1, against «не менее 30 %»
    }  # fmt: skip
    chosen = ["t2-7-1", "p-11", "t3-9-7", "t3-9-11"]
    rows = snapshot.values.filter(level=Level.MUNICIPALITY, breakdown="", indicator__code__in=chosen)
    statuses = {row.indicator.code: (row.status, row.target_status) for row in rows}
    assert statuses == {
        "t2-7-1": (ResultStatus.OK, TargetStatus.MET),
        "p-11": (ResultStatus.OK, TargetStatus.MET),
        # nobody works in a ШНОР / ШССУ or as a pedagogue of additional education: no denominator
        "t3-9-7": (ResultStatus.NO_DATA, TargetStatus.NO_TARGET),
        "t3-9-11": (ResultStatus.NO_DATA, TargetStatus.NO_TARGET),
    }


def test_the_technological_sovereignty_criterion_by_subject(world):
    snapshot = computed(world, "msnms-002")

    rows = snapshot.values.filter(level=Level.MUNICIPALITY, indicator__code="t3-9-15").exclude(breakdown="")

    by_subject = {row.breakdown: (row.numerator, row.denominator) for row in rows}
    assert by_subject == {"subject:mathematics": (1, 2), "subject:physics": (1, 1)}


def test_the_indicators_of_seeds_001_and_003_that_read_trainings(world):
    first, third = computed(world, "msnms-001"), computed(world, "msnms-003")

    assert figures(first, ["m3-1-3", "m3-1-4", "m3-1-5"]) == {
        # of the four pedagogical people who completed any course (Е1, Е2, Е5, Е6), Е1 took one developed on the
        # basis of the diagnostics
        "m3-1-3": (1, 4, Decimal("25.0")),
        "m3-1-4": (1, 5, Decimal("20.0")),  # Е5's program was developed on the basis of routes
        "m3-1-5": (1, 5, Decimal("20.0")),  # and for the municipality's needs
    }
    # all six educators of A (with the head Е4): Е1, Е2, Е4, Е5, Е6 trained (ПК or ПП)
    assert figures(third, ["e6-1"]) == {"e6-1": (5, 6, Decimal("83.3"))}
