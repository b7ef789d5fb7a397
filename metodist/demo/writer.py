"""Rows from the generated municipalities: one insert per table and batch, no query per row.

The rows of each table are described once, as tuples of column values, and written by one of two sinks: Django's
`bulk_create` (every database) or PostgreSQL's `COPY … FROM STDIN`, which loads the nation scale several times
faster (no SQL text to build and parse, no model objects). Both write the same rows with the same ids.
"""

from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from metodist.lib.sorting import natural_key
from metodist.orgs.models import FlagPeriod, Municipality, Organization, StaffPosition
from metodist.people.models import Education, Educator, Employment

from .organizations import FIRST_LIST_YEAR, OrgPlan
from .records import Person
from .reference import Reference
from .staffing import StaffRow
from .territory import MunicipalityPlan

BATCH_SIZE = 2000
STAFF_LIST_FROM = date(FIRST_LIST_YEAR, 9, 1)  # the staff lists are in force since the first demo year


@dataclass
class MunicipalityData:
    plan: MunicipalityPlan
    orgs: list[OrgPlan]
    people: list[Person]
    staff: list[StaffRow]
    model: Municipality


def copy_available() -> bool:
    """COPY is PostgreSQL's; every other database gets bulk_create."""
    return connection.vendor == "postgresql"


def write(batch: list[MunicipalityData], ref: Reference, copy: bool = False) -> None:
    """Saves the organizations, staff lists, educators, educations and employments of `batch`; sets their ids."""
    sink = CopySink() if copy else BulkSink()
    orgs = [org for data in batch for org in data.orgs]
    org_rows = [
        (
            data.model.pk,
            data.model.region_id,
            org.kind,
            org.short_name,
            org.full_name,
            org.address,
            natural_key(org.short_name),
        )
        for data in batch
        for org in data.orgs
    ]
    for org, pk in zip(orgs, sink.insert(Organization, ORGANIZATION, org_rows, ids=True), strict=True):
        org.pk = pk
    flag_rows = [(org.pk, s.flag, s.start, s.end, s.basis) for org in orgs for s in org.flag_spans]
    sink.insert(FlagPeriod, FLAG_PERIOD, flag_rows)
    staff_rows = [
        (
            row.org.pk,
            ref.positions[row.position].pk,
            ref.subjects[row.subject].pk if row.subject else None,
            row.rates,
            row.vacant,
            STAFF_LIST_FROM,
        )
        for data in batch
        for row in data.staff
    ]
    sink.insert(StaffPosition, STAFF_POSITION, staff_rows)
    people = [person for data in batch for person in data.people]
    educator_rows = [
        (
            p.last_name,
            p.first_name,
            p.patronymic,
            p.sex,
            p.birth_date,
            p.snils,
            p.ped_work_start,
            p.category,
            p.category_awarded_on,
            p.category_expires_on,
        )
        for p in people
    ]  # fmt: skip
    for person, pk in zip(people, sink.insert(Educator, EDUCATOR, educator_rows, ids=True), strict=True):
        person.pk = pk
    education_rows = [
        (p.pk, s.level, s.is_pedagogical, ref.specialities[s.speciality].pk, s.institution, s.completed_on)
        for p in people
        for s in p.studies
    ]
    sink.insert(Education, EDUCATION, education_rows)
    _employments(sink, people, ref)


ORGANIZATION = ("municipality_id", "region_id", "kind", "short_name", "full_name", "address", "sort_name")
FLAG_PERIOD = ("organization_id", "flag", "start_date", "end_date", "basis")
STAFF_POSITION = ("organization_id", "position_id", "subject_id", "rates", "vacant_rates", "valid_from")
EDUCATOR = (
    "last_name", "first_name", "patronymic", "sex", "birth_date", "snils", "ped_work_start", "category",
    "category_awarded_on", "category_expires_on",
)  # fmt: skip
EDUCATION = ("educator_id", "level", "is_pedagogical", "speciality_id", "institution", "completed_on")
EMPLOYMENT = ("educator_id", "organization_id", "position_id", "kind", "rate", "weekly_hours", "start_date")
EMPLOYMENT_SUBJECT = ("employment_id", "subject_id")


def _employments(sink: "BulkSink | CopySink", people: list[Person], ref: Reference) -> None:
    jobs = [(person, job) for person in people for job in person.jobs]
    rows = [
        (person.pk, job.org.pk, ref.positions[job.position].pk, job.kind, job.rate, job.hours, job.start)
        for person, job in jobs
    ]
    ids = sink.insert(Employment, EMPLOYMENT, rows, ids=True)
    links = [(pk, ref.subjects[code].pk) for pk, (_, job) in zip(ids, jobs, strict=True) for code in job.subjects]
    sink.insert(Employment.subjects.through, EMPLOYMENT_SUBJECT, links)


