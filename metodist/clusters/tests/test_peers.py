"""Context of an organization and its peer group: kind, ШНОР/ШССУ, size, staffing; coarsening small groups."""

import random
from datetime import date
from decimal import Decimal

import pytest

from metodist.clusters.peers import contexts, describe, group_keys, peer_groups
from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f

pytestmark = pytest.mark.django_db
ON = date(2025, 5, 31)


def teacher(organization, birth: date, start: date = date(2005, 9, 1), **employment):
    educator = f.EducatorFactory(birth_date=birth, ped_work_start=start)
    return f.EmploymentFactory(educator=educator, organization=organization, **employment)


def test_context_counts_pedagogical_staff_young_pre_pension_and_vacancies(cast):
    school = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа К", flags=["is_low_results"])
    young = teacher(school, date(2000, 1, 1), start=date(2023, 9, 1)).educator  # 25, one full year of work
    teacher(school, date(1968, 6, 1))  # a woman of 1968: pension at 60 on 01.06.2028, pre-pension from 01.06.2023
    teacher(school, date(1980, 5, 17))
    teacher(school, date(1985, 1, 1), position=f.position("head"))  # managerial: not pedagogical staff
    teacher(school, date(1975, 1, 1), end_date=date(2024, 12, 31))  # left before the date
    f.EmploymentFactory(educator=young, organization=school, kind="internal", rate=Decimal("0.5"))  # still one person
    teacher(school, date(1990, 1, 1))
    f.StaffPositionFactory(organization=school, rates=Decimal("8"), vacant_rates=Decimal("1"))
    f.StaffPositionFactory(organization=school, position=f.position("head"), rates=Decimal("2"))

    context = contexts([school.pk], ON)[school.pk]

    assert (context.pedagogical, context.young, context.pre_pension) == (4, 1, 1)
    assert (context.young_share, context.pre_pension_share, context.vacancy_share) == (
        Decimal("25.0"), Decimal("25.0"), Decimal("10.0"),
    )  # fmt: skip
    assert context.features() == ("general", "risk", "small", "strained")


def test_a_flag_out_of_force_on_the_date_does_not_count(cast):
    school = f.OrganizationFactory(municipality=cast.municipality, short_name="Школа Л")
    f.flag(school, "is_difficult_conditions", start=date(2020, 1, 1), end=date(2024, 12, 31))
    f.flag(school, "is_innovation_site")

    context = contexts([school.pk], ON)[school.pk]

    assert context.flags == ()
    assert context.features() == ("general", "base", "small", "stable")


def test_size_bands_by_pedagogical_staff():
    from metodist.clusters.peers import Context

    def size(count):
        return Context("general", (), count, 0, 0, Decimal(0), Decimal(0)).size

    assert [size(n) for n in (0, 19, 20, 49, 50)] == ["small", "small", "medium", "medium", "large"]


def test_contexts_are_read_in_a_fixed_number_of_queries(cast, django_assert_num_queries):
    schools = [f.OrganizationFactory(municipality=cast.municipality) for _ in range(6)]
    for school in schools:
        teacher(school, date(1980, 1, 1))

    with django_assert_num_queries(3):
        found = contexts([s.pk for s in schools], ON)

    assert {c.pedagogical for c in found.values()} == {1}


def test_a_small_group_merges_with_its_siblings_step_by_step():
    features = {}
    features.update(dict.fromkeys(range(1, 6), ("general", "base", "small", "stable")))  # 5
    features.update(dict.fromkeys(range(6, 8), ("general", "risk", "small", "stable")))  # 2: too few
    features.update(dict.fromkeys(range(8, 14), ("preschool", "base", "small", "stable")))  # 6
    features.update(dict.fromkeys(range(14, 17), ("additional", "base", "small", "stable")))  # 3: a whole kind

    keys = group_keys(features)

    # general/risk/small/stable (2) → general/risk/small (2) → general/risk (2) → general: all 7 schools
    assert {keys[n] for n in range(1, 8)} == {"general"}
    assert {keys[n] for n in range(8, 14)} == {"preschool/base/small/stable"}
    assert {keys[n] for n in range(14, 17)} == {"additional"}  # the kind is never given up


def test_coarsening_stops_at_the_first_level_where_groups_are_large_enough():
    features = {}
    features.update(dict.fromkeys(range(1, 5), ("general", "base", "medium", "stable")))  # 4
    features.update(dict.fromkeys(range(5, 8), ("general", "base", "medium", "strained")))  # 3
    features.update(dict.fromkeys(range(8, 14), ("general", "base", "large", "stable")))  # 6

    keys = group_keys(features)

    assert {keys[n] for n in range(1, 8)} == {"general/base/medium"}
    assert {keys[n] for n in range(8, 14)} == {"general/base/large/stable"}


def test_keys_do_not_depend_on_the_order_of_organizations():
    features = {n: ("general", random.Random(n).choice(["base", "risk"]), "small", "stable") for n in range(20)}
    reordered = dict(random.Random(3).sample(list(features.items()), len(features)))

    assert group_keys(reordered) == group_keys(features)


def test_peer_groups_keeps_its_contract(cast):
    schools = [f.OrganizationFactory(municipality=cast.municipality, short_name=f"Ш{n}") for n in range(5)]
    kindergarten = f.OrganizationFactory(municipality=cast.municipality, kind=OrganizationKind.PRESCHOOL)

    keys = peer_groups([s.pk for s in schools] + [kindergarten.pk], ON)

    assert {keys[s.pk] for s in schools} == {"general/base/small/stable"}
    assert keys[kindergarten.pk] == "preschool"


def test_a_key_reads_in_russian():
    assert describe("general/risk/medium/strained") == (
        "Общеобразовательная организация; ШНОР/ШССУ; средние (20–49 педагогов); с кадровыми рисками"
    )
    assert describe("preschool") == "Дошкольная образовательная организация"
