"""Writing a region's facts for a period in one set-based pass: two `INSERT … SELECT` statements.

The first writes a row per educator and organization where they hold an active employment on the period's
end (`PlacementFacts`), for every educator who works in the region on that day; the second derives from
those rows one row per educator, placed in their home organization (`EducatorFacts`). Every subquery is
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
  JOIN orgs_municipality m ON m.id = o.municipality_id
  WHERE m.region_id = %(region)s AND {active_e}
),
act AS MATERIALIZED (
  SELECT e.id, e.educator_id, e.organization_id, e.kind, e.weekly_hours,
         p.kind AS position_kind, p.is_teacher, p.code AS position_code, {educator_values}
  FROM people_employment e
  JOIN people ON people.educator_id = e.educator_id
  JOIN people_position p ON p.id = e.position_id
  JOIN people_educator ed ON ed.id = e.educator_id
  WHERE {active_e}
),
uncovered AS MATERIALIZED (
  SELECT DISTINCT es.employment_id
  FROM people_employment_subjects es
  JOIN act a ON a.id = es.employment_id
  WHERE NOT EXISTS (
    SELECT 1 FROM people_education ed
    JOIN people_speciality_subjects ss ON ss.speciality_id = ed.speciality_id
    WHERE ed.educator_id = a.educator_id AND ss.subject_id = es.subject_id
      AND (ed.completed_on IS NULL OR ed.completed_on <= %(on)s)
  )
),
taught AS MATERIALIZED (
  SELECT a.educator_id, a.organization_id, {agg_distinct_subject} AS codes
  FROM people_employment_subjects es
  JOIN act a ON a.id = es.employment_id
  JOIN people_subject s ON s.id = es.subject_id
  GROUP BY a.educator_id, a.organization_id
),
hours AS MATERIALIZED (SELECT educator_id, SUM(weekly_hours) AS total FROM act GROUP BY educator_id),
higher AS MATERIALIZED (
  SELECT DISTINCT ed.educator_id FROM people_education ed
  JOIN people ON people.educator_id = ed.educator_id
  WHERE ed.level = %(higher)s AND (ed.completed_on IS NULL OR ed.completed_on <= %(on)s)
),
flags_on AS MATERIALIZED (
  SELECT organization_id, {agg_distinct_flag} AS codes FROM orgs_flagperiod
  WHERE (start_date IS NULL OR start_date <= %(on)s) AND (end_date IS NULL OR end_date >= %(on)s)
  GROUP BY organization_id
),
flags_during AS MATERIALIZED (
  SELECT organization_id, {agg_distinct_flag} AS codes FROM orgs_flagperiod
  WHERE (start_date IS NULL OR start_date <= %(on)s) AND (end_date IS NULL OR end_date >= %(start)s)
  GROUP BY organization_id
)
INSERT INTO {table} (build_id, educator_id, organization_id, municipality_id, {educator_columns},
                     higher_education, weekly_hours, {employment_flags}, teaching_out_of_profile, {code_columns})
SELECT %(build)s, a.educator_id, o.id, o.municipality_id, {act_educator_values},
       MAX(CASE WHEN hi.educator_id IS NULL THEN 0 ELSE 1 END) = 1,
       MAX(h.total),
       MAX(CASE WHEN a.position_kind = %(pedagogical)s THEN 1 ELSE 0 END) = 1,
       MAX(CASE WHEN a.is_teacher THEN 1 ELSE 0 END) = 1,
       MAX(CASE WHEN a.position_kind = %(managerial)s THEN 1 ELSE 0 END) = 1,
       MAX(CASE WHEN a.kind <> %(main)s THEN 1 ELSE 0 END) = 1,
       MAX(CASE WHEN u.employment_id IS NULL THEN 0 ELSE 1 END) = 1,
       MAX(CASE WHEN u.employment_id IS NOT NULL AND a.is_teacher THEN 1 ELSE 0 END) = 1,
       {agg_distinct_position},
       COALESCE(MAX(t.codes), ','),
       ',' || o.kind || ',',
       COALESCE(MAX(fo.codes), ','),
       COALESCE(MAX(fd.codes), ',')
FROM act a
JOIN orgs_organization o ON o.id = a.organization_id
LEFT JOIN uncovered u ON u.employment_id = a.id
LEFT JOIN taught t ON t.educator_id = a.educator_id AND t.organization_id = a.organization_id
LEFT JOIN hours h ON h.educator_id = a.educator_id
LEFT JOIN higher hi ON hi.educator_id = a.educator_id
LEFT JOIN flags_on fo ON fo.organization_id = a.organization_id
LEFT JOIN flags_during fd ON fd.organization_id = a.organization_id
GROUP BY a.educator_id, o.id, {act_educator_values}
"""

