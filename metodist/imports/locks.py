"""The lock that makes commits into one municipality run one after the other.

Two commits that plan at the same time both see the registry without the other's people: two new people of the
same name (no SNILS), or a unique-constraint error (the same SNILS). So a commit takes the lock of every
municipality it writes to, in the order of their ids, as the first statement of its transaction, and only then
plans its rows against the registry; a second commit into the same municipality waits for the first to end and
then sees its people.

The lock is a row per municipality in CommitLock, written (INSERT … ON CONFLICT DO NOTHING) and then locked
(SELECT … FOR UPDATE) on PostgreSQL. SQLite has no row locks: there the write takes the database's write lock,
which is why it must be the transaction's first statement (a transaction that has read cannot wait for the lock,
it fails); SQLite answers «locked» instead of waiting when another writer holds it past its timeout (and at once
for the in-memory database of the tests), so the write is retried until WAIT_SECONDS have passed.

A person without SNILS is found by full name and birth date in the whole registry, not in one municipality, so
two commits into different municipalities could both plan the same new person. On PostgreSQL a commit therefore
also takes a transaction-level advisory lock per bucket of its people's birth dates (BIRTH_BUCKETS of them, in
order, before it reads who exists): commits of people born on the same day wait for each other, commits of other
people rarely share a bucket. SQLite needs none: it has one writer at a time.
"""

import time

from django.db import OperationalError, connection, transaction
from django.utils import timezone

from .models import CommitLock

BIRTH_BUCKETS = 256  # at most this many advisory locks per commit: well within PostgreSQL's shared lock table
BIRTH_LOCK_SPACE = 7301  # the first key of pg_advisory_xact_lock(int, int): this lock's namespace
WAIT_SECONDS = 600  # a regional commit takes about half a minute; a queue of them, a few minutes
RETRY_EVERY = 0.05


def lock_municipalities(ids) -> None:
    """Takes the commit locks of the municipalities `ids`; held until the caller's transaction ends."""
    ids = sorted(set(ids))
    if not ids:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("the commit lock is held by a transaction: call it inside transaction.atomic()")
    now = timezone.now()
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with transaction.atomic():
                CommitLock.objects.bulk_create(
                    [CommitLock(municipality_id=pk, taken_at=now) for pk in ids], ignore_conflicts=True
                )
            break
        except OperationalError:
            if connection.vendor != "sqlite" or time.monotonic() > deadline:
                raise
            time.sleep(RETRY_EVERY)
    list(CommitLock.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def lock_birth_dates(dates) -> None:
    """Takes the birth-date locks of `dates` (PostgreSQL; held until the caller's transaction ends)."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("the birth-date lock is held by a transaction: call it inside transaction.atomic()")
    buckets = sorted({day.toordinal() % BIRTH_BUCKETS for day in dates})
    with connection.cursor() as cursor:
        for bucket in buckets:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [BIRTH_LOCK_SPACE, bucket])
