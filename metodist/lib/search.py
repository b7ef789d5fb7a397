"""Case-insensitive search of Cyrillic text that works the same on SQLite and PostgreSQL."""

from django.db.models import CharField, Func, Value
from django.db.models.functions import Lower, Replace


def search_key(value: str | None) -> str | None:
    """Lower case with «ё» read as «е»: «Семёнова», «семенова» and «СЕМЁНОВА» have one key."""
    return None if value is None else value.lower().replace("ё", "е")


class SearchKey(Func):
    """The search key of a text expression, computed by the database.

    SQLite's lower() folds ASCII only, so there the key comes from Python's str.lower, registered on the
    connection when the query is compiled (registration is per connection and cheap to repeat).
    """

    output_field = CharField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        (expression,) = self.get_source_expressions()
        return compiler.compile(Replace(Lower(expression), Value("ё"), Value("е")))

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function("metodist_search_key", 1, search_key, deterministic=True)
        return Func.as_sql(self, compiler, connection, function="metodist_search_key", **extra_context)
