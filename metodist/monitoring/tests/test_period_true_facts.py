"""Registry facts are true for the period they describe: one fact per test, the same educator (or organization)
counted differently by a 2023/24 and a 2025/26 campaign, through the monitoring computation.

2023/24 is computed as of 31.05.2024, 2025/26 as of 31.05.2026 (the campaigns' period ends).
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from metodist.monitoring import actions, catalogue
from metodist.monitoring.compute import members
from metodist.monitoring.models import Campaign, Level
from metodist.people.models import Category
from metodist.testing import factories as f

from .builders import build_world, load_test_catalogue, make_campaign

CATALOGUE = """
[catalogue]
code = "periods"
title = "Каталог для проверки дат"
document = "Тестовое положение"
source = "test.txt"

[[indicators]]
code = "staffing"
number = "1"
name = "обеспеченность кадрами"
group = ["Кадры"]
source = "test.txt, п. 1"
kind = "share"
unit = "staff_rates"
population = "staff"

[[indicators]]
code = "low_results"
number = "2"
name = "число ШНОР"
group = ["Организации"]
source = "test.txt, п. 2"
kind = "count"
unit = "organizations"
population = "organizations"
where = [{ predicate = "org_flag", flags = ["is_low_results"] }]

[[indicators]]
code = "internship_during"
number = "3"
name = "участие ОО в качестве стажировочной площадки"
group = ["Организации"]
source = "test.txt, п. 3"
kind = "count"
unit = "organizations"
population = "organizations"
where = [{ predicate = "org_flag", flags = ["is_internship_site"], during = true }]

[[indicators]]
code = "in_low_results"
number = "4"
name = "доля педагогов ШНОР"
group = ["Педагоги"]
source = "test.txt, п. 4"
kind = "share"
unit = "educators"
population = "pedagogical"
where = [{ predicate = "works_in_flagged", flags = ["is_low_results"] }]

[[indicators]]
code = "higher"
number = "5"
name = "доля педагогов с высшим образованием"
group = ["Педагоги"]
source = "test.txt, п. 5"
kind = "share"
unit = "educators"
population = "pedagogical"
where = [{ predicate = "higher_education" }]

[[indicators]]
code = "out_of_profile"
number = "6"
name = "доля учителей, преподающих не по профилю"
group = ["Педагоги"]
source = "test.txt, п. 6"
kind = "share"
unit = "educators"
population = "teachers"
where = [{ predicate = "out_of_profile" }]

[[indicators]]
code = "highest"
number = "7"
name = "доля педагогов с высшей категорией"
group = ["Педагоги"]
source = "test.txt, п. 7"
kind = "share"
unit = "educators"
population = "pedagogical"
where = [{ predicate = "category", group = "highest" }]