class BulkSink:
    """Model objects saved by bulk_create; the ids come back from the database."""

    def insert(self, model, fields: Sequence[str], rows: list[tuple], ids: bool = False) -> list[int]:
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return [obj.pk for obj in objects] if ids else []


class CopySink:
    """COPY FROM STDIN on PostgreSQL. Ids, where the caller needs them, are a range reserved from the table's
    sequence before the copy; the columns the rows leave out get the model's defaults (timestamps: now), as
    bulk_create would give them. A column that a model's bulk_create or save() derives (Organization's
    sort_name and region) is not derived here: the rows must carry it.
    """

    def __init__(self):
        self.now = timezone.now()

    def insert(self, model, fields: Sequence[str], rows: list[tuple], ids: bool = False) -> list[int]:
        if not rows:
            return []
        opts = model._meta
        rest = [f for f in opts.concrete_fields if not f.primary_key and f.attname not in fields]
        tail = tuple(self._default(field) for field in rest)
        columns = [opts.get_field(name).column for name in fields] + [f.column for f in rest]
        with connection.cursor() as cursor:
            first = self._reserve(cursor, model, len(rows)) if ids else None
            if ids:
                columns.insert(0, opts.pk.column)
            names = ", ".join(connection.ops.quote_name(column) for column in columns)
            with cursor.copy(f"COPY {connection.ops.quote_name(opts.db_table)} ({names}) FROM STDIN") as copy:
                if ids:
                    for pk, row in enumerate(rows, start=first):
                        copy.write_row((pk, *row, *tail))
                else:
                    for row in rows:
                        copy.write_row(row + tail)
        return list(range(first, first + len(rows))) if ids else []

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        return field.get_db_prep_save(field.get_default(), connection)

    @staticmethod
    def _reserve(cursor, model, count: int) -> int:
        """The first of `count` consecutive ids, taken from the table's sequence in one statement."""
        sequence = "pg_get_serial_sequence(%s, %s)"
        cursor.execute(
            f"SELECT setval({sequence}, nextval({sequence}) + %s - 1)",
            [model._meta.db_table, model._meta.pk.column] * 2 + [count],
        )
        return cursor.fetchone()[0] - count + 1


LOADED = (Organization, FlagPeriod, StaffPosition, Educator, Education, Employment, Employment.subjects.through)


@contextmanager
def keys_suspended(models=LOADED, indexes: bool = True):
    """Foreign keys (and, with `indexes`, unique constraints and secondary indexes) of the tables of `models`
    dropped for a bulk load on PostgreSQL and recreated, under the same names and definitions, when it ends.

    Checked row by row, the deferred foreign keys of a nation-scale load cost more than the load itself, and
    indexes built once over the loaded rows are cheaper than indexes kept up to date through the load. The
    definitions come from the catalogue (pg_get_constraintdef, pg_get_indexdef), so the schema afterwards is
    exactly the one the migrations made. The primary keys stay.
    """
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # pending checks would forbid the ALTER TABLE
        kinds = ["f", "u"] if indexes else ["f"]
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) AND contype = ANY(%s) ORDER BY contype, conrelid, conname",
            [tables, kinds],
        )
        constraints = cursor.fetchall()  # foreign keys first: a unique constraint may be what one refers to
        owned = {name for _, name, _ in constraints}
        listed = []
        if indexes:
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary ORDER BY indexrelid",
                [tables],
            )
            listed = [(name, sql) for name, sql in cursor.fetchall() if name.split(".")[-1] not in owned]
        quote = connection.ops.quote_name
        for table, name, _ in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in listed:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        previous = _set_local(cursor, REBUILD_MEMORY)
        for _, sql in listed:
            cursor.execute(sql)
        for table, name, definition in reversed(constraints):
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        _set_local(cursor, previous)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# Memory for the sorts of the index builds and the joins that validate the foreign keys, for the rebuild only
# (the server's defaults, 64 MB and 4 MB, spill a nation-scale table to disk).
REBUILD_MEMORY = {"maintenance_work_mem": "256MB", "work_mem": "64MB"}


def _set_local(cursor, settings: dict[str, str]) -> dict[str, str]:
    """Sets `settings` for the rest of the transaction; returns the values they replace."""
    previous = {}
    for name, value in settings.items():
        cursor.execute("SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value])
        previous[name] = cursor.fetchone()[0]
    return previous
