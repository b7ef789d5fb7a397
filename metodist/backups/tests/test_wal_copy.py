"""Why the backup goes through SQLite's backup API: in WAL mode the latest commits live in the -wal file until a
checkpoint, so a copy of the database file alone misses them, while the backup API copies what a reader sees."""

import shutil
import sqlite3
from contextlib import closing

import pytest


@pytest.fixture
def live(tmp_path):
    """A database in WAL mode with 84 committed rows: 64 checkpointed into the database file, the last 20 still in
    the -wal file, as between two automatic checkpoints; its writer's connection is still open."""
    connection = sqlite3.connect(tmp_path / "live.sqlite3")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, summary TEXT)")
    for number in range(84):
        connection.execute("INSERT INTO entry (summary) VALUES (?)", (f"запись {number}",))
        connection.commit()
        if number == 63:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield connection
    connection.close()


def rows(path) -> int:
    with closing(sqlite3.connect(path)) as copy:
        return copy.execute("SELECT COUNT(*) FROM entry").fetchone()[0]


def test_a_copy_of_the_database_file_loses_the_commits_still_in_the_wal(live, tmp_path):
    shutil.copyfile(tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3")

    assert rows(tmp_path / "copy.sqlite3") == 64  # 20 of 84 lost


def test_the_backup_api_copies_every_committed_row(live, tmp_path):
    with closing(sqlite3.connect(tmp_path / "copy.sqlite3")) as copy:
        live.backup(copy)

    assert rows(tmp_path / "copy.sqlite3") == 84
