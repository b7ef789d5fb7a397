"""The DuckDB baseline of `manage.py bench`: the registry exported to Parquet and the registry indicators of
registry.toml written by hand in SQL, with the same rules as Metodist (home organization, dates on `on`)."""

import tempfile
import time
from datetime import date
from pathlib import Path

from django.db import connection

from metodist.lib.dates import add_years

EXPORTS = {
    "educator": "SELECT id, birth_date, ped_work_start, category, category_awarded_on, category_expires_on"
    " FROM people_educator",
    "employment": "SELECT id, educator_id, organization_id, position_id, kind, weekly_hours, start_date, end_date"
    " FROM people_employment",
    "employment_subject": "SELECT employment_id, subject_id FROM people_employment_subjects",
    "position": "SELECT id, kind, is_teacher FROM people_position",
    "education": "SELECT educator_id, level, speciality_id, completed_on FROM people_education",
    "speciality_subject": "SELECT speciality_id, subject_id FROM people_speciality_subjects",
    "organization": "SELECT id, municipality_id, kind FROM orgs_organization WHERE is_active",
    "staff": "SELECT organization_id, rates, vacant_rates, valid_from, valid_to FROM orgs_staffposition",
}

# Columns that may be entirely empty, where CSV type detection cannot guess.
TYPES = {
    "educator": {
        "birth_date": "DATE",
        "ped_work_start": "DATE",
        "category_awarded_on": "DATE",
        "category_expires_on": "DATE",
    },
    "employment": {"start_date": "DATE", "end_date": "DATE", "weekly_hours": "DECIMAL(5,1)"},
    "education": {"speciality_id": "BIGINT", "completed_on": "DATE"},
    "staff": {"rates": "DECIMAL(9,2)", "vacant_rates": "DECIMAL(9,2)", "valid_from": "DATE", "valid_to": "DATE"},
}

