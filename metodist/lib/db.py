"""Session settings of a heavy analytical statement, set by the code rather than left to the operator."""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def analytical():
    """Inside a transaction: on PostgreSQL more memory for sorts and hashes and no JIT for this transaction
    only (SET LOCAL), so that a region's facts or a catalogue's counts do not spill to disk."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                cursor.execute("SET LOCAL jit = off")
        yield
