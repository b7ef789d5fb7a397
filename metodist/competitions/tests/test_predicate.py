"""The `competition` and `org_competition` predicates and every catalogue indicator about competitions computed
with the real catalogues over a small cast; counted by hand (seed 002's 8.5 with the mentoring module's `mentor`)."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.competitions.models import Kind, Level, Participants, Result
from metodist.lib.predicates import PREDICATES
from metodist.mentoring.models import MentorshipStatus
from metodist.monitoring import actions, catalogue, vocabulary
from metodist.monitoring.models import Level as CampaignLevel
from metodist.monitoring.models import ResultStatus
from metodist.monitoring.tests.builders import ON, PERIOD_START, make_campaign
from metodist.orgs.models import Organization
from metodist.people.models import Educator
from metodist.testing import factories as f
from metodist.testing.community import mentorship, program

from .builders import entry, stage

# The period of the campaigns: 01.09.2023–31.05.2024.


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    other_region = f.RegionFactory(name="Другая область", code="O")
    mun_a = f.MunicipalityFactory(region=region, name="Город А")
    s1 = f.OrganizationFactory(municipality=mun_a, short_name="Школа 1")
    s2 = f.OrganizationFactory(municipality=mun_a, short_name="Школа 2")
    f.OrganizationFactory(municipality=mun_a, short_name="Школа 3")  # no entry at all
    elsewhere = f.OrganizationFactory(municipality=f.MunicipalityFactory(region=other_region), short_name="Далеко")
    people = {}
    for name, organization in [("П1", s1), ("П2", s1), ("П3", s1), ("П4", s2), ("П5", s2), ("П6", s2),
                               ("П7", elsewhere)]:  # fmt: skip
        people[name] = f.EducatorFactory(last_name=name)
        f.EmploymentFactory(educator=people[name], organization=organization)
    # П2 is the only young educator with up to three years of work (24 years old, 1 year 9 months on 31.05.2024)
    Educator.objects.filter(pk=people["П2"].pk).update(birth_date=date(2000, 1, 10), ped_work_start=date(2022, 9, 1))

    def at(level, ends_on, **kwargs):
        return stage(region, level, ends_on=ends_on, year=2023, **kwargs)

    entry(at(Level.MUNICIPAL, date(2023, 12, 20)), people["П1"])  # participant, municipal
    entry(at(Level.FEDERAL, date(2024, 4, 10)), people["П1"])  # participant, federal
    entry(at(Level.REGIONAL, date(2024, 3, 15)), people["П2"], result=Result.PRIZE_WINNER)
    entry(at(Level.REGIONAL, date(2024, 3, 15)), people["П3"], result=Result.WINNER)
    entry(at(Level.FEDERAL, date(2024, 5, 31)), people["П3"], result=Result.WINNER)  # the last day: counted
    entry(at(Level.MUNICIPAL, date(2023, 8, 31)), people["П4"], result=Result.WINNER)  # the day before the period
    entry(at(Level.FEDERAL, date(2024, 6, 1)), people["П5"], result=Result.WINNER)  # the day after
    entry(stage(other_region, Level.REGIONAL, ends_on=date(2024, 3, 15)), people["П7"])  # another region's record
    shmo = at(Level.MUNICIPAL, date(2024, 2, 10), kind=Kind.BEST_SMO, participants=Participants.ORGANIZATIONS)
    entry(shmo, organization=s2)  # Лучшее ШМО: an organization's own entry
    return {"region": region, "mun_a": mun_a, "people": people}


def educators(world, **params) -> set[str]:
    ctx = vocabulary.Context(start=PERIOD_START, on=ON, region=world["region"].pk)
    condition = vocabulary.compile_terms([{"predicate": "competition", **params}], ctx)
    return set(Educator.objects.filter(condition).values_list("last_name", flat=True))


def test_the_predicates_are_connected_with_their_declared_parameters():
    competition = PREDICATES["competition"]

    assert competition.connected and competition.module == "Конкурсы" and PREDICATES["org_competition"].connected
    assert set(vocabulary.PENDING["competition"].params["level"].kind) <= set(competition.params["level"].kind)
    assert set(vocabulary.PENDING["competition"].params["result"].kind) <= set(competition.params["result"].kind)


def test_competition_counts_entries_of_the_period_in_the_region_by_level_and_result(world):
    assert educators(world, level="any") == {"П1", "П2", "П3"}
    assert educators(world, level="municipal") == {"П1"}
    assert educators(world, level="regional") == {"П2", "П3"}
    assert educators(world, level="federal") == {"П1", "П3"}
    assert educators(world, level="federal", result="winner") == {"П3"}
    assert educators(world, level="regional", result="winner") == {"П2", "П3"}  # prize-winners count too
    assert educators(world, level="regional", result="first") == {"П3"}


def test_org_competition_counts_organizations_own_entries_and_those_of_their_educators(world):
    ctx = vocabulary.Context(start=PERIOD_START, on=ON, region=world["region"].pk)
    condition = vocabulary.compile_terms([{"predicate": "org_competition"}], ctx)

    assert set(Organization.objects.filter(condition).values_list("short_name", flat=True)) == {"Школа 1", "Школа 2"}


def computed(world, catalogue_file: str, code: str):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / catalogue_file), world)
    actions.open_campaign(campaign, by=None)
    snapshot = actions.compute_snapshot(campaign)
    row = snapshot.values.get(indicator__code=code, level=CampaignLevel.MUNICIPALITY, breakdown="")
    assert row.status == ResultStatus.OK
    return row.numerator, row.denominator, row.value


# The municipality's six educators П1–П6 (all teachers): any level П1, П2, П3; regional П2, П3; federal П1, П3;
# federal prize-winners and winners П3; the young educator П2 took part; organizations: Школа 1 (its educators)
# and Школа 2 (its ШМО) of three. A count's denominator is the population it counts among.
@pytest.mark.parametrize(
    ("catalogue_file", "code", "expected"),
    [
        ("msnms-001.toml", "m3-1-6", (3, 6, Decimal("50.0"))),  # 001 III 3.1.6
        ("msnms-002.toml", "t1-3-2", (3, 6, Decimal("50.0"))),  # 002 3.2
        ("msnms-002.toml", "t2-8-15", (1, 1, 1)),  # young up to 3 years, count
        ("msnms-002.toml", "t2-8-16", (1, 1, Decimal("100.0"))),  # young up to 3 years, share
        ("msnms-002.toml", "t2-8-20", (2, 6, 2)),  # regional stages, count
        ("msnms-002.toml", "t2-8-21", (2, 6, Decimal("33.3"))),  # regional stages, share
        ("msnms-002.toml", "t2-8-22", (2, 6, 2)),  # federal stages, count
        ("msnms-002.toml", "t2-8-23", (1, 6, 1)),  # federal prize-winners and winners
        ("msnms-003.toml", "e6-3", (3, 6, Decimal("50.0"))),  # 003 6.3
        ("msnms-003.toml", "e6-4", (2, 3, Decimal("66.7"))),  # 003 6.4, organizations
    ],
)
def test_catalogue_indicators_about_competitions_are_computed_from_entries(world, catalogue_file, code, expected):
    assert computed(world, catalogue_file, code) == expected


def test_mentors_among_participants_count_the_mentors_of_the_period(world):
    # П1 (a participant) mentors П2 and П4 (his entry was the day before the period) mentors П5 in the period;
    # П6's mentorship ended before it, so П6 is no mentor of the period
    people = world["people"]
    school1, school2 = (people[name].employments.get().organization for name in ("П1", "П4"))
    mentorship(people["П1"], [people["П2"]], program=program(school1), starts_on=date(2023, 9, 1))
    mentorship(people["П4"], [people["П5"]], program=program(school2), starts_on=date(2023, 10, 1))
    mentorship(people["П6"], [people["П3"]], program=program(school2), starts_on=date(2022, 9, 1),
               ends_on=date(2023, 6, 30), status=MentorshipStatus.COMPLETED)  # fmt: skip

    assert computed(world, "msnms-002.toml", "t2-8-5") == (1, 2, Decimal("50.0"))


def test_without_any_entry_of_the_period_the_indicator_has_no_data(db):
    region = f.RegionFactory(name="Пустая область", code="E")
    world = {"region": region, "mun_a": f.MunicipalityFactory(region=region, name="Город Б")}
    f.EmploymentFactory(educator=f.EducatorFactory(), organization=f.OrganizationFactory(municipality=world["mun_a"]))
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-001.toml"), world)
    actions.open_campaign(campaign, by=None)

    row = actions.compute_snapshot(campaign).values.get(
        indicator__code="m3-1-6", level=CampaignLevel.MUNICIPALITY, breakdown=""
    )

    assert row.status == ResultStatus.NO_DATA
