"""Database session settings for heavy computations."""

from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction


@contextmanager
def analytical():
    """Runs the block, in a transaction (the current one or, outside any, its own), with the settings of a
    heavy read of many rows; they are restored when the block ends, and by the rollback should it fail.

    PostgreSQL, local to the transaction (SET LOCAL): work_mem (settings.ANALYTICAL_WORK_MEM) keeps the sorts
    and hashes of the aggregate queries in memory instead of temporary files; JIT off, as it compiles the large
    indicator queries for longer than they then run. settings.py turns JIT off for the whole connection too (it
    helps any large query); set here, it holds also where the connection's startup options are not passed (a
    pooler in transaction mode). SQLite: nothing, as neither a larger page cache nor in-memory temporary storage
    made the computation measurably faster.
    """
    with transaction.atomic(savepoint=False):
        if connection.vendor != "postgresql":
            yield
            return
        before = _set_local({"work_mem": settings.ANALYTICAL_WORK_MEM, "jit": "off"})
        yield
        _set_local(before)


def _set_local(values: dict[str, str]) -> dict[str, str]:
    """Sets PostgreSQL settings for the rest of the transaction; returns the values they had."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(values)), list(values))
        before = dict(zip(values, cursor.fetchone(), strict=True))
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(values)),
            [item for name, value in values.items() for item in (name, value)],
        )
    return before
