"""Derived facts of an educator: each rule checked on one object (model method) and in SQL (QuerySet)."""

from datetime import date
from decimal import Decimal

import pytest

from metodist.people.models import Category, Educator, Employment, EmploymentKind, category_expiry
from metodist.people.rules import pension_date, pre_pension_date
from metodist.testing import factories as f

ON = date(2025, 1, 15)


def young_ids(on=ON):
    return set(Educator.objects.young(on).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("birth_date", "ped_work_start", "young"),
    [
        (date(1995, 6, 1), date(2023, 9, 1), True),  # 29 years, 1 year of work
        (date(1990, 1, 16), date(2022, 1, 16), True),  # 34 years and 364 days; 2 years 364 days of work
        (date(1990, 1, 15), date(2023, 9, 1), False),  # turns 35 on ON: no longer under 35
        (date(1995, 6, 1), date(2022, 1, 15), False),  # exactly 3 full years of work on ON
        (date(1995, 6, 1), date(2025, 2, 1), False),  # work starts after ON: not yet an educator
        (date(1970, 1, 1), date(2024, 9, 1), False),  # a career changer of 55 is not young
    ],
)
def test_young_educator_is_under_35_in_first_three_years(db, birth_date, ped_work_start, young):
    educator = f.EducatorFactory(birth_date=birth_date, ped_work_start=ped_work_start)

    in_sql = educator.pk in young_ids()

    assert educator.is_young(ON) is young
    assert in_sql is young


def test_age_and_experience_are_full_years(db):
    educator = f.EducatorFactory(birth_date=date(1980, 1, 16), ped_work_start=date(2005, 1, 15))

    assert educator.age(ON) == 44  # birthday tomorrow
    assert educator.experience_years(ON) == 20  # anniversary today


@pytest.mark.parametrize(
    ("min_years", "max_years", "expected"),
    [(None, 2, {"a"}), (3, 10, {"b"}), (20, None, {"c"}), (0, None, {"a", "b", "c"})],
)
def test_experience_between_counts_full_years(db, min_years, max_years, expected):
    people = {
        "a": f.EducatorFactory(ped_work_start=date(2022, 1, 16)),  # 2 full years
        "b": f.EducatorFactory(ped_work_start=date(2022, 1, 15)),  # 3 full years
        "c": f.EducatorFactory(ped_work_start=date(2005, 1, 15)),  # 20 full years
    }

    found = set(Educator.objects.experience_between(ON, min_years, max_years).values_list("pk", flat=True))

    assert found == {people[key].pk for key in expected}


@pytest.mark.parametrize(
    ("sex", "birth_date", "pension_on"),
    [
        ("F", date(1963, 5, 1), date(2018, 5, 1)),  # 55 years
        ("F", date(1965, 5, 1), date(2021, 11, 1)),  # 56.5 years
        ("F", date(1970, 5, 1), date(2030, 5, 1)),  # 60 years
        ("M", date(1961, 3, 10), date(2024, 3, 10)),  # 63 years
        ("M", date(1965, 3, 10), date(2030, 3, 10)),  # 65 years
    ],
)
def test_pension_age_follows_the_transition_schedule(sex, birth_date, pension_on):
    assert pension_date(sex, birth_date) == pension_on


def test_pre_pension_is_five_years_before_pension_age_and_excludes_pensioners(db):
    recent = f.EducatorFactory(sex="F", birth_date=date(1966, 1, 1))  # 58 years: pension since 2024-01-01
    retired = f.EducatorFactory(sex="F", birth_date=date(1963, 1, 1))  # 55 years: pension since 2018-01-01
    woman_65 = f.EducatorFactory(sex="F", birth_date=date(1968, 1, 16))  # pension 2028-01-16, pre from 2023-01-16
    man_60 = f.EducatorFactory(sex="M", birth_date=date(1965, 1, 16))  # pension 2030-01-16, pre from 2025-01-16
    young = f.EducatorFactory(sex="M", birth_date=date(1990, 1, 1))

    pensioners = set(Educator.objects.pension_age(ON).values_list("pk", flat=True))
    pre_pensioners = set(Educator.objects.pre_pension(ON).values_list("pk", flat=True))

    assert pensioners == {recent.pk, retired.pk}
    assert pre_pensioners == {woman_65.pk}  # the man reaches pre-pension age tomorrow
    assert pre_pension_date("M", man_60.birth_date) == date(2025, 1, 16)
    for educator in (recent, retired, woman_65, man_60, young):
        assert educator.is_pension_age(ON) is (educator.pk in pensioners)
        assert educator.is_pre_pension(ON) is (educator.pk in pre_pensioners)


