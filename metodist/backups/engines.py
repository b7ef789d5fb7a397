"""Dumping and loading the default database, one class per engine, and what a dump holds (tables, row counts,
applied migrations), read inside the same snapshot as the dump itself.

SQLite: the online backup API of sqlite3 copies the live database page by page in one read transaction; copying
the file of a database in WAL mode would lose the commits still in its -wal file (docs/operations.md).
PostgreSQL: pg_dump -Fc in a snapshot exported by our own REPEATABLE READ transaction, which counts the rows in
that snapshot too; pg_restore into the target. The password goes through PGPASSWORD, never on a command line.
"""

import os
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections, transaction


@dataclass
class Contents:
    """What one consistent snapshot of the database holds."""

    tables: dict[str, int]  # table -> rows
    migrations: dict[str, list[str]]  # app -> applied migrations, in order of application


def quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def read_contents(cursor, table_names_sql: str) -> Contents:
    cursor.execute(table_names_sql)
    names = sorted(row[0] for row in cursor.fetchall())
    tables = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {quoted(name)}")
        tables[name] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    return Contents(tables=tables, migrations=migrations)


class SQLite:
    code = "sqlite"
    member = "database.sqlite3"
    TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"

    def __init__(self, alias: str):
        self.alias = alias
        self.path = Path(connections[alias].settings_dict["NAME"])

    def dump(self, into: Path) -> Contents:
        # A connection of our own: Django's may be inside a transaction. pages=-1 (the default) copies every page
        # in one step, so the copy is the database as of one moment, while writers go on (WAL mode).
        with closing(sqlite3.connect(self.path)) as source, closing(sqlite3.connect(into)) as target:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
            return read_contents(target.cursor(), self.TABLES)

    def table_count(self) -> int:
        if not self.path.exists():
            return 0
        with closing(sqlite3.connect(self.path)) as target:
            return len(target.execute(self.TABLES).fetchall())

    def load(self, dump: Path) -> None:
        connections[self.alias].close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(dump)) as source, closing(sqlite3.connect(self.path)) as target:
            source.backup(target)
            target.execute("PRAGMA journal_mode=WAL")

    def contents(self) -> Contents:
        with closing(sqlite3.connect(self.path)) as target:
            return read_contents(target.cursor(), self.TABLES)


class PostgreSQL:
    code = "postgresql"
    member = "database.pgdump"
    TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"

    def __init__(self, alias: str):
        self.alias = alias
        self.settings = connections[alias].settings_dict

    def arguments(self) -> list[str]:
        given = {"-h": self.settings.get("HOST"), "-p": self.settings.get("PORT"), "-U": self.settings.get("USER")}
        return [part for flag, value in given.items() if value for part in (flag, str(value))]

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.settings.get("PASSWORD"):
            env["PGPASSWORD"] = self.settings["PASSWORD"]
        if self.settings.get("OPTIONS", {}).get("sslmode"):
            env["PGSSLMODE"] = self.settings["OPTIONS"]["sslmode"]
        return env

    def run(self, program: str, *arguments: str) -> None:
        command = [program, *self.arguments(), *arguments]
        try:
            subprocess.run(command, env=self.environment(), check=True, capture_output=True, text=True)
        except FileNotFoundError as error:
            raise CommandError(
                f"Не найдена программа {program}: установите клиент PostgreSQL (пакет postgresql-client) той же "
                "основной версии, что и сервер."
            ) from error
        except subprocess.CalledProcessError as error:
            raise CommandError(f"{program} завершился с ошибкой:\n{error.stderr.strip()}") from error

    def dump(self, into: Path) -> Contents:
        connection = connections[self.alias]
        with transaction.atomic(using=self.alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            # pg_dump sees exactly what this transaction sees, and the counts below are of the same snapshot.
            self.run("pg_dump", "-Fc", f"--snapshot={snapshot}", "-f", str(into), "-d", self.settings["NAME"])
            return read_contents(cursor, self.TABLES)

    def table_count(self) -> int:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.TABLES)
            return len(cursor.fetchall())

    def load(self, dump: Path) -> None:
        connections[self.alias].close()
        self.run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            self.settings["NAME"],
            str(dump),
        )

    def contents(self) -> Contents:
        with connections[self.alias].cursor() as cursor:
            return read_contents(cursor, self.TABLES)


ENGINES = {SQLite.code: SQLite, PostgreSQL.code: PostgreSQL}


def engine(alias: str = "default") -> SQLite | PostgreSQL:
    vendor = connections[alias].vendor
    if vendor not in ENGINES:
        raise CommandError(f"Резервное копирование базы {vendor} не поддерживается: только SQLite и PostgreSQL.")
    return ENGINES[vendor](alias)