HOMES = """
WITH home AS MATERIALIZED (
  SELECT e.educator_id, e.organization_id, e.position_id,
         ROW_NUMBER() OVER (
           PARTITION BY e.educator_id
           ORDER BY CASE WHEN e.kind = %(main)s THEN 0 ELSE 1 END, e.start_date, e.id
         ) AS place
  FROM people_employment e
  WHERE {active_e} AND e.educator_id IN (SELECT educator_id FROM {placements} WHERE build_id = %(build)s)
)
INSERT INTO {table} (build_id, educator_id, organization_id, municipality_id, position_id, {educator_columns},
                     higher_education, weekly_hours, {employment_flags}, {code_columns})
SELECT %(build)s, p.educator_id, h.organization_id, o.municipality_id, h.position_id, {educator_max},
       {any_higher}, MAX(p.weekly_hours), {any_flags}, {concat_codes}
FROM {placements} p
JOIN home h ON h.educator_id = p.educator_id AND h.place = 1
JOIN orgs_organization o ON o.id = h.organization_id
JOIN orgs_municipality m ON m.id = o.municipality_id
WHERE p.build_id = %(build)s AND m.region_id = %(region)s
GROUP BY p.educator_id, h.organization_id, o.municipality_id, h.position_id
"""


class Dialect:
    """The few aggregates SQLite and PostgreSQL spell differently."""

    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"

    def codes(self, column: str) -> str:
        """',a,b,' of the distinct values of `column` in a group."""
        agg = f"string_agg(DISTINCT {column}, ',')" if self.postgres else f"group_concat(DISTINCT {column})"
        return f"',' || {agg} || ','"

    def concat(self, column: str) -> str:
        return f"string_agg({column}, '')" if self.postgres else f"group_concat({column}, '')"

    def any(self, column: str) -> str:
        return f"bool_or({column})" if self.postgres else f"MAX({column})"


def placements_sql(dialect: Dialect) -> str:
    return PLACEMENTS.format(
        active_e=ACTIVE.format(e="e"),
        agg_distinct_subject=dialect.codes("s.code"),
        agg_distinct_flag=dialect.codes("flag"),
        agg_distinct_position=dialect.codes("a.position_code"),
        table=PlacementFacts._meta.db_table,
        educator_columns=", ".join(EDUCATOR_COLUMNS),
        employment_flags=", ".join(EMPLOYMENT_FLAGS),
        code_columns=", ".join(CODE_COLUMNS),
        educator_values=", ".join(f"ed.{column}" for column in EDUCATOR_COLUMNS),
        act_educator_values=", ".join(f"a.{column}" for column in EDUCATOR_COLUMNS),
    )


def homes_sql(dialect: Dialect) -> str:
    return HOMES.format(
        active_e=ACTIVE.format(e="e"),
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
        build.educators = EducatorFacts.objects.filter(build=build).count()
        build.version = FACTS_VERSION
        build.stale = False
        build.built_at = timezone.now()
        build.seconds = round(time.perf_counter() - started, 3)
        build.save()


def current(region_id: int, start: date, on: date) -> FactsBuild:
    """The facts of a region for [start, on], rebuilt first when missing, stale or built by an older rule.

    The build row is locked while it is rebuilt, so two computations of one region wait for each other
    instead of writing the same rows twice (on SQLite the write lock of the database does the same)."""
    with transaction.atomic():
        build, _ = FactsBuild.objects.get_or_create(region_id=region_id, start=start, on=on)
        build = FactsBuild.objects.select_for_update().get(pk=build.pk)
        if not build.is_current():
            write(build)
    return build
