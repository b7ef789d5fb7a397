"""The background refresh of stale facts (metodist/facts/refresh.py): a registry write queues a task after it
commits, the task rebuilds the recent stale builds and leaves old periods to their readers."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from metodist.facts import refresh
from metodist.facts.build import current
from metodist.facts.models import FactsBuild
from metodist.testing import factories as f

pytestmark = pytest.mark.django_db
RECENT = refresh.RECENT_DAYS


@pytest.fixture
def refreshing(settings):
    settings.FACTS_REFRESH = True


def is_current(region, start, on) -> bool:
    return FactsBuild.objects.get(region=region, start=start, on=on).is_current()


def test_after_a_registry_write_commits_the_recent_stale_builds_are_rebuilt_and_old_ones_left(
    cast, refreshing, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    recent = (today - timedelta(days=30), today)
    ended_last_year = (today - timedelta(days=700), today - timedelta(days=RECENT + 1))
    for start, on in (recent, ended_last_year):
        current(cast.region.pk, start, on)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        f.EducatorFactory(last_name="Новикова")
    assert not is_current(cast.region, *recent)  # stale until the transaction commits and the task runs
    for callback in callbacks:
        callback()  # the commit: the immediate backend of the tests runs the queued task at once

    assert is_current(cast.region, *recent)
    assert not is_current(cast.region, *ended_last_year)  # its next reader rebuilds it


def test_no_task_is_queued_while_one_waits_in_the_queue(
    cast, refreshing, monkeypatch, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    current(cast.region.pk, today - timedelta(days=5), today)
    monkeypatch.setattr(refresh, "_waiting", lambda: True)

    with django_capture_on_commit_callbacks(execute=True):
        f.EducatorFactory()

    assert not is_current(cast.region, today - timedelta(days=5), today)  # the waiting task will rebuild it


def test_a_write_rolled_back_queues_nothing(cast, refreshing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        f.EducatorFactory()
        transaction.set_rollback(True)
    assert callbacks == []


def test_off_by_setting_nothing_is_queued(cast, settings, django_capture_on_commit_callbacks):
    settings.FACTS_REFRESH = False
    with django_capture_on_commit_callbacks() as callbacks:
        f.EducatorFactory()
    assert callbacks == []


def test_waiting_sees_a_refresh_queued_in_the_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assert not refresh._waiting()

    refresh.refresh_stale.enqueue()

    assert refresh._waiting()


def test_the_task_takes_at_most_max_builds_newest_first(cast, monkeypatch):
    monkeypatch.setattr(refresh, "MAX_BUILDS", 2)
    today = timezone.localdate()
    for days in (3, 2, 1):
        FactsBuild.objects.create(region=cast.region, start=date(today.year - 1, 9, 1), on=today - timedelta(days=days))

    assert [build.on for build in refresh.stale_builds(today)] == [today - timedelta(days=1), today - timedelta(days=2)]
