"""Writing a region's facts for a period in one set-based pass: two `INSERT … SELECT` statements.

The first writes a row per educator and organization where they hold an active employment on the period's
end (`PlacementFacts`), for every educator who works in the region on that day, marking the row of their
home employment; the second derives from those rows one row per educator, placed in their home
organization (`EducatorFacts`). Every subquery is
limited to the region's educators, so the cost of a build is the region's, whatever the database holds.

The rules are those of the registry predicates (metodist/people/predicates.py): an employment is active on
`on` when it started by then and has not ended before; an education counts from its completion date (an
education without one counts); a subject is out of profile when no completed education's speciality covers
it; the home employment is the main one, else the earliest active one (ties by start date, then id).
"""

import time
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from metodist.lib.db import analytical
from metodist.people.models import EducationLevel, EmploymentKind, PositionKind

from .models import FACTS_VERSION, EducatorFacts, FactsBuild, PlacementFacts

EDUCATOR_COLUMNS = ("sex", "birth_date", "ped_work_start", "category", "category_awarded_on", "category_expires_on")
EMPLOYMENT_FLAGS = ("pedagogical", "teacher", "manager", "part_time", "out_of_profile")
CODE_COLUMNS = ("position_codes", "subject_codes", "org_kinds", "flags_on", "flags_during")

ACTIVE = "{e}.start_date <= %(on)s AND ({e}.end_date IS NULL OR {e}.end_date >= %(on)s)"

PLACEMENTS = """
WITH people AS MATERIALIZED (
  SELECT DISTINCT e.educator_id
  FROM people_employment e
  JOIN orgs_organization o ON o.id = e.organization_id
  WHERE o.region_id = %(region)s AND {active_e}
),
act AS MATERIALIZED (
  SELECT e.id, e.educator_id, e.organization_id, e.position_id, e.kind,
         p.kind AS position_kind, p.is_teacher, p.code AS position_code, {educator_values},
         SUM(e.weekly_hours) OVER (PARTITION BY e.educator_id) AS hours,
         ROW_NUMBER() OVER (
           PARTITION BY e.educator_id
           ORDER BY CASE WHEN e.kind = %(main)s THEN 0 ELSE 1 END, e.start_date, e.id
         ) AS place,
         CASE WHEN EXISTS (
           SELECT 1 FROM people_employment_subjects es
           WHERE es.employment_id = e.id AND NOT EXISTS (
             SELECT 1 FROM people_education edu
             JOIN people_speciality_subjects ss ON ss.speciality_id = edu.speciality_id
             WHERE edu.educator_id = e.educator_id AND ss.subject_id = es.subject_id
               AND (edu.completed_on IS NULL OR edu.completed_on <= %(on)s)
           )
         ) THEN 1 ELSE 0 END AS uncovered,
         CASE WHEN EXISTS (
           SELECT 1 FROM people_education edu
           WHERE edu.educator_id = e.educator_id AND edu.level = %(higher)s
             AND (edu.completed_on IS NULL OR edu.completed_on <= %(on)s)
         ) THEN 1 ELSE 0 END AS higher,
         (SELECT {subjects} FROM people_employment_subjects es JOIN people_subject s ON s.id = es.subject_id
          WHERE es.employment_id = e.id) AS subjects,
         (SELECT {flags} FROM orgs_flagperiod f
          WHERE f.organization_id = e.organization_id
            AND (f.start_date IS NULL OR f.start_date <= %(on)s) AND (f.end_date IS NULL OR f.end_date >= %(on)s)
         ) AS flags_on,
         (SELECT {flags} FROM orgs_flagperiod f
          WHERE f.organization_id = e.organization_id
            AND (f.start_date IS NULL OR f.start_date <= %(on)s) AND (f.end_date IS NULL OR f.end_date >= %(start)s)
         ) AS flags_during
  FROM people_employment e
  JOIN people ON people.educator_id = e.educator_id
  JOIN people_position p ON p.id = e.position_id
  JOIN people_educator ed ON ed.id = e.educator_id
  WHERE {active_e}
)
INSERT INTO {table} (build_id, educator_id, organization_id, municipality_id, {educator_columns},
                     higher_education, weekly_hours, {employment_flags}, teaching_out_of_profile, {code_columns},
                     home, home_position_id)
SELECT %(build)s, a.educator_id, o.id, o.municipality_id, {act_educator_values},
       MAX(a.higher) = 1,
       MAX(a.hours),
       MAX(CASE WHEN a.position_kind = %(pedagogical)s THEN 1 ELSE 0 END) = 1,
       MAX(CASE WHEN a.is_teacher THEN 1 ELSE 0 END) = 1,
       MAX(CASE WHEN a.position_kind = %(managerial)s THEN 1 ELSE 0 END) = 1,
       MAX(CASE WHEN a.kind <> %(main)s THEN 1 ELSE 0 END) = 1,
       MAX(a.uncovered) = 1,
       MAX(CASE WHEN a.is_teacher THEN a.uncovered ELSE 0 END) = 1,
       ',' || {positions} || ',',
       ',' || COALESCE({all_subjects}, '') || ',',
       ',' || o.kind || ',',
       ',' || COALESCE(MAX(a.flags_on), '') || ',',
       ',' || COALESCE(MAX(a.flags_during), '') || ',',
       MAX(CASE WHEN a.place = 1 THEN 1 ELSE 0 END) = 1,
       MAX(CASE WHEN a.place = 1 THEN a.position_id END)
FROM act a
JOIN orgs_organization o ON o.id = a.organization_id
GROUP BY a.educator_id, o.id, {act_educator_values}
"""

