"""`practice_author` and `org_practice` with the real catalogues (seed 002 criterion 5.5, seed 003 indicator
6.5); counted by hand."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.lib.predicates import PREDICATES
from metodist.monitoring import actions, catalogue, vocabulary
from metodist.monitoring.models import Level, ResultStatus
from metodist.monitoring.tests.builders import ON, PERIOD_START, make_campaign
from metodist.people.models import Educator
from metodist.practices.models import Level as Replication
from metodist.practices.models import Status
from metodist.testing import factories as f

from .conftest import practice


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    other_region = f.RegionFactory(name="Другая область", code="O")
    mun_a = f.MunicipalityFactory(region=region, name="Город А")
    school = f.OrganizationFactory(municipality=mun_a, short_name="Школа")
    school2 = f.OrganizationFactory(municipality=mun_a, short_name="Школа 2")
    elsewhere = f.OrganizationFactory(municipality=f.MunicipalityFactory(region=other_region), short_name="Далеко")
    people = {}
    for name, organization in [("А1", school), ("А2", school), ("А3", school), ("А4", school), ("А5", school),
                               ("Б1", school2)]:  # fmt: skip
        people[name] = f.EducatorFactory(last_name=name)
        f.EmploymentFactory(educator=people[name], organization=organization)
    p = people
    practice(school, [p["А1"], p["А2"]])  # municipal, accepted in the period: both authors counted
    practice(school, [p["А3"]], level=Replication.ORGANIZATION, decided_on=date(2024, 2, 1))  # not replicated
    practice(school2, [p["Б1"]], status=Status.REJECTED, level=Replication.REGIONAL)  # rejected
    practice(school2, [p["Б1"]], status=Status.UNDER_REVIEW, level=Replication.REGIONAL)  # not decided
    practice(school, [p["А4"]], level=Replication.REGIONAL, decided_on=date(2023, 8, 31))  # a day before
    practice(elsewhere, [p["А5"]], level=Replication.REGIONAL)  # another region's record
    return {"region": region, "mun_a": mun_a, "people": people}


def authors(world, **params) -> set[str]:
    ctx = vocabulary.Context(start=PERIOD_START, on=ON, region=world["region"].pk)
    condition = vocabulary.compile_terms([{"predicate": "practice_author", **params}], ctx)
    return set(Educator.objects.filter(condition).values_list("last_name", flat=True))


def test_predicates_are_connected_by_the_practices_module():
    assert PREDICATES["practice_author"].connected and PREDICATES["practice_author"].module == "Лучшие практики"
    assert PREDICATES["org_practice"].connected


def test_practice_author_counts_authors_of_replicated_practices_accepted_in_the_period(world):
    assert authors(world) == {"А1", "А2"}
    assert authors(world, level="organization") == {"А3"}


def row(code, file, world):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / file), world)
    actions.open_campaign(campaign, by=None)
    snapshot = actions.compute_snapshot(campaign)
    return snapshot.values.get(indicator__code=code, level=Level.MUNICIPALITY, breakdown="")


def test_seed_002_criterion_5_5_is_the_share_of_authors_of_replicated_practices(world):
    result = row("t1-5-5", "msnms-002.toml", world)

    # denominator: the six educators of the two schools; numerator А1, А2
    assert result.status == ResultStatus.OK
    assert (result.numerator, result.denominator, result.value) == (2, 6, Decimal("33.3"))


def test_seed_003_indicator_6_5_is_the_share_of_organizations_with_an_accepted_practice(world):
    result = row("e6-5", "msnms-003.toml", world)

    # the school has two accepted practices in the period, school 2 only a rejected and an open one
    assert (result.numerator, result.denominator, result.value) == (1, 2, Decimal("50.0"))


def test_a_period_without_decided_practices_has_no_data(world):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-002.toml"), world, period="2021/22",
                             start=date(2021, 9, 1), end=date(2022, 5, 31))  # fmt: skip
    actions.open_campaign(campaign, by=None)

    snapshot = actions.compute_snapshot(campaign)

    result = snapshot.values.get(indicator__code="t1-5-5", level=Level.MUNICIPALITY, breakdown="")
    assert result.status == ResultStatus.NO_DATA
