"""The `diagnosed` predicate and every catalogue indicator that uses it, computed over a small cast by hand.

A procedure counts in the reporting period it ended in (ctx.start ≤ ends_on ≤ ctx.on), and only if it was held
in the campaign's region.

The cast, in «Город А» (school 1), period 01.09.2023 — 31.05.2024:
  А1 teacher — federal procedure ended 30.11.2023 (in the period);
  А2 teacher — regional, ended 31.03.2024 (in the period);
  А3 teacher — federal ended 30.06.2023 (before the period) and a federal one of another region in the period;
  А4 teacher — regional ended 15.06.2024 (after the period);
  А5 teacher — municipal ended 01.02.2024 and a self-diagnosis ended 01.04.2024 (both in the period);
  А6 psychologist (pedagogical, not a teacher) — regional ended 31.03.2024;
  А7 teacher — no diagnostics.
Teachers: А1–А5, А7 (6); pedagogical workers: А1–А7 (7).
"""

from datetime import date
from decimal import Decimal

import pytest

from metodist.diagnostics.models import DiagnosticLevel
from metodist.lib.predicates import PREDICATES
from metodist.monitoring import actions, catalogue, vocabulary
from metodist.monitoring.models import Level
from metodist.monitoring.tests.builders import ON, PERIOD_START, make_campaign
from metodist.people.models import Educator
from metodist.testing import factories as f
from metodist.testing import growth as g


@pytest.fixture
def area(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    other_region = f.RegionFactory(name="Соседняя область", code="S")
    mun = f.MunicipalityFactory(region=region, name="Город А")
    school = f.OrganizationFactory(municipality=mun, short_name="Школа 1")
    people = {}
    for name in ("А1", "А2", "А3", "А4", "А5", "А7"):
        people[name] = f.EducatorFactory(last_name=name)
        f.EmploymentFactory(educator=people[name], organization=school, position=f.position("teacher"))
    people["А6"] = f.EducatorFactory(last_name="А6")
    f.EmploymentFactory(educator=people["А6"], organization=school, position=f.position("psychologist"))

    def held(level, ends_on, who, where=region):
        diagnostic = g.diagnostic(where, level=level, ends_on=ends_on)
        for name in who:
            g.results(diagnostic, people[name], {"subject.content": 7})

    held(DiagnosticLevel.FEDERAL, date(2023, 11, 30), ["А1"])
    held(DiagnosticLevel.REGIONAL, date(2024, 3, 31), ["А2", "А6"])
    held(DiagnosticLevel.FEDERAL, date(2023, 6, 30), ["А3"])
    held(DiagnosticLevel.FEDERAL, date(2024, 2, 28), ["А3"], where=other_region)
    held(DiagnosticLevel.REGIONAL, date(2024, 6, 15), ["А4"])
    held(DiagnosticLevel.MUNICIPAL, date(2024, 2, 1), ["А5"])
    held(DiagnosticLevel.SELF, date(2024, 4, 1), ["А5"])
    return {"region": region, "mun_a": mun, "other_region": other_region}


def _diagnosed(level, region=None) -> set[str]:
    ctx = vocabulary.Context(start=PERIOD_START, on=ON, region=region)
    condition = vocabulary.compile_terms([{"predicate": "diagnosed", "level": level}], ctx)
    return set(Educator.objects.filter(condition).values_list("last_name", flat=True))


def test_diagnosed_is_connected_with_the_declared_parameters():
    predicate = PREDICATES["diagnosed"]

    assert predicate.connected
    assert predicate.params["level"].kind == vocabulary.LEVELS + ("any",)


def test_diagnosed_counts_procedures_that_ended_in_the_period_of_the_region(area):
    region = area["region"].pk

    assert _diagnosed("federal", region) == {"А1"}
    assert _diagnosed("federal") == {"А1", "А3"}  # unbounded: another region's procedure counts too
    assert _diagnosed("regional", region) == {"А2", "А6"}
    assert _diagnosed("municipal", region) == {"А5"}
    assert _diagnosed("self", region) == {"А5"}
    assert _diagnosed("organization", region) == set()
    assert _diagnosed("any", region) == {"А1", "А2", "А5", "А6"}


def _snapshot(code, area):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / f"{code}.toml"), area)
    actions.open_campaign(campaign, by=None)
    return actions.compute_snapshot(campaign)


def _parts(snapshot, code):
    row = snapshot.values.get(indicator__code=code, level=Level.MUNICIPALITY, breakdown="")
    return row.numerator, row.denominator, row.value


def test_seed_002_criteria_1_1_to_1_3(area):
    snapshot = _snapshot("msnms-002", area)

    # 1.1 teachers through federal procedures: А1 of 6 teachers
    assert _parts(snapshot, "t1-1-1") == (1, 6, Decimal("16.7"))
    # 1.2 pedagogical workers through the regional diagnostic: А2, А6 of 7
    assert _parts(snapshot, "t1-1-2") == (2, 7, Decimal("28.6"))
    # 1.3 self-diagnosis organized in the municipality or the organization: А5 of 7
    assert _parts(snapshot, "t1-1-3") == (1, 7, Decimal("14.3"))


def test_seed_001_indicator_3_1_1_counts_a_diagnostic_of_any_level(area):
    snapshot = _snapshot("msnms-001", area)

    # А1 federal, А2 and А6 regional, А5 municipal and self: 4 of 7 pedagogical workers
    assert _parts(snapshot, "m3-1-1") == (4, 7, Decimal("57.1"))


def test_seed_000_indicator_2_1_counts_the_municipal_diagnostic(area):
    snapshot = _snapshot("msnms-000", area)

    assert _parts(snapshot, "p2-1") == (1, 7, Decimal("14.3"))


def test_a_period_without_any_procedure_of_the_region_says_no_data_never_zero(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    mun = f.MunicipalityFactory(region=region, name="Город А")
    school = f.OrganizationFactory(municipality=mun)
    teacher = f.EducatorFactory(last_name="Б1")
    f.EmploymentFactory(educator=teacher, organization=school, position=f.position("teacher"))
    # a procedure of the region, but of the previous year: the module holds nothing for this period
    g.results(g.diagnostic(region, ends_on=date(2023, 3, 31)), teacher, {"subject.content": 7})
    area = {"region": region, "mun_a": mun}

    before = _snapshot("msnms-002", area)
    g.diagnostic(region, level=DiagnosticLevel.FEDERAL, ends_on=date(2023, 11, 30))  # held, nobody of ours took it
    after = _snapshot("msnms-002", area)

    row = before.values.get(indicator__code="t1-1-1", level=Level.MUNICIPALITY, breakdown="")
    assert (row.status, row.value) == ("no_data", None)
    assert row.reason == "нет данных: за отчётный период в модуле нет записей (Диагностика профессиональных дефицитов)"
    assert _parts(after, "t1-1-1") == (0, 1, Decimal("0.0"))
