"""Handlers of the jobs tests, registered when a test module imports this one (and by the worker processes
of test_worker.py)."""

import time
from pathlib import Path

from django.contrib.auth.models import Group

from metodist.jobs import JobFailed, live
from metodist.jobs.registry import handler


@handler("tests.groups", title="Проверочное задание")
def create_groups(job, *, n: int, fail: str = "", crash: bool = False, cancel_at: int | None = None) -> dict:
    """Creates n groups, one step each; fails, crashes or is cancelled (as if from another page) on request."""
    for index in range(n):
        if index == cancel_at:
            live.request_cancel(job)
        job.check_cancelled()
        Group.objects.create(name=f"{job.pk}-{index}")
        job.progress(index + 1, n, "Создано групп")
    if fail:
        raise JobFailed(fail)
    if crash:
        raise ValueError("подробности для журнала: СНИЛС 112-233-445 95")
    return {"summary": f"Создано групп: {n}.", "url": "/jobs/"}


@handler("tests.hold", title="Задание, которое ждёт сигнала")
def hold(job, *, n: int, release: str) -> dict:
    """Writes half of n groups, then waits (checking for a cancel) until the file `release` exists, then
    writes the rest: the test looks at the job from outside while its transaction is open."""
    for index in range(n):
        while index == n // 2 and not Path(release).exists():
            job.check_cancelled()
            time.sleep(0.05)
        Group.objects.create(name=f"{job.pk}-{index}")
        job.progress(index + 1, n, "Создано групп")
    return {"summary": f"Создано групп: {n}."}


@handler("tests.alive", title="Задание, которое слушает свой пульс")
def heartbeat_seen(job) -> dict:
    return {"alive": live.alive(job)}


def _read_then_write(job) -> dict:
    """Reads, lets another connection commit a write, then writes: what a long import check does."""
    from threading import Thread

    from django.db import connection

    seen = Group.objects.count()

    def elsewhere():
        Group.objects.create(name="written meanwhile")
        connection.close()

    other = Thread(target=elsewhere)
    other.start()
    other.join()
    Group.objects.create(name=f"{job.pk}-after-{seen}")
    return {"summary": "Записано."}


handler("tests.read_then_write", title="Чтение, затем запись", atomic=False)(_read_then_write)
