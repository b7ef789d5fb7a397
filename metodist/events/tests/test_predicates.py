"""The events module's predicates and the catalogue indicators built on them (seed 000 2.2 and 2.8, seed 002
5.2 and 5.3, seed 003 6.2), computed with the real catalogues over a small cast and counted by hand."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from metodist.events.models import (
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Participation,
)
from metodist.events.models import (
    ParticipationRole as R,
)
from metodist.events.models import (
    RegistrationStatus as S,
)
from metodist.lib.predicates import PREDICATES
from metodist.monitoring import actions, catalogue, vocabulary
from metodist.monitoring.models import Level, ResultStatus
from metodist.monitoring.tests.builders import ON, PERIOD_START, make_campaign
from metodist.people.models import Educator
from metodist.testing import factories as f

MSK = ZoneInfo("Europe/Moscow")


def held(world, day, *, region=None, attended=(), absent=(), roles=None, **fields) -> Event:
    starts = datetime.combine(day, time(10), tzinfo=MSK)
    event = Event.objects.create(
        title=fields.pop("title", "Мероприятие"), starts_at=starts, ends_at=starts + timedelta(hours=2),
        region=region or world["region"], **{"municipality": world["mun_a"], "status": EventStatus.PUBLISHED, **fields},
    )  # fmt: skip
    roles = roles or {}
    for name in attended:
        Participation.objects.create(
            event=event, educator=world["people"][name], status=S.ATTENDED, role=roles.get(name, R.PARTICIPANT)
        )
    for name in absent:
        Participation.objects.create(event=event, educator=world["people"][name], status=S.ABSENT)
    return event


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    other_region = f.RegionFactory(name="Другая область", code="O")
    mun_a = f.MunicipalityFactory(region=region, name="Город А")
    school = f.OrganizationFactory(municipality=mun_a, short_name="Школа")
    people = {}
    for name in ("Y1", "Y2"):  # young: under 35, in the second year of work on 31.05.2024
        people[name] = f.EducatorFactory(last_name=name, birth_date=date(2000, 1, 1), ped_work_start=date(2022, 9, 1))
    for name in ("A1", "A2", "A3", "A4", "A5", "A6"):
        people[name] = f.EducatorFactory(last_name=name)
    for educator in people.values():
        f.EmploymentFactory(educator=educator, organization=school)
    world = {"region": region, "mun_a": mun_a, "school": school, "people": people}
    held(world, date(2023, 10, 10), for_young=True, attended=["Y1"], absent=["Y2"])  # school of the young educator
    held(world, date(2024, 2, 1), network=True, attended=["A1"])  # a network event of the associations
    held(world, date(2024, 3, 1), level=EventLevel.REGIONAL, municipality=None, attended=["A2"])
    held(world, date(2023, 11, 1), kind=EventKind.MASTER_CLASS, attended=["A3"], roles={"A3": R.HOST})
    held(world, date(2024, 5, 31), kind=EventKind.CONFERENCE, attended=["A4"], roles={"A4": R.SPEAKER})  # the last day
    held(world, date(2024, 6, 1), attended=["A5"])  # the day after the period
    held(world, date(2024, 1, 20), region=other_region, municipality=None, level=EventLevel.REGIONAL, attended=["A6"])
    held(world, date(2024, 1, 25), network=True, status=EventStatus.CANCELLED, attended=["A6"])
    return world


def who(world, unit=Educator, **term) -> set[str]:
    ctx = vocabulary.Context(start=PERIOD_START, on=ON, region=world["region"].pk)
    field = "last_name" if unit is Educator else "short_name"
    return set(unit.objects.filter(vocabulary.compile_terms([term], ctx)).values_list(field, flat=True))


def test_the_events_predicates_are_connected_with_their_declared_parameters():
    for code in ("event_participant", "event_presenter", "young_support"):
        assert PREDICATES[code].connected and PREDICATES[code].module == "Методические мероприятия"
    assert set(vocabulary.PENDING["event_participant"].params) <= set(PREDICATES["event_participant"].params)


def test_participants_presenters_and_young_support_of_the_period_in_the_region(world):
    # A5 after the period; A6's events are of another region or cancelled; Y2 was absent
    assert who(world, predicate="event_participant") == {"Y1", "A1", "A2", "A3", "A4"}
    assert who(world, predicate="event_participant", level="municipal") == {"Y1", "A1", "A3", "A4"}
    assert who(world, predicate="event_participant", network=True) == {"A1"}
    assert who(world, predicate="event_presenter") == {"A3", "A4"}
    assert who(world, predicate="event_presenter", kind="conducted") == {"A3"}
    assert who(world, predicate="young_support") == {"Y1"}


def municipal_rows(world, name, codes):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / f"{name}.toml"), world)
    actions.open_campaign(campaign, by=None)
    snapshot = actions.compute_snapshot(campaign)
    rows = snapshot.values.filter(indicator__code__in=codes, level=Level.MUNICIPALITY, breakdown="")
    assert all(row.status == ResultStatus.OK for row in rows), [(row.indicator.code, row.reason) for row in rows]
    return {row.indicator.code: (row.numerator, row.denominator, row.value) for row in rows}


def test_seed_000_indicators_2_2_and_2_8(world):
    # 2.2: of the school's eight educators Y1, A1, A3, A4 attended a municipal event (A2's was regional);
    # 2.8: of the two young (Y1, Y2) Y1 attended the event for the young
    assert municipal_rows(world, "msnms-000", ["p2-2", "p2-8"]) == {
        "p2-2": (4, 8, Decimal("50.0")),
        "p2-8": (1, 2, Decimal("50.0")),
    }


def test_seed_002_criteria_5_2_and_5_3(world):
    # 5.2: A1 attended the network event (A6's was cancelled); 5.3: A3 hosted a master class (A4 only spoke)
    assert municipal_rows(world, "msnms-002", ["t1-5-2", "t1-5-3"]) == {
        "t1-5-2": (1, 8, Decimal("12.5")),
        "t1-5-3": (1, 8, Decimal("12.5")),
    }


def test_seed_003_indicator_6_2_young_educators_supported(world):
    assert municipal_rows(world, "msnms-003", ["e6-2"]) == {"e6-2": (1, 2, Decimal("50.0"))}


def test_a_period_without_events_gives_no_data_not_zero(world):
    Event.objects.all().delete()

    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-002.toml"), world)
    actions.open_campaign(campaign, by=None)
    row = actions.compute_snapshot(campaign).values.get(
        indicator__code="t1-5-2", level=Level.MUNICIPALITY, breakdown=""
    )

    assert row.status == ResultStatus.NO_DATA