HOMES = """
INSERT INTO {table} (build_id, educator_id, organization_id, municipality_id, position_id, {educator_columns},
                     higher_education, weekly_hours, {employment_flags}, {code_columns})
SELECT %(build)s, g.*
FROM (
  SELECT p.educator_id,
         MAX(CASE WHEN p.home THEN p.organization_id END) AS organization_id,
         MAX(CASE WHEN p.home THEN p.municipality_id END) AS municipality_id,
         MAX(p.home_position_id) AS position_id,
         {educator_max}, {any_higher}, MAX(p.weekly_hours), {any_flags}, {concat_codes}
  FROM {placements} p
  WHERE p.build_id = %(build)s
  GROUP BY p.educator_id
) g
JOIN orgs_organization o ON o.id = g.organization_id
WHERE o.region_id = %(region)s
"""


class Dialect:
    """The few aggregates SQLite and PostgreSQL spell differently."""

    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"

    def codes(self, column: str) -> str:
        """'a,b' of the distinct values of `column` in a group (NULL for none)."""
        return f"string_agg(DISTINCT {column}, ',')" if self.postgres else f"group_concat(DISTINCT {column})"

    def joined(self, column: str) -> str:
        """'a,b' of the values of `column` in a group, NULLs left out (NULL for none)."""
        return f"string_agg({column}, ',')" if self.postgres else f"group_concat({column}, ',')"

    def concat(self, column: str) -> str:
        return f"string_agg({column}, '')" if self.postgres else f"group_concat({column}, '')"

    def any(self, column: str) -> str:
        return f"bool_or({column})" if self.postgres else f"MAX({column})"


def placements_sql(dialect: Dialect) -> str:
    return PLACEMENTS.format(
        active_e=ACTIVE.format(e="e"),
        subjects=dialect.codes("s.code"),
        flags=dialect.codes("f.flag"),
        positions=dialect.codes("a.position_code"),
        all_subjects=dialect.joined("a.subjects"),
        table=PlacementFacts._meta.db_table,
        educator_columns=", ".join(EDUCATOR_COLUMNS),
        employment_flags=", ".join(EMPLOYMENT_FLAGS),
        code_columns=", ".join(CODE_COLUMNS),
        educator_values=", ".join(f"ed.{column}" for column in EDUCATOR_COLUMNS),
        act_educator_values=", ".join(f"a.{column}" for column in EDUCATOR_COLUMNS),
    )


def homes_sql(dialect: Dialect) -> str:
    return HOMES.format(
        placements=PlacementFacts._meta.db_table,
        table=EducatorFacts._meta.db_table,
        educator_columns=", ".join(EDUCATOR_COLUMNS),
        employment_flags=", ".join(EMPLOYMENT_FLAGS),
        code_columns=", ".join(CODE_COLUMNS),
        educator_max=", ".join(f"MAX(p.{column})" for column in EDUCATOR_COLUMNS),
        any_higher=dialect.any("p.higher_education"),
        any_flags=", ".join(dialect.any(f"p.{column}") for column in EMPLOYMENT_FLAGS),
        concat_codes=", ".join(dialect.concat(f"p.{column}") for column in CODE_COLUMNS),
    )


def write(build: FactsBuild) -> None:
    """Replaces the rows of `build` by the registry's facts of its region and period, set-based."""
    started = time.perf_counter()
    dialect = Dialect(connection.vendor)
    params = {
        "build": build.pk,
        "region": build.region_id,
        "start": build.start,
        "on": build.on,
        "higher": EducationLevel.HIGHER,
        "pedagogical": PositionKind.PEDAGOGICAL,
        "managerial": PositionKind.MANAGERIAL,
        "main": EmploymentKind.MAIN,
    }
    with transaction.atomic(), analytical(), connection.cursor() as cursor:
        for model in (EducatorFacts, PlacementFacts):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE build_id = %s", [build.pk])
        cursor.execute(placements_sql(dialect), params)
        cursor.execute(homes_sql(dialect), params)
        if connection.vendor == "postgresql":
            # A build replaces tens of thousands of rows; planned on the statistics of the rows before it (or of
            # none), the drill-down's list joins them by nested loops: 1.6 s instead of 30 ms at region scale.
            # Autovacuum may analyze them much later, or never where it is off.
            for model in (EducatorFacts, PlacementFacts):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        build.educators = EducatorFacts.objects.filter(build=build).count()
        build.version = FACTS_VERSION
        build.stale = False
        build.built_at = timezone.now()
        build.seconds = round(time.perf_counter() - started, 3)
        build.save()


def current(region_id: int, start: date, on: date) -> FactsBuild:
    """The facts of a region for [start, on], rebuilt first when missing, stale or built by an older rule.

    The build row is locked while it is rebuilt, so two computations of one region wait for each other
    instead of writing the same rows twice (on SQLite the write lock of the database does the same). A
    current build is returned without the lock: readers (every drill-down, every page reading facts) do not
    queue on one row, and a write after this read is seen by the next reader, as with the lock."""
    build = FactsBuild.objects.filter(region_id=region_id, start=start, on=on).first()
    if build is not None and build.is_current():
        return build
    with transaction.atomic():
        build, _ = FactsBuild.objects.get_or_create(region_id=region_id, start=start, on=on)
        build = FactsBuild.objects.select_for_update().get(pk=build.pk)
        if not build.is_current():
            write(build)
    return build
