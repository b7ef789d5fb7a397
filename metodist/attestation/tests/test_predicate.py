"""The `attested` predicate and seed 000's indicator 2.4 computed with the real catalogue; counted by hand."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.attestation.models import Decision, Kind
from metodist.lib.predicates import PREDICATES
from metodist.monitoring import actions, catalogue, vocabulary
from metodist.monitoring.models import Level, ResultStatus
from metodist.monitoring.tests.builders import ON, PERIOD_START, make_campaign
from metodist.orgs.models import OrganizationKind
from metodist.people.models import Educator
from metodist.testing import factories as f
from metodist.testing.attestation import attestation


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    other_region = f.RegionFactory(name="Другая область", code="O")
    mun_a = f.MunicipalityFactory(region=region, name="Город А")
    school = f.OrganizationFactory(municipality=mun_a, short_name="Школа")
    kindergarten = f.OrganizationFactory(municipality=mun_a, short_name="Сад", kind=OrganizationKind.PRESCHOOL)
    elsewhere = f.OrganizationFactory(municipality=f.MunicipalityFactory(region=other_region), short_name="Далеко")
    people = {}
    for name, organization in [("А1", school), ("А2", school), ("А3", school), ("А4", school), ("А5", kindergarten),
                               ("А6", school), ("А7", school)]:  # fmt: skip
        people[name] = f.EducatorFactory(last_name=name)
        f.EmploymentFactory(educator=people[name], organization=organization)
    attestation(people["А1"], Kind.SZD, date(2024, 3, 1), organization=school)  # counted
    attestation(people["А2"], Kind.HIGHEST, date(2024, 2, 1), organization=school, decision=Decision.REFUSED)
    attestation(people["А3"], Kind.FIRST, date(2023, 8, 31), organization=school)  # the day before the period
    wrong = attestation(people["А4"], Kind.FIRST, date(2024, 4, 1), organization=school)
    attestation(people["А4"], Kind.FIRST, date(2024, 6, 5), organization=school, replaces=wrong)  # after the period
    attestation(people["А5"], Kind.FIRST, date(2024, 1, 10), organization=kindergarten)  # not general education
    attestation(people["А6"], Kind.HIGHEST, date(2024, 5, 31), organization=school)  # the last day: counted
    attestation(people["А7"], Kind.FIRST, date(2024, 1, 10), organization=elsewhere)  # another region's record
    return {"region": region, "mun_a": mun_a, "school": school, "people": people}


def attested(world, **params) -> set[str]:
    ctx = vocabulary.Context(start=PERIOD_START, on=ON, region=world["region"].pk)
    condition = vocabulary.compile_terms([{"predicate": "attested", **params}], ctx)
    return set(Educator.objects.filter(condition).values_list("last_name", flat=True))


def test_attested_is_connected_with_its_declared_parameter():
    predicate = PREDICATES["attested"]

    assert predicate.connected and predicate.module == "Аттестация"
    assert set(predicate.params["kind"].kind) == set(vocabulary.PENDING["attested"].params["kind"].kind)


def test_attested_counts_awards_of_the_period_in_the_region_by_their_current_record(world):
    # А1 СЗД 01.03.2024 and А6 высшая 31.05.2024 are in 01.09.2023–31.05.2024; А2 refused; А3 a day early; А4's
    # award was corrected to 05.06.2024; А7's record is of another region
    assert attested(world) == {"А1", "А6", "А5"}
    assert attested(world, kind="category") == {"А6", "А5"}
    assert attested(world, kind="szd") == {"А1"}


def test_seed_000_indicator_2_4_is_the_share_of_general_education_staff_attested(world):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-000.toml"), world)
    actions.open_campaign(campaign, by=None)

    snapshot = actions.compute_snapshot(campaign)

    row = snapshot.values.get(indicator__code="p2-4", level=Level.MUNICIPALITY, breakdown="")
    # denominator: the school's six teachers А1–А4, А6, А7 (А5 works in a kindergarten); numerator А1, А6
    assert row.status != ResultStatus.NOT_CONNECTED
    assert (row.numerator, row.denominator, row.value) == (2, 6, Decimal("33.3"))
