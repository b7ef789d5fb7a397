"""The COPY path of the demo writer (PostgreSQL): the same rows as bulk_create, and the schema left as it was."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test import override_settings

from metodist.demo.seeding import seed_demo
from metodist.demo.writer import LOADED
from metodist.people.models import Educator, Employment

from .helpers import FAST_HASHERS, SEED, registry_digest

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; on SQLite the demo is written by bulk_create"
)

ON = date(2024, 1, 1)
EDUCATORS = 1500  # a nation of two regions: the demo region and one more


def _load(copy: bool) -> tuple[str, list[int], list[int]]:
    seed_demo("nation", SEED, ON, EDUCATORS, copy=copy)
    educators = list(Educator.objects.order_by("snils").values_list("pk", flat=True))
    employments = list(Employment.objects.order_by("educator__snils", "kind").values_list("pk", flat=True))
    return registry_digest(), educators, employments


def _ranks(ids: list[int]) -> list[int]:
    """Ids relative to the first: the sequences are not rolled back, so the second load starts further on."""
    first = min(ids)
    return [pk - first for pk in ids]


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_copy_writes_the_rows_bulk_create_writes_in_the_same_id_order(db):
    with transaction.atomic():
        bulk = _load(copy=False)
        transaction.set_rollback(True)

    copied = _load(copy=True)

    assert Educator.objects.count() == EDUCATORS
    assert copied[0] == bulk[0]
    assert _ranks(copied[1]) == _ranks(bulk[1])
    assert _ranks(copied[2]) == _ranks(bulk[2])


def _schema() -> list[tuple]:
    tables = [model._meta.db_table for model in LOADED]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) "
            "UNION SELECT indrelid::regclass::text, indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
            "FROM pg_index WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables, tables],
        )
        return cursor.fetchall()


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_keys_and_indexes_dropped_for_the_load_are_back_as_they_were(db):
    before = _schema()

    seed_demo("nation", SEED, ON, EDUCATORS, copy=True)

    assert len(before) > 2 * len(LOADED)  # primary keys, foreign keys, unique constraints, indexes
    assert _schema() == before
