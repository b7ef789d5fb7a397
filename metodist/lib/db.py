"""Database session settings for heavy computations."""

from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction


@contextmanager
def analytical():
    """Runs the block with the settings of a heavy read of many rows, restored when the block ends.

    PostgreSQL: work_mem (settings.ANALYTICAL_WORK_MEM) lets the sorts and hashes of the aggregate queries stay
    in memory instead of spilling to temporary files; JIT is off, as it compiles the large indicator queries
    for longer than they then run. Both are local to the transaction (SET LOCAL), so the block joins the
    current transaction or, outside any, runs in its own; should the block fail, the rollback restores them.
    Local settings also pass through a pooler in transaction mode, where the connection's startup options may
    not.
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
