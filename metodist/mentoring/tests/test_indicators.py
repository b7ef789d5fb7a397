"""The catalogue indicators the mentoring predicates connect, computed with the real catalogue files on a tiny
world and checked against a hand count: seed 002 criteria 8.3, 8.4, 8.6, 8.11–8.14, 8.17–8.19.

The campaign's period is 01.09.2023–31.05.2024. Город А has two schools and ten pedagogical educators:
mentors М1 (school 1) and М2 (school 2), М3 (only a proposed mentorship), young Y1–Y4, experienced П1–П3.
"""

from datetime import date
from decimal import Decimal

import pytest

from metodist.accounts.models import Role
from metodist.mentoring.models import MentorIncentive, MentorshipStatus
from metodist.monitoring import actions as monitoring
from metodist.monitoring import catalogue, vocabulary
from metodist.monitoring.models import Level
from metodist.monitoring.tests.builders import make_campaign
from metodist.orgs.models import Municipality
from metodist.people.models import Educator
from metodist.testing import community as c
from metodist.testing import factories as f
from metodist.testing import routes as r

YOUNG = {"birth_date": date(2000, 4, 1), "ped_work_start": date(2023, 9, 1)}


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    elsewhere = f.RegionFactory(name="Другая область", code="X")
    area = {"region": region, "mun_a": f.MunicipalityFactory(region=region, name="Город А")}
    far = f.MunicipalityFactory(region=elsewhere, name="Город Х")
    school1 = f.OrganizationFactory(municipality=area["mun_a"], short_name="Школа 1")
    school2 = f.OrganizationFactory(municipality=area["mun_a"], short_name="Школа 2")
    people = {}
    for name, school in [("М1", school1), ("М2", school2), ("М3", school1), ("П1", school2), ("П2", school1),
                         ("П3", school1)]:  # fmt: skip
        people[name] = f.EducatorFactory(last_name=name)
        f.EmploymentFactory(educator=people[name], organization=school)
    for name in ("Y1", "Y2", "Y3", "Y4"):
        people[name] = f.EducatorFactory(last_name=name, **YOUNG)
        f.EmploymentFactory(educator=people[name], organization=school1, start_date=date(2023, 9, 1))

    own = c.program(school1, starts_on=date(2023, 9, 1))
    municipal = c.program(None, municipality=area["mun_a"], starts_on=date(2022, 9, 1))
    c.program(school2, starts_on=date(2024, 7, 1))  # after the period: school 2 has no model in it
    # counted: М1 with Y1 (active); М2 with Y2 and П1 (a group of the municipal program, completed in March)
    c.mentorship(people["М1"], [people["Y1"]], program=own, starts_on=date(2023, 9, 15))
    c.mentorship(people["М2"], [people["Y2"], people["П1"]], program=municipal, starts_on=date(2023, 10, 1),
                 ends_on=date(2024, 3, 1), status=MentorshipStatus.COMPLETED)  # fmt: skip
    # not counted: a proposal (М3 → Y3), a pair ended before the period (М1 → Y4), another region's (М1 → П2)
    c.mentorship(people["М3"], [people["Y3"]], program=own, status=MentorshipStatus.PROPOSED)
    c.mentorship(people["М1"], [people["Y4"]], program=municipal, starts_on=date(2022, 9, 1),
                 ends_on=date(2023, 6, 30), status=MentorshipStatus.COMPLETED)  # fmt: skip
    c.mentorship(people["М1"], [people["П2"]], program=c.program(None, municipality=far), starts_on=date(2023, 9, 1))
    # Y4's route with a tutor: targeted support in another form
    r.route(people["Y4"], region=region, tutor=f.UserFactory(role=Role.TUTOR, region=region),
            starts_on=date(2023, 10, 1), ends_on=date(2024, 6, 30))  # fmt: skip
    MentorIncentive.objects.create(municipality=area["mun_a"], region=region, organization=school1,
                                   has_incentives=True, act="Положение", adopted_on=date(2023, 1, 10))  # fmt: skip
    MentorIncentive.objects.create(municipality=far, region=elsewhere, has_incentives=False)
    return area


def computed(world):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-002.toml"), world)
    monitoring.open_campaign(campaign, by=None)
    return monitoring.compute_snapshot(campaign)


