"""The municipality scale of the demo: every figure of seed 002 on the reference date, and the demo logins.

The demo is loaded once per reference date for the whole module (in a transaction rolled back at the end); each
test runs in a savepoint on top of it. Every figure is read through the QuerySet methods the indicators use.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from metodist.accounts.models import Role, User
from metodist.demo.organizations import FIRST_LIST_YEAR
from metodist.demo.staffing import deficit_of
from metodist.demo.users import DEMO_PASSWORD
from metodist.lib.dates import full_years, school_year
from metodist.lib.snils import snils_checksum_ok
from metodist.orgs.models import FlagPeriod, Organization, StaffPosition
from metodist.people.models import (
    HIGHEST_OR_ABOVE,
    Category,
    Educator,
    Employment,
    EmploymentKind,
    PositionKind,
    category_expiry,
)
from metodist.people.rules import ATTESTATION_ORDER_196_START

from .helpers import Demo, loaded_demo


@pytest.fixture(
    scope="module",
    # The date of seed 002's figures, and a later one: the demo defaults to today, so figures must hold on any day.
    params=[date(2024, 1, 1), date(2026, 11, 23)],
    ids=["on_2024_01_01", "on_2026_11_23"],
)
def demo(request, django_db_setup, django_db_blocker):
    with loaded_demo(request.param, django_db_blocker) as loaded:
        yield loaded


def teachers(demo: Demo):
    return demo.educators.teachers(demo.on)


# Organizations


def test_demo_municipality_has_between_15_and_25_organizations_of_the_three_kinds(demo, db):
    kinds = set(demo.orgs.values_list("kind", flat=True))

    count = demo.orgs.count()

    assert 15 <= count <= 25
    assert kinds == {"general", "preschool", "additional"}


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("is_low_results", 2),
        ("is_difficult_conditions", 1),
        ("is_innovation_site", 2),
        ("is_resource_centre", 1),
        ("is_internship_site", 1),
        ("is_minpros_school", 3),
    ],
)
def test_organization_flags_are_carried_by_as_many_organizations_as_the_brief_lists(demo, db, flag, expected):
    flagged = demo.orgs.flagged([flag], demo.on)

    count = flagged.count()

    assert count == expected


def test_school_flags_are_carried_by_schools_only(demo, db):
    school_flags = ("is_low_results", "is_difficult_conditions", "is_internship_site", "is_minpros_school")

    kinds = set(demo.orgs.flagged(school_flags, demo.on).values_list("kind", flat=True))

    assert kinds == {"general"}


def test_flag_lists_are_issued_per_school_year_and_differ_between_years(demo, db):
    periods = FlagPeriod.objects.filter(organization__in=demo.orgs, flag="is_low_results")

    now = set(demo.orgs.flagged(["is_low_results"], demo.on))
    then = set(demo.orgs.flagged(["is_low_results"], date(school_year(demo.on), 5, 31)))  # a year earlier

    assert set(periods.values_list("start_date", flat=True)) == {
        date(year, 9, 1) for year in range(FIRST_LIST_YEAR, school_year(demo.on) + 1)
    }
    assert periods.filter(end_date__isnull=True).count() == len(now) == 2
    if school_year(demo.on) == FIRST_LIST_YEAR:  # the first list: nobody held the flag the year before
        assert then == set()
    else:  # one school entered the list this year, another left it
        assert len(then) == 2 and len(now & then) == 1


# Educators and their jobs


def test_demo_municipality_has_757_educators_each_with_exactly_one_main_job_there(demo, db):
    main_jobs = Employment.objects.filter(kind=EmploymentKind.MAIN, educator__in=demo.educators)

    per_educator = main_jobs.values("educator").annotate(n=Count("pk")).values_list("n", flat=True)

    assert demo.educators.count() == 757
    assert set(per_educator) == {1}
    assert not main_jobs.exclude(organization__municipality=demo.municipality).exists()


@pytest.mark.parametrize(("kind", "expected"), [("preschool", 337), ("general", 374), ("additional", 46)])
def test_educators_by_kind_of_organization_are_those_of_the_programme(demo, db, kind, expected):
    organizations = demo.orgs.filter(kind=kind)

    count = Educator.objects.working_in(organizations, demo.on).count()

    assert count == expected


def test_61_educators_hold_only_managerial_positions_and_696_are_pedagogical_workers(demo, db):
    pedagogical = demo.educators.filter(
        employments__kind=EmploymentKind.MAIN, employments__position__kind=PositionKind.PEDAGOGICAL
    )

    managers = demo.educators.managers(demo.on)

    assert managers.count() == 61
    assert pedagogical.count() == 696
    assert not managers.filter(pk__in=pedagogical).exists()
    assert managers.count() >= demo.orgs.count()  # a head in every organization


def test_659_educators_have_higher_education(demo, db):
    higher = demo.educators.with_higher_education(demo.on)

    count = higher.count()

    assert count == 659  # 87.1 %


@pytest.mark.parametrize(
    ("categories", "expected"),
    [(HIGHEST_OR_ABOVE, 135), ((Category.FIRST,), 303), ((Category.SZD,), 154)],
    ids=["highest_17_8", "first_40_0", "szd_20_3"],
)
def test_categories_in_force_on_the_reference_date_match_the_programme(demo, db, categories, expected):
    holders = demo.educators.with_category(categories, demo.on)

    count = holders.count()

    assert count == expected


def test_methodist_and_mentor_categories_are_few_and_awarded_from_1_september_2023(demo, db):
    new = demo.educators.with_category((Category.METHODIST, Category.MENTOR), demo.on)

    awarded = set(new.values_list("category_awarded_on", flat=True))

    assert new.count() == 7
    assert min(awarded) >= ATTESTATION_ORDER_196_START
    assert max(awarded) <= demo.on


def test_expiry_of_every_category_follows_order_196(demo, db):
    holders = list(Educator.objects.exclude(category=Category.NONE))

    mismatched = [e for e in holders if e.category_expires_on != category_expiry(e.category, e.category_awarded_on)]

    assert mismatched == []


def test_some_expired_categories_count_as_none(demo, db):
    stored = demo.educators.filter(category=Category.SZD).count()

    in_force = demo.educators.with_category((Category.SZD,), demo.on).count()

    assert stored - in_force == 8


def test_exactly_39_young_educators_all_pedagogical_and_the_model_agrees(demo, db):
    young = demo.educators.young(demo.on)

    by_model = [e.pk for e in demo.educators if e.is_young(demo.on)]

    assert young.count() == 39  # 39 / 696 = 5.6 %
    assert not young.managers(demo.on).exists()
    assert sorted(by_model) == sorted(young.values_list("pk", flat=True))


def test_nobody_is_young_by_accident(demo, db):
    under_35 = demo.educators.younger_than(35, demo.on)

    not_young = under_35.exclude(pk__in=demo.educators.young(demo.on))

    assert all(e.experience_years(demo.on) >= 3 for e in not_young)


def test_a_third_of_teachers_have_a_weekly_load_of_27_hours_or_more(demo, db):
    total = teachers(demo).count()

    heavy = teachers(demo).load_at_least(27, demo.on).count()

    assert heavy == (total * 33 + 50) // 100
    assert round(heavy * 100 / total) == 33


def test_staffing_deficit_is_16_7_percent(demo, db):
    staffing = demo.orgs.with_staffing(demo.on).aggregate(rates=Sum("staff_rates"), vacant=Sum("vacant_rates"))

    deficit = deficit_of(Decimal(staffing["rates"]), Decimal(staffing["vacant"]))

    assert deficit == Decimal("0.167")


def test_about_8_percent_of_teachers_teach_out_of_profile(demo, db):
    total = teachers(demo).count()

    out_of_profile = demo.educators.out_of_profile(demo.on).count()

    assert out_of_profile == (total * 8 + 50) // 100
    assert not demo.educators.out_of_profile(demo.on).exclude(pk__in=teachers(demo)).exists()


def test_6_percent_of_educators_work_part_time(demo, db):
    part_time = demo.educators.part_time(demo.on)

    count = part_time.count()

    assert count == 45  # round(757 × 6 %)


def test_pre_pension_and_pension_ages_are_15_and_10_percent(demo, db):
    pre_pension = demo.educators.pre_pension(demo.on).count()

    pension = demo.educators.pension_age(demo.on).count()

    assert (pre_pension, pension) == (114, 76)  # round(757 × 15 %), round(757 × 10 %)


def test_every_snils_is_valid_and_unique(demo, db):
    numbers = list(Educator.objects.values_list("snils", flat=True))

    invalid = [number for number in numbers if not snils_checksum_ok(number)]

    assert invalid == []
    assert len(set(numbers)) == len(numbers) == 817


def test_every_generated_row_passes_model_validation(demo, db):
    educators = list(Educator.objects.all())
    employments = list(Employment.objects.all())
    staff = list(StaffPosition.objects.all())

    for row in educators + employments + staff:
        row.clean_fields(exclude=[f.name for f in row._meta.fields if f.is_relation])  # relations: saved rows
        row.clean()

    assert all(full_years(e.birth_date, e.ped_work_start) >= 18 for e in educators)
    assert all(e.start_date >= e.educator.ped_work_start for e in Employment.objects.select_related("educator"))


# Scope isolation and the logins


def test_second_municipality_is_small_and_invisible_to_the_demo_coordinator(demo, db):
    coordinator = User.objects.get(username="coordinator")
    other_educators = Educator.objects.working_in(Organization.objects.filter(municipality=demo.other), demo.on)

    visible = Educator.objects.in_scope(coordinator)

    assert 2 <= Organization.objects.filter(municipality=demo.other).count() <= 4
    assert other_educators.count() == 60
    assert visible.count() == 757
    assert not visible.filter(pk__in=other_educators).exists()


def test_the_school_login_sees_only_the_first_school(demo, db):
    school_admin = User.objects.get(username="school")

    visible = Organization.objects.in_scope(school_admin)

    assert [o.short_name for o in visible] == [o.short_name for o in school_admin.organizations.all()]
    assert visible.get().short_name.endswith("СОШ № 1")


def test_every_role_has_a_demo_login_with_the_demo_password(demo, db):
    users = {u.username: u for u in User.objects.filter(email__endswith="@demo.metodist.invalid")}

    roles = {username: user.role for username, user in users.items()}

    assert roles == {
        "admin": Role.ADMIN,
        "region": Role.REGIONAL_OPERATOR,
        "coordinator": Role.COORDINATOR,
        "methodist": Role.METHODOLOGIST,
        "school": Role.ORG_ADMIN,
        "assoc": Role.ASSOCIATION_HEAD,
        "tutor": Role.TUTOR,
        "mentor": Role.MENTOR,
        "teacher": Role.EDUCATOR,
    }
    assert users["admin"].is_superuser
    assert users["teacher"].check_password(DEMO_PASSWORD)


def test_self_scoped_logins_are_educators_of_the_first_school_and_the_teacher_is_young_in_mathematics(demo, db):
    school = User.objects.get(username="school").organizations.get()
    linked = {u.username: u.educator for u in User.objects.filter(username__in=["assoc", "tutor", "mentor", "teacher"])}

    teacher = linked["teacher"]

    assert len({e.pk for e in linked.values()}) == 4
    assert all(Educator.objects.working_in([school], demo.on).filter(pk=e.pk).exists() for e in linked.values())
    assert teacher.is_young(demo.on)
    assert teacher.employments.get(kind=EmploymentKind.MAIN).subjects.filter(code="mathematics").exists()
    assert not linked["mentor"].is_young(demo.on)
