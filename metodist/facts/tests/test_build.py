"""The facts of a region: what a build holds, that it stays inside its region, and that every registry write
makes the next reader see it."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from metodist.facts.build import current
from metodist.facts.models import EducatorFacts, FactsBuild, PlacementFacts
from metodist.imports.plan import Change, create_all
from metodist.people.models import Educator, EmploymentKind
from metodist.testing import factories as f

START, ON = date(2023, 9, 1), date(2024, 6, 30)

pytestmark = pytest.mark.django_db


def codes(listed: str) -> set[str]:
    return {code for code in listed.split(",") if code}


def rows(model, build, educator):
    return list(model.objects.filter(build=build, educator=educator).order_by("organization_id"))


def test_a_part_timer_has_one_home_row_and_a_row_per_organization(cast):
    """Смирнова: main job at school 1 (teacher, mathematics, 18 h), part-time at school 2 as a deputy head
    (managerial, 4 h). Home: school 1; the placement at school 2 is part-time and managerial only."""
    f.EmploymentFactory(
        educator=cast.teacher,
        organization=cast.school2,
        position=f.position("deputy_head"),
        kind=EmploymentKind.INTERNAL,
        weekly_hours=Decimal("4"),
        start_date=date(2023, 1, 1),
    )
    build = current(cast.region.pk, START, ON)

    (home,) = rows(EducatorFacts, build, cast.teacher)
    assert home.organization_id == cast.school1.pk and home.municipality_id == cast.municipality.pk
    assert (home.pedagogical, home.teacher, home.manager, home.part_time) == (True, True, True, True)
    assert home.weekly_hours == Decimal("22")
    assert codes(home.subject_codes) == {"mathematics"}
    assert codes(home.position_codes) == {"teacher", "deputy_head"}

    at_school1, at_school2 = rows(PlacementFacts, build, cast.teacher)
    assert (at_school1.organization_id, at_school1.teacher, at_school1.manager, at_school1.part_time) == (
        cast.school1.pk,
        True,
        False,
        False,
    )
    assert (at_school2.organization_id, at_school2.teacher, at_school2.manager, at_school2.part_time) == (
        cast.school2.pk,
        False,
        True,
        True,
    )
    assert codes(at_school2.subject_codes) == set()
    assert at_school2.weekly_hours == Decimal("22")  # the load is the person's, over all their posts


def test_a_build_holds_its_region_only(cast):
    elsewhere = f.OrganizationFactory(municipality=f.MunicipalityFactory(name="Город в другом регионе"))
    outsider = f.EducatorFactory(last_name="Чужая")
    f.EmploymentFactory(educator=outsider, organization=elsewhere)

    build = current(cast.region.pk, START, ON)

    counted = set(EducatorFacts.objects.filter(build=build).values_list("educator_id", flat=True))
    assert counted == {cast.teacher.pk, cast.mentor_educator.pk, cast.school2_educator.pk, cast.other_educator.pk}
    assert build.educators == 4


def test_out_of_profile_reads_educations_completed_by_the_period_end(cast):
    """Физика at school 1 for Кузнецов: covered by a physics diploma, but only one completed by 30.06.2024."""
    physics = f.speciality("Физика")
    f.EducationFactory(educator=cast.mentor_educator, speciality=physics, completed_on=date(2024, 7, 1))
    build = current(cast.region.pk, START, ON)
    (home,) = rows(EducatorFacts, build, cast.mentor_educator)
    assert home.out_of_profile is True

    later = current(cast.region.pk, START, date(2024, 7, 1))
    (home,) = rows(EducatorFacts, later, cast.mentor_educator)
    assert home.out_of_profile is False


def test_a_current_build_is_reused_and_any_registry_write_makes_it_stale(cast):
    build = current(cast.region.pk, START, ON)
    built_at = build.built_at
    assert current(cast.region.pk, START, ON).built_at == built_at  # nothing changed: not rebuilt

    cast.teacher.category = "first"
    cast.teacher.category_awarded_on = date(2024, 1, 10)
    cast.teacher.save()
    assert FactsBuild.objects.get(pk=build.pk).stale

    rebuilt = current(cast.region.pk, START, ON)
    assert rebuilt.pk == build.pk and not rebuilt.stale
    (home,) = rows(EducatorFacts, rebuilt, cast.teacher)
    assert (home.category, home.category_awarded_on) == ("first", date(2024, 1, 10))


def test_subjects_of_an_employment_changed_in_place_make_the_facts_stale(cast):
    build = current(cast.region.pk, START, ON)
    employment = cast.teacher.employments.get()
    employment.subjects.add(f.subject("physics"))
    assert FactsBuild.objects.get(pk=build.pk).stale


def test_a_bulk_import_makes_the_facts_stale(cast):
    build = current(cast.region.pk, START, ON)
    values = {"last_name": "Новикова", "first_name": "Ольга", "sex": "F", "birth_date": date(1990, 1, 1),
              "ped_work_start": date(2015, 9, 1)}  # fmt: skip
    create_all([Change.create(Educator, values)], actor=None)
    assert FactsBuild.objects.get(pk=build.pk).stale


def test_a_build_by_an_older_rule_is_rebuilt(cast):
    build = current(cast.region.pk, START, ON)
    FactsBuild.objects.filter(pk=build.pk).update(version=0)
    assert current(cast.region.pk, START, ON).version > 0


def test_a_current_build_is_read_in_one_query_without_locking_it(cast, django_assert_num_queries):
    """Readers of current facts (every drill-down) must not queue on the build row's lock."""
    current(cast.region.pk, START, ON)
    with django_assert_num_queries(1) as captured:
        assert current(cast.region.pk, START, ON).is_current()
    assert "FOR UPDATE" not in captured.captured_queries[0]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statistics of the planner: PostgreSQL")
def test_a_build_leaves_the_planner_statistics_of_its_rows(cast):
    current(cast.region.pk, START, ON)

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [PlacementFacts._meta.db_table])
        (tuples,) = cursor.fetchone()
    assert tuples == PlacementFacts.objects.count()