@pytest.mark.parametrize(
    ("category", "awarded_on", "expires_on"),
    [
        (Category.HIGHEST, date(2021, 4, 20), date(2026, 4, 20)),  # before order № 196: five years
        (Category.FIRST, date(2023, 8, 31), date(2028, 8, 31)),
        (Category.FIRST, date(2023, 9, 1), None),  # from 01.09.2023: no expiry
        (Category.HIGHEST, date(2024, 2, 1), None),
        (Category.SZD, date(2024, 2, 1), date(2029, 2, 1)),  # compliance is confirmed every five years
        (Category.METHODIST, date(2024, 5, 1), None),
        (Category.NONE, None, None),
    ],
)
def test_category_expiry_follows_order_196(category, awarded_on, expires_on):
    assert category_expiry(category, awarded_on) == expires_on


def test_expired_category_counts_as_none(db):
    expired = f.EducatorFactory(
        category=Category.FIRST, category_awarded_on=date(2019, 3, 1), category_expires_on=date(2024, 3, 1)
    )
    valid = f.EducatorFactory(category=Category.FIRST, category_awarded_on=date(2023, 10, 1))

    first = set(Educator.objects.with_category([Category.FIRST], ON).values_list("pk", flat=True))

    assert first == {valid.pk}
    assert expired.category_on(ON) == Category.NONE


def test_clean_fills_expiry_and_rejects_inconsistent_category(db):
    educator = f.EducatorFactory.build(category=Category.SZD, category_awarded_on=date(2022, 5, 5))
    educator.clean()
    assert educator.category_expires_on == date(2027, 5, 5)

    methodist = f.EducatorFactory.build(category=Category.METHODIST, category_awarded_on=date(2023, 5, 1))
    with pytest.raises(Exception) as error:
        methodist.clean()
    assert "с 01.09.2023" in str(error.value)

    undated = f.EducatorFactory.build(category=Category.HIGHEST, category_awarded_on=None)
    with pytest.raises(Exception) as error:
        undated.clean()
    assert "дату присвоения" in str(error.value)


def test_bad_snils_is_rejected_and_good_one_normalised(db):
    educator = f.EducatorFactory.build(snils="112-233-445 95")
    educator.clean()
    assert educator.snils == "11223344595"

    educator.snils = "112-233-445 96"
    with pytest.raises(Exception) as error:
        educator.clean()
    assert "контрольным числом" in str(error.value)


def test_out_of_profile_when_a_taught_subject_is_not_covered_by_any_education(db):
    maths = f.speciality("Математика")
    matching = f.EducatorFactory()
    f.EducationFactory(educator=matching, speciality=maths)
    f.EmploymentFactory(educator=matching, subjects=[f.subject("algebra"), f.subject("geometry")])
    mismatching = f.EducatorFactory()
    f.EducationFactory(educator=mismatching, speciality=maths)
    f.EmploymentFactory(educator=mismatching, subjects=[f.subject("algebra"), f.subject("physics")])
    retrained = f.EducatorFactory()
    f.EducationFactory(educator=retrained, speciality=maths)
    f.EducationFactory(educator=retrained, speciality=f.speciality("Физика"))  # переподготовка
    f.EmploymentFactory(educator=retrained, subjects=[f.subject("physics")])
    no_education = f.EducatorFactory()
    f.EmploymentFactory(educator=no_education, subjects=[f.subject("chemistry")])
    no_subjects = f.EducatorFactory()
    f.EmploymentFactory(educator=no_subjects, position=f.position("educator"))

    found = set(Educator.objects.out_of_profile(ON).values_list("pk", flat=True))

    assert found == {mismatching.pk, no_education.pk}


