"""manage.py backup while educators are being written, then manage.py restore into an empty database, compared
table by table and row by row with the source. On the engine of the test run (DATABASE_URL): SQLite files in a
temporary folder, or PostgreSQL databases named after the test run's database.

The commands and the writer run as separate processes against their own databases, as they would in production;
the test database of pytest-django is not used.
"""

import json
import os
import subprocess
import sys
import tarfile
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

from metodist.backups.engines import quoted

ROOT = settings.BASE_DIR
DEFAULT = settings.DATABASES["default"]
ON_POSTGRESQL = DEFAULT["ENGINE"] == "django.db.backends.postgresql"
WRITER = "metodist.backups.tests.writer"


@dataclass
class Database:
    """A database of its own for one process of the test, created empty (no tables)."""

    name: str  # a file path (SQLite) or a database name (PostgreSQL)

    @property
    def url(self) -> str:
        if not ON_POSTGRESQL:
            return f"sqlite:///{self.name}"
        password = f":{quote(DEFAULT['PASSWORD'], safe='')}" if DEFAULT.get("PASSWORD") else ""
        user = quote(DEFAULT.get("USER") or "postgres", safe="")
        host = f"{DEFAULT.get('HOST') or '127.0.0.1'}:{DEFAULT.get('PORT') or 5432}"
        return f"postgres://{user}{password}@{host}/{self.name}"

    def connect(self):
        if not ON_POSTGRESQL:
            import sqlite3

            return sqlite3.connect(self.name)
        return psycopg.connect(self.url, autocommit=True)

    def rows(self) -> dict[str, set]:
        """Every row of every table: tuples on SQLite, each row's text form on PostgreSQL (JSON as is)."""
        with closing(self.connect()) as connection:
            cursor = connection.cursor()
            if ON_POSTGRESQL:
                cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            else:
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            tables = [row[0] for row in cursor.fetchall()]
            result = {}
            for table in tables:
                select = (
                    f"SELECT x::text FROM {quoted(table)} AS x" if ON_POSTGRESQL else f"SELECT * FROM {quoted(table)}"
                )
                cursor.execute(select)
                result[table] = set(cursor.fetchall())
            return result

    def count(self, table: str) -> int:
        with closing(self.connect()) as connection:
            cursor = connection.cursor()
            cursor.execute(f"SELECT COUNT(*) FROM {quoted(table)}")
            return cursor.fetchone()[0]


def server():
    return psycopg.connect(Database("postgres").url, autocommit=True)


def new_database(folder: Path, name: str) -> Database:
    if not ON_POSTGRESQL:
        return Database(str(folder / f"{name}.sqlite3"))
    database = Database(f"{DEFAULT['NAME']}_{name}")
    with closing(server()) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {quoted(database.name)} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {quoted(database.name)}")
    return database


def drop(database: Database) -> None:
    if ON_POSTGRESQL:
        with closing(server()) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {quoted(database.name)} WITH (FORCE)")


def environment(database: Database, media: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database.url,
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "metodist.settings",
    }


def manage(database: Database, media: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment(database, media),
        capture_output=True,
        text=True,
        timeout=300,
    )


def wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "не дождались записи"
        time.sleep(0.05)


@dataclass
class Backup:
    folder: Path
    source: Database
    archive: Path
    before: dict[str, set]  # every row committed before the backup started
    after: dict[str, set]  # every row once the writer stopped
    written_during: int  # educators the writer committed while the backup ran


@pytest.fixture(scope="module")
def backup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("backup")
    source = new_database(folder, "source")
    media = folder / "media"
    (media / "cards" / "2025").mkdir(parents=True)
    (media / "cards" / "2025" / "диплом.pdf").write_bytes(b"%PDF-1.4 evidence\x00\xff")
    assert manage(source, media, "migrate", "--noinput", "-v0").returncode == 0
    writer = subprocess.Popen(
        [sys.executable, "-m", WRITER], cwd=ROOT, env=environment(source, media), stdin=subprocess.PIPE
    )
    try:
        wait_for(lambda: source.count("people_educator") >= 30)
        before = source.rows()
        started_with = source.count("people_educator")

        made = manage(source, media, "backup", "--output", str(folder / "copy.tar.gz"))

        written_during = source.count("people_educator") - started_with
    finally:
        writer.communicate(timeout=60)
    assert made.returncode == 0, made.stderr
    yield Backup(folder, source, folder / "copy.tar.gz", before, source.rows(), written_during)
    drop(source)


