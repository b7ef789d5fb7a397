"""The real thing: `db_worker` in a process of its own runs a job that a web process started, while a third
process watches. The handler holds its transaction open half-way, as an import does: its progress must be
visible, the job's row readable without waiting for the lock, its writes invisible until it commits, and a
cancel from the web side must get through without waiting either.

The processes share a database of their own (a file on SQLite, a database beside the test database on
PostgreSQL: whichever the suite runs on) and a live-channel directory.
"""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache

BASE_DIR = Path(settings.BASE_DIR)
SETUP = "import django; django.setup(); import metodist.jobs.tests.handlers\n"
WORKER = "from django.core.management import call_command\n" + (
    "call_command('db_worker', '--batch', '--no-startup-delay', '--no-reload', '--interval', '0.1', verbosity=0)"
)
N = 10  # groups the job creates; it waits for the signal after N // 2


class World:
    """The shared database and live channel, and ways to look at them from outside the worker."""

    def __init__(self, url: str, live_dir: Path, connect):
        self.env = {**os.environ, "DATABASE_URL": url, "JOBS_CACHE_LOCATION": str(live_dir), "DEBUG": "0",
                    "DJANGO_SETTINGS_MODULE": "metodist.settings"}  # fmt: skip
        self.live = FileBasedCache(str(live_dir), {})
        self.connect = connect

    def django(self, code: str) -> str:
        done = subprocess.run([sys.executable, "-c", SETUP + code], cwd=BASE_DIR, env=self.env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def worker(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", SETUP + WORKER], cwd=BASE_DIR, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip

    def one(self, query: str):
        """A row read on a connection of its own (on SQLite, one that gives up after half a second of waiting
        for a lock; PostgreSQL's readers never wait)."""
        connection = self.connect()
        try:
            cursor = connection.cursor()
            cursor.execute(query)
            return cursor.fetchone()
        finally:
            connection.close()

    def job(self, pk: int) -> dict:
        status, done, total, token = self.one(f"SELECT status, done, total, token FROM jobs_job WHERE id = {pk}")
        return {"status": status, "done": done, "total": total, "token": uuid.UUID(str(token))}

    def groups(self, pk: int) -> int:
        prefix = f"{pk}-"
        return self.one(f"SELECT count(*) FROM auth_group WHERE substr(name, 1, {len(prefix)}) = '{prefix}'")[0]

    def progress(self, pk: int) -> dict | None:
        return self.live.get(f"job:{self.job(pk)['token']}:progress")

    def start(self, release: Path) -> int:
        return int(self.django(
            "from metodist.accounts.models import User\nfrom metodist.jobs.actions import start\n"
            "user, _ = User.objects.get_or_create(username='starter')\n"
            f"print(start('tests.hold', by=user, n={N}, release={str(release)!r}).pk)"
        ))  # fmt: skip

    def wait_for_half(self, pk: int, worker: subprocess.Popen) -> dict:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()
            if (state := self.progress(pk)) and state["done"] == N // 2:
                return state
            time.sleep(0.1)
        pytest.fail("the job's progress never reached half-way")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("jobs-worker")
    config = dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite://"))
    on_postgresql = config["ENGINE"] == "django.db.backends.postgresql"
    if on_postgresql:
        name = f"test_{config['NAME']}_worker"
        server = {"host": config["HOST"] or "127.0.0.1", "port": config["PORT"] or 5432, "user": config["USER"],
                  "password": config["PASSWORD"] or None}  # fmt: skip
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgres://{config['USER']}@{server['host']}:{server['port']}/{name}"
        world = World(url, tmp / "live", lambda: psycopg.connect(dbname=name, autocommit=True, **server))
    else:
        path = tmp / "jobs.sqlite3"
        world = World(f"sqlite:///{path}", tmp / "live", lambda: sqlite3.connect(path, timeout=0.5))
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, env=world.env, check=True,
                   timeout=300)  # fmt: skip
    yield world
    if on_postgresql:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_worker_runs_the_job_and_its_progress_is_seen_while_its_transaction_is_open(world, tmp_path):
    release = tmp_path / "release"
    pk = world.start(release)
    assert world.job(pk)["status"] == "queued"

    worker = world.worker()
    state = world.wait_for_half(pk, worker)

    assert state == {"done": N // 2, "total": N, "unit": "Создано групп", "message": ""}
    assert world.job(pk)["status"] == "running"  # the row is read at once, beside the open transaction
    assert world.groups(pk) == 0  # what the job wrote is not committed yet
    release.touch()
    assert worker.wait(timeout=60) == 0, worker.stdout.read()
    finished = world.job(pk)
    assert (finished["status"], finished["done"], finished["total"]) == ("done", N, N)
    assert world.groups(pk) == N
    assert world.progress(pk) is None  # the live state is forgotten once the row has it


def test_cancel_from_the_web_side_reaches_the_worker_mid_transaction(world, tmp_path):
    pk = world.start(tmp_path / "never")
    worker = world.worker()
    world.wait_for_half(pk, worker)

    took = world.django(
        "import time\nfrom metodist.jobs import actions\nfrom metodist.jobs.models import Job\n"
        f"job = Job.objects.get(pk={pk})\nasked = time.monotonic()\nactions.cancel(job)\n"
        "print(time.monotonic() - asked)"
    )  # fmt: skip

    assert float(took) < 2  # waiting for SQLite's lock would have taken its timeout, 5 s
    assert worker.wait(timeout=60) == 0, worker.stdout.read()
    assert world.job(pk)["status"] == "cancelled"
    assert world.groups(pk) == 0  # rolled back


def test_with_worker_runs_jobs_beside_the_server_and_stops_with_it(world):
    """scripts/with-worker, as `make demo` runs it: here the «server» starts a job and waits for its end. The
    worker is the plain `manage.py db_worker`, which knows the project's handlers only: the job computes a
    campaign that is not there, and ends with the handler's own message."""
    server = SETUP + (
        "import time\nfrom metodist.accounts.models import User\nfrom metodist.jobs.actions import start\n"
        "user, _ = User.objects.get_or_create(username='starter')\n"
        "job = start('monitoring.compute', by=user, campaign_id=404)\n"
        "while job.is_active and time.sleep(0.1) is None:\n    job.refresh_from_db()\n"
        "print(job.status, job.error)"
    )  # fmt: skip
    script = BASE_DIR / "scripts" / "with-worker"

    done = subprocess.run([script, sys.executable, "-c", server], env={**world.env, "PY": sys.executable},
                          capture_output=True, text=True, timeout=120)  # fmt: skip

    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last == "failed Рассчитывать показатели этой кампании может только её координатор."
    left = world.start(Path("/nonexistent"))  # queued after the script ended: no worker is left to take it
    time.sleep(2)
    assert world.job(left)["status"] == "queued"