QUERY = """
WITH active AS (
  SELECT e.*, p.kind AS position_kind, CAST(p.is_teacher AS BOOLEAN) AS is_teacher
  FROM read_parquet('{d}/employment.parquet') e
  JOIN read_parquet('{d}/position.parquet') p ON p.id = e.position_id
  WHERE e.start_date <= DATE '{on}' AND (e.end_date IS NULL OR e.end_date >= DATE '{on}')
),
home AS (
  SELECT educator_id,
         arg_min(organization_id, (CASE WHEN kind = 'main' THEN 0 ELSE 1 END, start_date, id)) AS org,
         bool_or(position_kind = 'pedagogical') AS pedagogical,
         bool_or(is_teacher) AS teacher,
         bool_or(kind <> 'main') AS part_time,
         sum(weekly_hours) AS hours
  FROM active GROUP BY educator_id
),
completed AS (
  SELECT * FROM read_parquet('{d}/education.parquet')
  WHERE completed_on IS NULL OR completed_on <= DATE '{on}'
),
covered AS (
  SELECT DISTINCT ed.educator_id, ss.subject_id FROM completed ed
  JOIN read_parquet('{d}/speciality_subject.parquet') ss ON ss.speciality_id = ed.speciality_id
),
off_profile AS (
  SELECT DISTINCT a.educator_id, a.organization_id FROM active a
  JOIN read_parquet('{d}/employment_subject.parquet') es ON es.employment_id = a.id
  LEFT JOIN covered c ON c.educator_id = a.educator_id AND c.subject_id = es.subject_id
  WHERE c.educator_id IS NULL
),
higher AS (SELECT DISTINCT educator_id FROM completed WHERE level = 'higher'),
people AS (
  SELECT h.*, o.municipality_id,
    (e.birth_date > DATE '{young_birth}' AND e.ped_work_start <= DATE '{on}'
      AND e.ped_work_start > DATE '{young_start}') AS young,
    (h.educator_id IN (SELECT educator_id FROM off_profile)) AS out_of_profile,
    (e.category_awarded_on <= DATE '{on}'
      AND (e.category_expires_on IS NULL OR e.category_expires_on >= DATE '{on}')) AS category_valid,
    e.category, (h.educator_id IN (SELECT educator_id FROM higher)) AS higher_education
  FROM home h JOIN read_parquet('{d}/educator.parquet') e ON e.id = h.educator_id
  JOIN read_parquet('{d}/organization.parquet') o ON o.id = h.org
),
school_teachers AS (
  SELECT a.organization_id, count(DISTINCT a.educator_id) AS teachers,
         count(DISTINCT op.educator_id) AS off
  FROM active a LEFT JOIN off_profile op ON op.educator_id = a.educator_id AND op.organization_id = a.organization_id
  WHERE a.is_teacher GROUP BY a.organization_id
)
SELECT 'young' AS code, municipality_id, count(*) FILTER (young) AS num, count(*) AS den
  FROM people WHERE pedagogical GROUP BY municipality_id
UNION ALL SELECT 'young_count', municipality_id, count(*) FILTER (young), NULL FROM people WHERE pedagogical
  GROUP BY municipality_id
UNION ALL SELECT 'profile', municipality_id, count(*) FILTER (NOT out_of_profile), count(*) FROM people
  WHERE teacher GROUP BY municipality_id
UNION ALL SELECT 'part_time', municipality_id, count(*) FILTER (part_time), count(*) FROM people
  WHERE pedagogical GROUP BY municipality_id
UNION ALL SELECT 'load27', municipality_id, count(*) FILTER (hours >= 27), count(*) FROM people
  WHERE teacher GROUP BY municipality_id
UNION ALL SELECT 'highest', municipality_id,
  count(*) FILTER (category_valid AND category IN ('highest', 'methodist', 'mentor')), count(*) FROM people
  GROUP BY municipality_id
UNION ALL SELECT 'first', municipality_id, count(*) FILTER (category_valid AND category = 'first'), count(*)
  FROM people GROUP BY municipality_id
UNION ALL SELECT 'szd', municipality_id, count(*) FILTER (category_valid AND category = 'szd'), count(*)
  FROM people GROUP BY municipality_id
UNION ALL SELECT 'higher_education', municipality_id, count(*) FILTER (higher_education), count(*) FROM people
  GROUP BY municipality_id
UNION ALL SELECT 'staffing', o.municipality_id, sum(s.rates) - sum(s.vacant_rates), sum(s.rates)
  FROM read_parquet('{d}/staff.parquet') s JOIN read_parquet('{d}/organization.parquet') o
  ON o.id = s.organization_id
  WHERE (s.valid_from IS NULL OR s.valid_from <= DATE '{on}') AND (s.valid_to IS NULL OR s.valid_to >= DATE '{on}')
  GROUP BY o.municipality_id
UNION ALL SELECT 'schools30', o.municipality_id,
  count(*) FILTER (st.teachers > 0 AND st.off > st.teachers * 0.3), count(*)
  FROM read_parquet('{d}/organization.parquet') o LEFT JOIN school_teachers st ON st.organization_id = o.id
  WHERE o.kind = 'general' GROUP BY o.municipality_id
"""


def export_parquet(target: Path) -> float:
    """Writes every registry table to target/<name>.parquet via DuckDB; returns seconds."""
    import duckdb

    started = time.perf_counter()
    duck = duckdb.connect()
    with connection.cursor() as cursor:
        for name, sql in EXPORTS.items():
            cursor.execute(sql)
            columns = [c[0] for c in cursor.description]
            rows = cursor.fetchall()
            with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as handle:
                handle.write(",".join(columns) + "\n")
                for row in rows:
                    handle.write(",".join("" if v is None else str(v) for v in row) + "\n")
            types = TYPES.get(name, {})
            reader = f"read_csv('{handle.name}', header=true, auto_detect=true, types={types!r})"
            duck.execute(f"COPY (SELECT * FROM {reader}) TO '{target / name}.parquet' (FORMAT parquet)")
            Path(handle.name).unlink()
    duck.close()
    return time.perf_counter() - started


def run_queries(directory: Path, on: date, threads: int = 2) -> tuple[dict, float]:
    """{(code, municipality_id): (numerator, denominator)} and seconds of the hand-written query, run with
    `threads` threads (DuckDB's default is every core; the bench reports one and two)."""
    import duckdb

    sql = QUERY.format(d=directory, on=on, young_birth=add_years(on, -35), young_start=add_years(on, -3))
    duck = duckdb.connect()
    duck.execute(f"SET threads = {int(threads)}")
    started = time.perf_counter()
    rows = duck.execute(sql).fetchall()
    seconds = time.perf_counter() - started
    duck.close()
    return {(code, municipality): (num, den) for code, municipality, num, den in rows}, seconds