@pytest.fixture
def target(backup, tmp_path):
    database = new_database(tmp_path, "target")
    yield database
    drop(database)


def test_a_backup_taken_while_educators_are_written_restores_every_row_committed_before_it(backup, target, tmp_path):
    restored = manage(target, tmp_path / "media", "restore", str(backup.archive))

    assert restored.returncode == 0, restored.stderr
    assert backup.written_during > 0  # the writer was writing all the while
    rows = target.rows()
    assert set(rows) == set(backup.after)
    lost = {table: len(backup.before[table] - rows[table]) for table in backup.before}
    assert sum(lost.values()) == 0, lost
    foreign = {table: len(rows[table] - backup.after[table]) for table in rows}  # rows the source never had
    assert sum(foreign.values()) == 0, foreign
    assert len(rows["people_educator"]) > len(backup.before["people_educator"])  # the snapshot is after the start
    assert (tmp_path / "media" / "cards" / "2025" / "диплом.pdf").read_bytes() == b"%PDF-1.4 evidence\x00\xff"
    assert "как в описи копии" in restored.stdout


def test_every_educator_in_the_copy_has_the_audit_entry_of_its_transaction(backup, target, tmp_path):
    # Educator and its audit entry are committed together: a consistent snapshot has both or neither.
    manage(target, tmp_path / "media", "restore", str(backup.archive))

    with closing(target.connect()) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT CAST(id AS TEXT) FROM people_educator")
        educators = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT object_id FROM audit_auditentry WHERE model = 'people.educator'")
        audited = {row[0] for row in cursor.fetchall()}

    assert educators
    assert educators == audited


def test_restore_refuses_a_database_with_tables_and_replaces_it_with_force(backup, target, tmp_path):
    media = tmp_path / "media"
    manage(target, media, "migrate", "--noinput", "-v0")

    refused = manage(target, media, "restore", str(backup.archive))
    educators_after_refusal = target.count("people_educator")
    forced = manage(target, media, "restore", str(backup.archive), "--force")

    assert refused.returncode != 0
    assert "База данных не пуста" in refused.stderr
    assert "--force" in refused.stderr
    assert educators_after_refusal == 0
    assert forced.returncode == 0, forced.stderr
    assert target.rows()["people_educator"] >= backup.before["people_educator"]


def repacked(archive: Path, folder: Path, change) -> Path:
    """The archive unpacked into `folder`, changed by `change(unpacked)` and packed again."""
    unpacked, result = folder / "unpacked", folder / "repacked.tar.gz"
    with tarfile.open(archive) as opened:
        opened.extractall(unpacked, filter="data")
    change(unpacked)
    with tarfile.open(result, "w:gz") as packed:
        for member in sorted(unpacked.rglob("*")):
            if member.is_file():
                packed.add(member, arcname=member.relative_to(unpacked).as_posix())
    return result


def test_restore_refuses_an_archive_with_a_changed_file_and_changes_nothing(backup, target, tmp_path):
    def forge(unpacked):
        (unpacked / "media" / "cards" / "2025" / "диплом.pdf").write_bytes(b"forged")

    damaged = repacked(backup.archive, tmp_path, forge)

    refused = manage(target, tmp_path / "media", "restore", str(damaged))

    assert refused.returncode != 0
    assert "Копия повреждена: не совпадает контрольная сумма media/cards/2025/диплом.pdf" in refused.stderr
    assert target.rows() == {}
    assert not (tmp_path / "media").exists()


def test_check_verifies_the_archive_without_touching_the_database(backup, target, tmp_path):
    checked = manage(target, tmp_path / "media", "restore", str(backup.archive), "--check")

    assert checked.returncode == 0, checked.stderr
    assert "контрольные суммы совпадают" in checked.stdout
    assert target.rows() == {}


def test_restore_warns_that_a_copy_of_a_newer_version_needs_a_newer_program(backup, target, tmp_path):
    def from_the_future(unpacked):
        manifest = json.loads((unpacked / "manifest.json").read_text(encoding="utf-8"))
        manifest["migrations"]["people"].append("9999_future")
        (unpacked / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    newer = repacked(backup.archive, tmp_path, from_the_future)

    restored = manage(target, tmp_path / "media", "restore", str(newer), "--check")

    assert restored.returncode == 0, restored.stderr
    assert "более новой версией Методиста (неизвестные миграции: people.9999_future)" in restored.stderr


def test_the_archive_of_personal_data_is_readable_by_its_owner_only(backup):
    assert backup.archive.stat().st_mode & 0o777 == 0o600