@pytest.fixture
def snapshot(world):
    return computed(world)


def row(snapshot, code):
    found = snapshot.values.get(indicator__code=code, level=Level.MUNICIPALITY, breakdown="")
    return found.numerator, found.denominator, found.value


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("t2-8-3", (2, 4, Decimal("50.0"))),  # young Y1–Y4; with a mentor in the period Y1, Y2
        ("t2-8-4", (2, 10, Decimal("20.0"))),  # mentors М1, М2 of 10 (М3's is only proposed)
        ("t2-8-6", (1, 1, Decimal("1"))),  # school 1's local act fixes the incentives: «да»
        ("t2-8-11", (4, 10, None)),  # mentees Y1, Y2, П1 and Y4 with a route tutor
        ("t2-8-12", (3, 4, Decimal("75.0"))),  # of Y1–Y4: Y1, Y2 mentored, Y4 with a tutor
        ("t2-8-13", (2, 4, None)),  # Y1, Y2
        ("t2-8-14", (2, 4, Decimal("50.0"))),
        ("t2-8-17", (1, 2, Decimal("50.0"))),  # school 1's program; school 2's starts after the period
        ("t2-8-18", (3, 10, None)),  # Y1, Y2, П1
        ("t2-8-19", (3, 10, Decimal("30.0"))),
    ],
)
def test_mentoring_indicators_match_a_hand_count(snapshot, code, expected):
    numerator, denominator, value = row(snapshot, code)

    assert (numerator, denominator) == expected[:2]
    if expected[2] is not None:
        assert value == expected[2]


def matching(world, term, region=True):
    region_id = world["region"].pk if region else None
    ctx = vocabulary.Context(start=date(2023, 9, 1), on=date(2024, 5, 31), region=region_id)
    return set(Educator.objects.filter(vocabulary.compile_terms([term], ctx)).values_list("last_name", flat=True))


def test_the_campaign_region_bounds_the_mentorships(world):
    assert matching(world, {"predicate": "mentee"}) == {"Y1", "Y2", "П1"}
    assert matching(world, {"predicate": "mentee"}, region=False) == {"Y1", "Y2", "П1", "П2"}


def test_a_period_without_mentoring_records_has_no_data(world):
    ctx = vocabulary.Context(start=date(2019, 9, 1), on=date(2020, 5, 31), region=world["region"].pk)

    assert vocabulary.unrecorded_modules([{"predicate": "mentee"}], ctx) == ["Наставничество"]


def test_the_mentoring_predicates_are_connected():
    codes = ("mentor", "mentee", "org_mentoring_model", "targeted_support", "mentor_incentives")
    assert all(vocabulary.PREDICATES[code].connected for code in codes)


def test_the_municipal_act_counts_for_its_municipality(world):
    """Город А: school 1's record is replaced by the municipality's own act (10.01.2023), still «да». Город Б: its
    act of 01.08.2023, counted; Город В: adopted 10.06.2024, after the period; Город Г: its act fixes nothing."""
    region = world["region"]
    MentorIncentive.objects.filter(organization__isnull=False).delete()
    acts = [(world["mun_a"], True, date(2023, 1, 10)), (f.MunicipalityFactory(region=region, name="Город Б"), True,
            date(2023, 8, 1)), (f.MunicipalityFactory(region=region, name="Город В"), True, date(2024, 6, 10)),
            (f.MunicipalityFactory(region=region, name="Город Г"), False, date(2023, 1, 10))]  # fmt: skip
    for municipality, fixed, adopted_on in acts:
        MentorIncentive.objects.create(municipality=municipality, region=region, has_incentives=fixed,
                                       act="Постановление администрации", adopted_on=adopted_on)  # fmt: skip
    ctx = vocabulary.Context(start=date(2023, 9, 1), on=date(2024, 5, 31), region=region.pk)

    counted = Municipality.objects.filter(vocabulary.compile_terms([{"predicate": "mentor_incentives"}], ctx))

    assert set(counted.values_list("name", flat=True)) == {"Город А", "Город Б"}
    assert row(computed(world), "t2-8-6") == (1, 1, Decimal("1"))  # the campaign of Город А: «да» by its own act
