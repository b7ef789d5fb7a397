"""The values of a snapshot written set-based: COPY on PostgreSQL, one prepared INSERT run over every row
elsewhere (SQLite), instead of bulk_create, which builds the SQL text of every batch and returns the new keys.

The columns are the model's concrete fields and each value is converted by its field as bulk_create converts
it (pre_save, then get_db_prep_save), so a stored row is the same either way. Columns whose conversion leaves
the value as it is (keys, texts, flags, decimals: what the computation gives them already is what the driver
takes) are read directly: tens of thousands of rows times a dozen columns make that conversion the cost.
"""

from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connections, models

from .models import Snapshot, SnapshotValue

BATCH_SIZE = 5000


def insert_values(snapshot: Snapshot, rows, batch_size: int = BATCH_SIZE) -> None:
    """Stores rows (any iterable, consumed once) as values of the snapshot: compute.ValueRow objects or
    unsaved SnapshotValue ones, anything with the model's attribute names; they get no primary keys.

    The rows are taken a batch at a time and each batch written by its own statement, so that a generator may
    query the database between rows (a query on the connection while a COPY is open waits for ever) and memory
    holds one batch of converted values."""
    connection = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup per value
    meta = SnapshotValue._meta
    fields = [field for field in meta.concrete_fields if not field.generated and field is not meta.pk]
    readers = [_reader(field, connection) for field in fields]

    def converted(row) -> tuple:
        row.snapshot_id = snapshot.pk
        return tuple(read(row) for read in readers)

    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), ", ".join(quote(field.column) for field in fields)
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := [converted(row) for row in islice(rows, batch_size)]:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in batch:
                        copy.write_row(values)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", batch)


# Fields whose get_db_prep_save returns a value of the right type unchanged (a JSONField is a TextField-like
# field that must be serialized, so it is converted by its field).
AS_IS = (models.CharField, models.BooleanField, models.DecimalField, models.ForeignKey, models.IntegerField)


def _reader(field, connection):
    if isinstance(field, AS_IS) and not isinstance(field, models.JSONField):
        attname = field.attname
        return lambda row: getattr(row, attname)
    return lambda row: field.get_db_prep_save(field.pre_save(row, True), connection)
