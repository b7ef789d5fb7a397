"""The predicates of the activity records with the real catalogues (seed 002 criteria 3.1, 3.3, 5.4, 5.6,
7.4, 7.5 and the card figure of 8.1; seed 003 indicator 6.6); counted by hand."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.activities.models import ExpertKind, ExpertLevel, RecordKind
from metodist.lib.predicates import PREDICATES
from metodist.monitoring import actions, catalogue, vocabulary
from metodist.monitoring.models import Level, ResultStatus
from metodist.monitoring.tests.builders import ON, PERIOD_START, make_campaign
from metodist.people.models import Educator
from metodist.testing import factories as f

from .conftest import activity, contract, expert

REGIONAL, MUNICIPAL = ExpertLevel.REGIONAL, ExpertLevel.MUNICIPAL


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    other_region = f.RegionFactory(name="Другая область", code="O")
    mun_a = f.MunicipalityFactory(region=region, name="Город А")
    school = f.OrganizationFactory(municipality=mun_a, short_name="Школа")
    elsewhere = f.OrganizationFactory(municipality=f.MunicipalityFactory(region=other_region), short_name="Далеко")
    p = {}
    for name in ("А1", "А2", "А3", "А4", "А5"):
        p[name] = f.EducatorFactory(last_name=name)
        f.EmploymentFactory(educator=p[name], organization=school)
    expert(p["А1"], school, ExpertKind.SUBJECT_COMMISSION, REGIONAL)  # open since 2023: counted everywhere
    expert(p["А2"], school, ExpertKind.TUTOR, REGIONAL, date(2023, 10, 1), date(2024, 3, 1))  # not a commission
    expert(p["А3"], school, ExpertKind.JURY, MUNICIPAL)  # a municipal jury
    expert(p["А4"], school, ExpertKind.JURY, REGIONAL, date(2022, 9, 1), date(2023, 8, 31))  # ended a day early
    expert(p["А5"], elsewhere, ExpertKind.JURY, REGIONAL)  # recorded by another region
    activity(RecordKind.BURNOUT_PROJECT, school, p["А1"], date(2024, 5, 31))  # the last day of the period
    activity(RecordKind.BURNOUT_PROJECT, school, p["А2"], date(2023, 6, 1), date(2023, 8, 31))  # before
    activity(RecordKind.SANATORIUM, school, p["А3"], date(2023, 11, 1), date(2023, 11, 21))
    activity(RecordKind.NETWORK_PROJECT, school, p["А4"], date(2023, 1, 1))  # open: still in the project
    activity(RecordKind.NETWORK_PROJECT, school, p["А5"], date(2024, 1, 1), date(2024, 12, 31))
    activity(RecordKind.TEACHER_CLASS, school, None, date(2023, 9, 1), date(2024, 5, 31))
    contract(school)  # in force: not yet graduated
    contract(school, graduated_on=date(2024, 2, 1), employed_on=date(2024, 3, 1), employer=school, educator=p["А5"])
    contract(elsewhere, graduated_on=date(2024, 2, 1), employed_on=date(2024, 3, 1), educator=p["А4"])
    return {"region": region, "mun_a": mun_a, "people": p}


def matching(world, **term) -> set[str]:
    ctx = vocabulary.Context(start=PERIOD_START, on=ON, region=world["region"].pk)
    return set(Educator.objects.filter(vocabulary.compile_terms([term], ctx)).values_list("last_name", flat=True))


def test_expert_is_connected_with_its_declared_parameter():
    predicate = PREDICATES["expert"]

    assert predicate.connected and predicate.module == "Экспертные роли"
    assert set(vocabulary.PENDING["expert"].params["level"].kind) <= set(predicate.params["level"].kind)


def test_expert_counts_roles_held_on_a_day_of_the_period_in_the_region(world):
    assert matching(world, predicate="expert", level="any") == {"А1", "А2", "А3"}
    assert matching(world, predicate="expert", level="regional") == {"А1", "А2"}
    assert matching(world, predicate="expert", level="regional", kind="commissions") == {"А1"}
    assert matching(world, predicate="expert", kind="active") == {"А2"}


def test_target_employed_counts_graduates_of_the_period_employed_in_the_region(world):
    assert matching(world, predicate="target_employed") == {"А5"}


@pytest.fixture
def rows(world):
    def computed(file):
        campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / file), world)
        actions.open_campaign(campaign, by=None)
        snapshot = actions.compute_snapshot(campaign)
        return {
            value.indicator.code: (value.numerator, value.denominator, value.value)
            for value in snapshot.values.filter(level=Level.MUNICIPALITY, breakdown="").select_related("indicator")
        }

    return computed


def test_seed_002_criteria_from_activity_records(rows):
    values = rows("msnms-002.toml")

    # five teachers of the school in every denominator
    assert values["t1-3-1"] == (1, 5, Decimal("20.0"))  # А1's club on the last day; А2's ended before
    assert values["t1-3-3"] == (1, 5, Decimal("20.0"))  # А3's sanatorium in November
    assert values["t1-5-6"] == (2, 5, Decimal("40.0"))  # А4 still in the project, А5 since January
    assert values["t1-5-4"] == (1, 5, Decimal("20.0"))  # А1 of a regional subject commission
    assert values["t2-7-4"] == (1, 1, Decimal("1"))  # a psychological-pedagogical class: «да»
    assert values["t2-7-5"] == (1, 1, Decimal("1"))  # two contracts of the municipality in force


def test_seed_003_indicator_6_6_counts_experts_of_every_level(rows):
    values = rows("msnms-003.toml")

    assert values["e6-6"] == (3, 5, Decimal("60.0"))  # А1, А2, А3


def test_a_region_without_expert_roles_has_no_data_for_the_experts(world):
    from metodist.activities.models import ExpertRole

    ExpertRole.objects.all().delete()
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-003.toml"), world)
    actions.open_campaign(campaign, by=None)

    value = actions.compute_snapshot(campaign).values.get(indicator__code="e6-6", level=Level.MUNICIPALITY,
                                                          breakdown="")  # fmt: skip

    assert value.status == ResultStatus.NO_DATA


def test_the_cards_show_the_records_figure_beside_the_reported_elements(world):
    from metodist.monitoring import cards
    from metodist.monitoring.models import CardSubmission

    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-002.toml"), world)
    actions.open_campaign(campaign, by=None)
    org_card = CardSubmission.objects.get(campaign=campaign, card__code="org")
    municipal_card = CardSubmission.objects.get(campaign=campaign, card__code="municipality")

    figures = {**cards.registry_figures(org_card), **cards.registry_figures(municipal_card)}

    counted = {code: figures[code].count for code in ("burnout_projects", "sanatorium", "network_projects",
                                                        "target_employed")}  # fmt: skip
    assert counted == {"burnout_projects": 1, "sanatorium": 1, "network_projects": 2, "target_employed": 1}
