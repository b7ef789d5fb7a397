"""The catalogue indicators the routes' predicates connect, each computed with the real catalogue file on a tiny
world and checked against a hand count: seed 002 criteria 2.1, 2.2, 4.2, 8.10 and the programme targets p-12
(addressed recommendations to every completer) and p-14 (a positive dynamic for at least half of them)."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.accounts.models import Role
from metodist.monitoring import actions as monitoring
from metodist.monitoring import catalogue, vocabulary
from metodist.monitoring.models import Level, TargetStatus
from metodist.monitoring.tests.builders import make_campaign
from metodist.people.models import Educator
from metodist.routes.models import CuratorKind, Recommendation, RouteBase, RouteStatus
from metodist.testing import factories as f
from metodist.testing import growth
from metodist.testing import routes as r

# the campaign's period: 01.09.2023–31.05.2024


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    elsewhere = f.RegionFactory(name="Другая область", code="X")
    area = {"region": region, "mun_a": f.MunicipalityFactory(region=region, name="Город А")}
    school = f.OrganizationFactory(municipality=area["mun_a"], short_name="Школа 1")
    people = {}
    for name in ("А1", "А2", "А3", "А4", "А5", "А6", "А7", "А8"):
        people[name] = f.EducatorFactory(last_name=name)
        f.EmploymentFactory(educator=people[name], organization=school)
    tutor = f.UserFactory(role=Role.TUTOR, region=region)
    methodologist = f.UserFactory(role=Role.METHODOLOGIST, region=region)
    period = {"starts_on": date(2023, 10, 1), "ends_on": date(2024, 6, 30)}

    # in force in the period: А1 (ЦНППМ, a tutor), А2 (school ИППР, a methodologist, completed 01.04.2024),
    # А3 (municipal ИППР, a regional methodologist, completed 01.05.2024), А8 (ЦНППМ, no tutor, completed)
    r.route(people["А1"], region=region, tutor=tutor, **period)
    a2 = r.route(people["А2"], region=region, base=RouteBase.ORGANIZATION, organization=school, tutor=methodologist,
                 curator_kind=CuratorKind.METHODOLOGIST, status=RouteStatus.COMPLETED,
                 completed_on=date(2024, 4, 1), deficits=_deficits(region, people["А2"], 8), **period)  # fmt: skip
    a3 = r.route(people["А3"], region=region, base=RouteBase.MUNICIPALITY, tutor=methodologist,
                 curator_kind=CuratorKind.REGIONAL_METHODOLOGIST, status=RouteStatus.EVALUATED, rating=3,
                 completed_on=date(2024, 5, 1), deficits=_deficits(region, people["А3"], 2), **period)  # fmt: skip
    r.route(people["А8"], region=region, status=RouteStatus.COMPLETED, completed_on=date(2024, 5, 20), **period)
    for route in (a2, a3):
        Recommendation.objects.create(route=route, rule="route", text="Обобщить опыт")
    # not counted: a draft (А4), a route ended before the period (А5), agreed after it (А6), of another region (А7)
    r.route(people["А4"], region=region, status=RouteStatus.DRAFT, tutor=tutor, **period)
    r.route(people["А5"], region=region, tutor=tutor, starts_on=date(2022, 9, 1), ends_on=date(2023, 6, 30))
    r.route(people["А6"], region=region, tutor=tutor, agreed_on=date(2024, 6, 10), **period)
    r.route(people["А7"], region=elsewhere, tutor=tutor, **period)
    return area


def _deficits(region, educator, repeat):
    """A deficit in formative assessment found in May 2023 (3 of 10) and measured again in April 2024."""
    first = growth.diagnostic(region, ends_on=date(2023, 5, 31), name=f"Первая {educator.last_name}")
    growth.results(first, educator, {"assess.formative": 3})
    second = growth.diagnostic(region, ends_on=date(2024, 4, 30), name=f"Повторная {educator.last_name}")
    growth.results(second, educator, {"assess.formative": repeat})
    return list(first.deficits.select_related("competency", "diagnostic"))


@pytest.fixture
def snapshot(world):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-002.toml"), world)
    monitoring.open_campaign(campaign, by=None)
    return monitoring.compute_snapshot(campaign)


def row(snapshot, code):
    found = snapshot.values.get(indicator__code=code, level=Level.MUNICIPALITY, breakdown="")
    return found.numerator, found.denominator, found.value


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("t1-2-1", (2, 8, Decimal("25.0"))),  # ЦНППМ: А1, А8 of 8 pedagogical
        ("t1-2-2", (2, 8, Decimal("25.0"))),  # ИППР of a school or a municipality: А2, А3
        ("t1-4-2", (3, 8, Decimal("37.5"))),  # accompanied by anyone: А1, А2, А3 (А8 has no tutor)
        ("p-12", (2, 3, Decimal("66.7"))),  # completers А2, А3, А8; with recommendations А2, А3
        ("p-14", (1, 3, Decimal("33.3"))),  # the repeat diagnostic closed А2's deficit only
    ],
)
def test_route_indicators_match_a_hand_count(snapshot, code, expected):
    assert row(snapshot, code) == expected


def test_the_programme_targets_are_evaluated(snapshot):
    targets = {code: snapshot.values.get(indicator__code=code, level=Level.MUNICIPALITY, breakdown="").target_status
               for code in ("p-12", "p-14")}  # fmt: skip

    assert targets == {"p-12": TargetStatus.NOT_MET, "p-14": TargetStatus.NOT_MET}


def matching(world, term, region=True):
    ctx = vocabulary.Context(
        start=date(2023, 9, 1), on=date(2024, 5, 31), region=world["region"].pk if region else None
    )
    return set(Educator.objects.filter(vocabulary.compile_terms([term], ctx)).values_list("last_name", flat=True))


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ({"predicate": "route_support", "by": "tutor"}, {"А1"}),
        ({"predicate": "route_support", "by": "methodologist"}, {"А2"}),
        ({"predicate": "route_support", "by": "regional_methodologist"}, {"А3"}),
        ({"predicate": "route_support"}, {"А1", "А2", "А3"}),
        ({"predicate": "has_route", "base": "any"}, {"А1", "А2", "А3", "А8"}),
        ({"predicate": "has_route", "base": "organization"}, {"А2"}),
        ({"predicate": "has_route", "base": "municipality"}, {"А3"}),
        ({"predicate": "route_completed"}, {"А2", "А3", "А8"}),
    ],
)
def test_route_predicates_by_their_parameters(world, term, expected):
    assert matching(world, term) == expected


def test_the_campaign_region_bounds_the_routes(world):
    assert "А7" not in matching(world, {"predicate": "has_route", "base": "any"})
    assert "А7" in matching(world, {"predicate": "has_route", "base": "any"}, region=False)


def test_the_route_predicates_are_connected():
    assert all(vocabulary.PREDICATES[code].connected for code in ("has_route", "has_local_route", "route_support"))