def test_the_uncovered_subjects_of_employments_are_those_taught_out_of_profile(db):
    # the same people as above, read from the employments' subject links: physics of the mismatching one
    # (her algebra is covered by mathematics) and chemistry of the one without education; a speciality
    # completed after ON does not cover yet
    maths = f.speciality("Математика")
    mismatching = f.EducatorFactory()
    f.EducationFactory(educator=mismatching, speciality=maths)
    f.EmploymentFactory(educator=mismatching, subjects=[f.subject("algebra"), f.subject("physics")])
    no_education = f.EducatorFactory()
    f.EmploymentFactory(educator=no_education, subjects=[f.subject("chemistry")])
    later = f.EducatorFactory()
    f.EducationFactory(educator=later, speciality=f.speciality("Физика"), completed_on=date(2025, 6, 30))
    f.EmploymentFactory(educator=later, subjects=[f.subject("physics")])
    retrained = f.EducatorFactory()
    f.EducationFactory(educator=retrained, speciality=f.speciality("Физика"))
    f.EmploymentFactory(educator=retrained, subjects=[f.subject("physics")])

    found = Employment.objects.uncovered_subjects(ON).values_list("employment__educator__pk", "subject__code")

    assert set(found) == {
        (mismatching.pk, "physics"),
        (no_education.pk, "chemistry"),
        (later.pk, "physics"),
    }


def test_load_is_summed_over_active_employments(db):
    two_jobs = f.EducatorFactory()
    f.EmploymentFactory(educator=two_jobs, weekly_hours=Decimal("18"))
    f.EmploymentFactory(educator=two_jobs, weekly_hours=Decimal("9"), kind=EmploymentKind.EXTERNAL)
    ended = f.EducatorFactory()
    f.EmploymentFactory(educator=ended, weekly_hours=Decimal("18"))
    f.EmploymentFactory(educator=ended, weekly_hours=Decimal("12"), end_date=date(2024, 12, 31))

    heavy = set(Educator.objects.load_at_least(27, ON).values_list("pk", flat=True))
    part_time = set(Educator.objects.part_time(ON).values_list("pk", flat=True))

    assert heavy == {two_jobs.pk}
    assert part_time == {two_jobs.pk}
    assert Educator.objects.with_load(ON).get(pk=ended.pk).weekly_hours == Decimal("18")


def test_search_ignores_case_and_yo_in_cyrillic(db):
    semyonova = f.EducatorFactory(last_name="Семёнова", first_name="Алёна", patronymic="Юрьевна")
    f.EducatorFactory(last_name="Петрова")

    for text in ("семенова", "СЕМЁНОВА", "алена семен", "Юрьевна"):
        assert list(Educator.objects.search(text)) == [semyonova], text
    assert not Educator.objects.search("семенова петрова").exists()


def test_working_in_scope_excludes_former_employees_and_closed_organizations(cast):
    f.EmploymentFactory(educator=cast.school2_educator, organization=cast.school2, end_date=date(2024, 12, 31))
    cast.school2_educator.employments.filter(end_date__isnull=True).update(end_date=date(2024, 12, 31))
    closed = f.OrganizationFactory(municipality=cast.municipality, short_name="Закрытая", is_active=False)
    f.EmploymentFactory(educator=f.EducatorFactory(last_name="Закрытова"), organization=closed)

    current = {e.last_name for e in Educator.objects.working_in_scope(cast.coordinator, ON)}
    ever = {e.last_name for e in Educator.objects.in_scope(cast.coordinator)}

    assert current == {"Смирнова", "Кузнецов"}
    assert ever == {"Смирнова", "Кузнецов", "Орлова", "Закрытова"}


def test_pedagogical_and_without_category(db):
    teacher = f.EducatorFactory(category=Category.FIRST, category_awarded_on=date(2023, 10, 1))
    f.EmploymentFactory(educator=teacher)
    head = f.EducatorFactory(
        category=Category.HIGHEST, category_awarded_on=date(2019, 1, 10), category_expires_on=date(2024, 1, 10)
    )
    f.EmploymentFactory(educator=head, position=f.position("head"))

    assert list(Educator.objects.pedagogical(ON)) == [teacher]
    assert list(Educator.objects.without_category(ON)) == [head]  # expired a year ago
