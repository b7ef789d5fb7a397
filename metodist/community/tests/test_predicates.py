"""The associations' predicates and the catalogue indicators they connect, computed with the real catalogue
files on a tiny world and checked against a hand count: seed 000's 2.9 and seed 002's 5.1, 8.7, 8.8, 8.9."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.community.models import Association, AssociationKind, AssociationLevel, Membership
from metodist.lib.predicates import PREDICATES
from metodist.monitoring import actions, catalogue, vocabulary
from metodist.monitoring.models import Level, ResultStatus
from metodist.monitoring.tests.builders import ON, PERIOD_START, make_campaign
from metodist.orgs.models import Municipality
from metodist.people.models import Educator
from metodist.testing import factories as f
from metodist.testing.community import association

# the campaign's period: 01.09.2023–31.05.2024
YOUNG = {"birth_date": date(2000, 1, 1), "ped_work_start": date(2022, 9, 1)}  # 1 full year on 31.05.2024


def join(group, educator, joined_on, left_on=None):
    Membership.objects.create(association=group, educator=educator, joined_on=joined_on, left_on=left_on)


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    elsewhere = f.RegionFactory(name="Другая область", code="X")
    mun_a = f.MunicipalityFactory(region=region, name="Город А")
    mun_b = f.MunicipalityFactory(region=region, name="Город Б")
    school = f.OrganizationFactory(municipality=mun_a, short_name="Школа 1")
    people = {}
    for name in ("А1", "А2", "А3", "А4", "А5", "А6", "М1", "М2", "М3"):
        people[name] = f.EducatorFactory(last_name=name, **(YOUNG if name.startswith("М") else {}))
        f.EmploymentFactory(educator=people[name], organization=school)
    p = people

    rmo = association(mun_a, title="РМО учителей математики")
    join(rmo, p["А1"], date(2020, 9, 1))  # a member all the period
    join(rmo, p["А2"], date(2020, 9, 1), date(2023, 8, 31))  # left the day before the period
    join(rmo, p["А3"], date(2024, 5, 31))  # joined on its last day
    network = association(mun_a, kind=AssociationKind.NETWORK, title="Сетевое сообщество")
    join(network, p["А4"], date(2024, 6, 1))  # joined after the period
    foreign = association(f.MunicipalityFactory(region=elsewhere), title="РМО другой области")
    join(foreign, p["А5"], date(2021, 9, 1))  # an association of another region
    literacy = association(mun_a, kind=AssociationKind.CREATIVE, title="Творческая группа",
                           theme="Формирование функциональной грамотности")  # fmt: skip
    join(literacy, p["А6"], date(2023, 1, 10))
    young = association(mun_a, kind=AssociationKind.YOUNG, title="Школа молодого педагога")
    join(young, p["М1"], date(2022, 9, 1))
    regional = association(mun_a, kind=AssociationKind.REGIONAL_YOUNG, level=AssociationLevel.REGIONAL,
                           title="Региональная ассоциация молодых педагогов")  # fmt: skip
    Association.objects.filter(pk=regional.pk).update(municipality=None)  # of the region, no municipality
    join(regional, p["М1"], date(2023, 2, 1))
    join(regional, p["М2"], date(2024, 3, 1))
    mentors = association(mun_a, kind=AssociationKind.MENTORS, title="Клуб наставников", founded_on=date(2023, 10, 1))
    join(mentors, p["А1"], date(2023, 10, 1))

    # Город Б: a school of young educators closed before the period, a club of mentors with no member in it
    old_young = association(mun_b, kind=AssociationKind.YOUNG, closed_on=date(2023, 6, 30), title="Закрыта")
    join(old_young, p["М3"], date(2021, 9, 1), date(2023, 6, 30))
    association(mun_b, kind=AssociationKind.MENTORS, title="Без членов")
    return {"region": region, "mun_a": mun_a, "mun_b": mun_b, "people": people}


def ctx(world):
    return vocabulary.Context(start=PERIOD_START, on=ON, region=world["region"].pk)


def members(world, **params) -> set[str]:
    condition = vocabulary.compile_terms([{"predicate": "association_member", **params}], ctx(world))
    return set(Educator.objects.filter(condition).values_list("last_name", flat=True))


def municipalities(world, **params) -> set[str]:
    condition = vocabulary.compile_terms([{"predicate": "association_exists", **params}], ctx(world))
    return set(Municipality.objects.filter(condition).values_list("name", flat=True))


def test_association_member_is_connected_with_its_declared_kinds():
    predicate = PREDICATES["association_member"]

    assert predicate.connected
    assert set(vocabulary.PENDING["association_member"].params["kind"].kind) <= set(predicate.params["kind"].kind)


def test_a_member_on_any_day_of_the_period_counts_within_the_region(world):
    # А1 all the period, А3 on its last day, А6 and М1, М2; not А2 (left before), А4 (joined after), А5 (another
    # region's association)
    assert members(world) == {"А1", "А3", "А6", "М1", "М2"}
    assert members(world, kind="any") == {"А1", "А3", "А6", "М1", "М2"}
    assert members(world, kind="young") == {"М1", "М2"}
    assert members(world, kind="regional_association") == {"М1", "М2"}
    assert members(world, kind="mentors") == {"А1"}
    assert members(world, kind="network") == set()
    assert members(world, theme="functional_literacy") == {"А6"}


def test_an_association_exists_when_it_worked_in_the_period_and_had_members(world):
    # Город Б: its school of young educators closed on 30.06.2023, its club of mentors has no member
    assert municipalities(world, kind="young") == {"Город А"}
    assert municipalities(world, kind="mentors") == {"Город А"}
    assert municipalities(world, theme="functional_literacy") == {"Город А"}
    assert municipalities(world, kind="network") == set()  # А4 joined after the period


def computed(world, code):
    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / f"{code}.toml"), world)
    actions.open_campaign(campaign, by=None)
    snapshot = actions.compute_snapshot(campaign)
    return lambda indicator: snapshot.values.get(indicator__code=indicator, level=Level.MUNICIPALITY, breakdown="")


def test_seed_000_indicator_2_9_is_the_share_of_educators_in_associations(world):
    row = computed(world, "msnms-000")("p2-9")

    # nine pedagogical workers of Школа 1; members in the period: А1, А3, А6, М1, М2
    assert (row.status, row.numerator, row.denominator, row.value) == (ResultStatus.OK, 5, 9, Decimal("55.6"))


def test_seed_002_criteria_5_1_and_8_7_to_8_9_come_from_the_registry(world):
    row = computed(world, "msnms-002")

    results = {code: (row(code).numerator, row(code).denominator, row(code).value)
               for code in ("t1-5-1", "t2-8-7", "t2-8-8", "t2-8-9")}  # fmt: skip

    # Город А has the functional literacy group, the club of mentors and the school of young educators (yes = 1
    # of 1); young educators М1, М2, М3, of them М1 and М2 in the regional association
    assert results == {
        "t1-5-1": (1, 1, 1),
        "t2-8-7": (1, 1, 1),
        "t2-8-8": (1, 1, 1),
        "t2-8-9": (2, 3, Decimal("66.7")),
    }


def test_a_period_without_memberships_has_no_data_rather_than_zero(world):
    Membership.objects.all().delete()

    row = computed(world, "msnms-002")("t2-8-9")

    assert row.status == ResultStatus.NO_DATA


def test_the_municipality_card_keeps_its_yes_no_answers_with_the_registry_count_beside_them(world):
    from metodist.monitoring import cards
    from metodist.monitoring.models import CardSubmission

    campaign = make_campaign(catalogue.load(catalogue.CATALOGUE_DIR / "msnms-002.toml"), world)
    actions.open_campaign(campaign, by=None)
    card = CardSubmission.objects.get(campaign=campaign, municipality=world["mun_a"])

    figures = cards.registry_figures(card)

    # members working in Город А in the period: А6 (literacy group), А1 (club of mentors), М1 and М2 (young)
    counts = {
        code: figures[code].count for code in ("literacy_association", "mentors_association", "young_association")
    }
    assert counts == {"literacy_association": 1, "mentors_association": 1, "young_association": 2}