[[indicators]]
code = "first"
number = "8"
name = "доля педагогов с первой категорией"
group = ["Педагоги"]
source = "test.txt, п. 8"
kind = "share"
unit = "educators"
population = "pedagogical"
where = [{ predicate = "category", group = "first" }]
"""

PERIODS = {"2023/24": (date(2023, 9, 1), date(2024, 5, 31)), "2025/26": (date(2025, 9, 1), date(2026, 5, 31))}


@pytest.fixture
def world(db):
    region = f.RegionFactory(name="Тестовая область", code="T")
    municipality = f.MunicipalityFactory(region=region, name="Город А")
    school = f.OrganizationFactory(municipality=municipality, short_name="Школа X")
    other = f.OrganizationFactory(municipality=municipality, short_name="Школа Y")
    return {"region": region, "municipality": municipality, "school": school, "other": other}


@pytest.fixture
def compute(world, tmp_path):
    """Computes both campaigns; returns (municipal value of 2023/24, of 2025/26) of an indicator."""
    catalogue = load_test_catalogue(tmp_path, CATALOGUE)

    def run(code: str):
        results = []
        for period, (start, end) in PERIODS.items():
            campaign = Campaign.objects.create(
                catalogue=catalogue, title=period, period=period, period_start=start, period_end=end,
                region=world["region"], municipality=world["municipality"], deadline=end,
            )  # fmt: skip
            snapshot = actions.compute_snapshot(campaign)
            results.append(snapshot.values.get(indicator__code=code, level=Level.MUNICIPALITY, breakdown=""))
        return results

    return run


def teacher(world, name="Учитель", organization=None, education=True, **educator):
    person = f.EducatorFactory(last_name=name, **educator)
    if education:
        f.EducationFactory(educator=person, speciality=f.speciality("Математика"))
    f.EmploymentFactory(
        educator=person, organization=organization or world["school"], subjects=[f.subject("mathematics")],
        start_date=date(2015, 9, 1),
    )  # fmt: skip
    return person


def test_staffing_counts_the_staff_list_valid_at_the_end_of_each_period(world, compute):
    school = world["school"]
    f.StaffPositionFactory(organization=school, rates=Decimal("10"), vacant_rates=Decimal("4"),
                           valid_from=date(2023, 9, 1), valid_to=date(2025, 8, 31))  # fmt: skip
    f.StaffPositionFactory(organization=school, rates=Decimal("10"), vacant_rates=Decimal("1"),
                           valid_from=date(2025, 9, 1))  # fmt: skip
    f.StaffPositionFactory(organization=school, position=f.position("psychologist"), rates=Decimal("2"),
                           valid_from=date(2026, 6, 1))  # after both period ends: counted by neither  # fmt: skip

    then, now = compute("staffing")

    assert (then.numerator, then.denominator, then.value) == (6, 10, Decimal("60.0"))
    assert (now.numerator, now.denominator, now.value) == (9, 10, Decimal("90.0"))


def test_a_flag_counts_in_the_periods_it_was_held_at_their_end(world, compute):
    f.flag(world["school"], "is_low_results", date(2023, 9, 1), date(2024, 8, 31))
    f.flag(world["other"], "is_low_results", date(2025, 9, 1))

    then, now = compute("low_results")

    assert (then.value, now.value) == (1, 1)
    campaigns = Campaign.objects.order_by("period_end")
    indicator = campaigns[0].catalogue.indicators.get(code="low_results")
    assert list(members(campaigns[0], indicator, "numerator")) == [world["school"]]
    assert list(members(campaigns[1], indicator, "numerator")) == [world["other"]]


def test_internship_site_participation_counts_any_day_of_the_period_not_only_its_end(world, compute):
    # an internship site from September to January of 2023/24: it took part that year, though not on 31.05
    f.flag(world["school"], "is_internship_site", date(2023, 9, 1), date(2024, 1, 31))

    then, now = compute("internship_during")

    assert (then.value, now.value) == (1, 0)


def test_an_educator_counts_in_a_flagged_school_only_in_the_periods_of_the_flag(world, compute):
    teacher(world, "Иванова")
    teacher(world, "Петрова", organization=world["other"])
    f.flag(world["school"], "is_low_results", start=date(2025, 9, 1))

    then, now = compute("in_low_results")

    assert (then.numerator, then.denominator) == (0, 2)
    assert (now.numerator, now.denominator) == (1, 2)


def test_higher_education_counts_from_the_completion_date(world, compute):
    person = teacher(world, education=False)
    f.EducationFactory(educator=person, speciality=f.speciality("Математика"), completed_on=date(2025, 6, 30))

    then, now = compute("higher")

    assert (then.numerator, then.denominator) == (0, 1)  # the diploma of 2025 does not count in 2023/24
    assert (now.numerator, now.denominator) == (1, 1)


def test_out_of_profile_uses_the_educations_completed_by_the_date(world, compute):
    # teaches mathematics with a Russian-language diploma of 2002; a mathematics diploma came in June 2025
    person = teacher(world, education=False)
    f.EducationFactory(educator=person, speciality=f.speciality("Русский язык и литература"))
    f.EducationFactory(educator=person, speciality=f.speciality("Математика"), completed_on=date(2025, 6, 30))

    then, now = compute("out_of_profile")

    assert (then.numerator, then.denominator) == (1, 1)
    assert (now.numerator, now.denominator) == (0, 1)


def test_a_category_counts_from_its_award_date(world, compute):
    teacher(world, category=Category.HIGHEST, category_awarded_on=date(2025, 3, 1))

    then, now = compute("highest")

    assert (then.numerator, now.numerator) == (0, 1)


def test_a_category_counts_until_its_expiry(world, compute):
    # awarded before 01.09.2023: five years, to 01.06.2024 (after the 2023/24 end, before the 2025/26 one)
    person = teacher(world, category=Category.FIRST, category_awarded_on=date(2019, 6, 1))
    person.full_clean()
    person.save()

    then, now = compute("first")

    assert person.category_expires_on == date(2024, 6, 1)
    assert (then.numerator, now.numerator) == (1, 0)


def test_seed_002_criterion_5_7_counts_the_internship_sites_of_the_campaign_year(db):
    # school X of the small world was an internship site for 2023/24 (until 31.12.2023), kindergarten Y from
    # 01.09.2025 on: 2023/24 counts school X (a part of the year is participation), 2025/26 counts Y
    world = build_world()
    f.flag(world["school"], "is_internship_site", date(2023, 9, 1), date(2023, 12, 31))
    f.flag(world["kindergarten"], "is_internship_site", start=date(2025, 9, 1))
    msnms = catalogue.load(Path(settings.BASE_DIR) / "metodist" / "monitoring" / "catalogues" / "msnms-002.toml")
    then = make_campaign(msnms, world)
    now = make_campaign(msnms, world, "2025/26", date(2025, 9, 1), date(2026, 5, 31))

    values = [
        actions.compute_snapshot(campaign).values.get(indicator__code="t1-5-7", level=Level.MUNICIPALITY, breakdown="")
        for campaign in (then, now)
    ]

    assert [(v.numerator, v.denominator) for v in values] == [(1, 2), (1, 2)]
    indicator = msnms.indicators.get(code="t1-5-7")
    assert list(members(then, indicator, "numerator")) == [world["school"]]
    assert list(members(now, indicator, "numerator")) == [world["kindergarten"]]
