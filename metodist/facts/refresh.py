"""Stale facts rebuilt in the background after a registry write, so that the next reader does not pay for it.

A write marks every build stale (signals.invalidate) and, once its transaction commits, queues a refresh task
unless one is already waiting in the queue (it will see this write too). The worker rebuilds the stale
builds that pages and campaigns still read — those whose period ended less than RECENT_DAYS ago or has not
ended —, newest first, at most MAX_BUILDS of them; an older period's build is rebuilt by its next reader, as
before. A reader that comes before the worker rebuilds the build itself (build.current); either way the figures
are the same, only who waits differs.

Off with FACTS_REFRESH = False (the tests: their tasks run at once, inside the write).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

RECENT_DAYS = 400  # a school year and the campaign that follows it
MAX_BUILDS = 24  # per task: a region's pages and its campaigns of the year, not every period ever asked for


def schedule() -> None:
    """Queues a refresh when the current transaction commits (at once outside a transaction)."""
    if settings.FACTS_REFRESH:
        transaction.on_commit(_enqueue)


def _enqueue() -> None:
    if not _waiting():
        refresh_stale.enqueue()


def _waiting() -> bool:
    """A refresh task is already in the queue and not started: it will see this write too."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=refresh_stale.module_path).exists()


def stale_builds(today=None):
    from .models import FACTS_VERSION, FactsBuild

    today = today or timezone.localdate()
    return (
        FactsBuild.objects.filter(Q(stale=True) | ~Q(version=FACTS_VERSION))
        .filter(on__gte=today - timedelta(days=RECENT_DAYS))
        .order_by("-on", "region_id")[:MAX_BUILDS]
    )


@task()
def refresh_stale() -> int:
    """Rebuilds the stale recent builds; returns how many were rebuilt (a build a reader rebuilt meanwhile is
    current by then and costs nothing)."""
    from .build import current

    rebuilt = 0
    for build in list(stale_builds()):
        before = build.built_at
        if current(build.region_id, build.start, build.on).built_at != before:
            rebuilt += 1
    return rebuilt
