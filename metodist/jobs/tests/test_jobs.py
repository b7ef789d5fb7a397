"""The jobs API other apps use: start (idempotent per key), progress, cancelling, failing, rerunning.

The tests run jobs with django-tasks' immediate backend (conftest.py): start() returns the ended job."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from metodist.jobs import Cancelled, JobFailed, actions, live, registry, uploaded
from metodist.jobs.models import INTERRUPTED, Job, JobStatus
from metodist.jobs.tasks import FAILED, run_job

from . import handlers  # noqa: F401 (registers the handlers of the tests)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unthrottled(monkeypatch):
    """The live channel read at every check_cancelled, so that a cancel asked for mid-way is seen at once."""
    monkeypatch.setattr("metodist.jobs.models.LIVE_EVERY", 0)


def test_started_job_runs_its_handler_and_keeps_the_result(cast):
    job = actions.start("tests.groups", by=cast.coordinator, n=3)

    assert job.status == JobStatus.DONE
    assert job.title == "Проверочное задание"
    assert job.user == cast.coordinator
    assert (job.done, job.total, job.unit) == (3, 3, "Создано групп")
    assert job.result == {"summary": "Создано групп: 3.", "url": "/jobs/"}
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert Group.objects.count() == 3


def test_title_given_to_start_names_the_job(cast):
    job = actions.start("tests.groups", by=cast.coordinator, title="Загрузка педагогов", n=1)

    assert job.title == "Загрузка педагогов"


def test_start_returns_the_active_job_of_the_same_key(cast):
    running = Job.objects.create(kind="tests.groups", title="…", created_by=cast.coordinator, key="k:1",
                                 status=JobStatus.RUNNING)  # fmt: skip

    again = actions.start("tests.groups", by=cast.coordinator, key="k:1", n=2)

    assert again == running
    assert Job.objects.count() == 1
    assert not Group.objects.exists()


def test_a_key_whose_job_ended_starts_a_new_job(cast):
    first = actions.start("tests.groups", by=cast.coordinator, key="k:1", n=1)

    second = actions.start("tests.groups", by=cast.coordinator, key="k:1", n=1)

    assert second != first and second.status == JobStatus.DONE


def test_two_active_jobs_of_one_key_are_refused_by_the_database(cast):
    from django.db import IntegrityError, transaction

    Job.objects.create(kind="tests.groups", title="…", key="k:1", status=JobStatus.QUEUED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="tests.groups", title="…", key="k:1", status=JobStatus.RUNNING)


def test_unkeyed_jobs_are_never_merged(cast):
    Job.objects.create(kind="tests.groups", title="…", status=JobStatus.RUNNING)

    job = actions.start("tests.groups", by=cast.coordinator, n=1)

    assert job.status == JobStatus.DONE
    assert Job.objects.count() == 2


def test_job_failed_ends_with_its_russian_message_and_rolls_back(cast):
    job = actions.start("tests.groups", by=cast.coordinator, n=2, fail="В файле нет ни одной строки.")

    assert job.status == JobStatus.FAILED
    assert job.error == "В файле нет ни одной строки."
    assert job.done == 2  # how far it got is kept
    assert not Group.objects.exists()


def test_an_unexpected_error_shows_a_generic_message_and_goes_to_the_log(cast, caplog):
    with caplog.at_level(logging.ERROR, logger="metodist.jobs.tasks"):
        job = actions.start("tests.groups", by=cast.coordinator, n=1, crash=True)

    assert job.status == JobStatus.FAILED
    assert job.error == FAILED
    assert "112-233-445" not in job.error
    assert f"Job {job.pk} (tests.groups) failed" in caplog.text
    assert not Group.objects.exists()


def test_cancel_request_stops_the_handler_and_rolls_back(cast, unthrottled):
    job = actions.start("tests.groups", by=cast.coordinator, n=5, cancel_at=2)

    assert job.status == JobStatus.CANCELLED
    assert job.cancel_requested
    assert job.done == 2
    assert not Group.objects.exists()


def test_cancelling_a_queued_job_ends_it_and_the_worker_skips_it(cast):
    job = Job.objects.create(kind="tests.groups", title="…", created_by=cast.coordinator, params={"n": 1})

    actions.cancel(job)
    run_job.call(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.cancel_requested and job.finished_at
    assert not Group.objects.exists()


def test_a_job_cancelled_before_a_worker_took_it_never_runs(cast):
    job = Job.objects.create(kind="tests.groups", title="…", created_by=cast.coordinator, params={"n": 1})
    live.request_cancel(job)  # as cancel() leaves it when the row was locked

    run_job.call(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert not Group.objects.exists()


def test_a_task_delivered_again_does_not_rerun_the_job(cast):
    job = actions.start("tests.groups", by=cast.coordinator, n=2)

    run_job.call(job.pk)

    assert Group.objects.count() == 2


def test_live_state_is_cleared_when_the_job_ends(cast, unthrottled):
    job = actions.start("tests.groups", by=cast.coordinator, n=2, cancel_at=1)

    assert live.progress(job) is None
    assert not live.cancel_requested(job)


def test_progress_of_a_running_job_is_read_from_the_live_channel(cast):
    job = Job.objects.create(kind="tests.groups", title="…", status=JobStatus.RUNNING)
    worker_side = Job.objects.get(pk=job.pk)

    worker_side.progress(7, 20, "Проверено строк", message="Лист «Педагоги»")

    page_side = Job.objects.get(pk=job.pk).with_live_state()
    assert (page_side.done, page_side.total, page_side.unit) == (7, 20, "Проверено строк")
    assert page_side.message == "Лист «Педагоги»"
    assert page_side.percent() == 35


def test_progress_is_published_at_most_twice_a_second_but_never_lost(cast, monkeypatch):
    job = Job.objects.create(kind="tests.groups", title="…", status=JobStatus.RUNNING)
    clock = [100.0]
    monkeypatch.setattr("metodist.jobs.models.time.monotonic", lambda: clock[0])

    job.progress(1, 10, "Строк")
    job.progress(2, 10)
    assert live.progress(job)["done"] == 1  # the second within 0.5 s was held back

    clock[0] += 0.6
    job.check_cancelled()
    assert live.progress(job)["done"] == 2  # and written by the next call after 0.5 s

    job.progress(10, 10)
    assert live.progress(job)["done"] == 10  # the end is written at once


def test_unknown_kind_is_refused(cast):
    with pytest.raises(LookupError):
        actions.start("tests.nothing", by=cast.coordinator)


def test_a_kind_registered_twice_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        registry.handler("tests.groups", title="Другое")(lambda job: None)


def test_percent_and_elapsed(cast):
    now = timezone.now()
    job = Job(status=JobStatus.RUNNING, done=1, total=3, started_at=now - timedelta(seconds=65))

    assert job.percent() == 33
    assert job.elapsed(now) == timedelta(seconds=65)
    assert Job(status=JobStatus.RUNNING, done=5).percent() is None
    assert Job(status=JobStatus.DONE).percent() == 100
    assert Job(status=JobStatus.QUEUED).elapsed(now) is None


def test_the_worker_keeps_a_heartbeat_while_the_handler_runs(cast):
    job = actions.start("tests.alive", by=cast.coordinator)

    assert job.result == {"alive": True}
    assert not live.alive(job)  # forgotten once the job ended


def interrupted_job(user, seconds_ago: int, key: str = "k:1") -> Job:
    started = timezone.now() - timedelta(seconds=seconds_ago)
    return Job.objects.create(kind="tests.groups", title="…", created_by=user, key=key, params={"n": 1},
                              status=JobStatus.RUNNING, started_at=started)  # fmt: skip


def test_a_running_job_without_heartbeat_was_interrupted(cast):
    job = interrupted_job(cast.coordinator, seconds_ago=120)

    assert job.is_interrupted()
    shown = Job.objects.get(pk=job.pk).with_live_state()
    assert (shown.status, shown.error) == (JobStatus.FAILED, INTERRUPTED)


def test_a_running_job_with_a_heartbeat_or_just_taken_is_not_interrupted(cast):
    beating = interrupted_job(cast.coordinator, seconds_ago=120)
    live.beat(beating)
    just_taken = interrupted_job(cast.coordinator, seconds_ago=10, key="k:2")

    assert not beating.is_interrupted()
    assert not just_taken.is_interrupted()


def test_starting_the_key_of_an_interrupted_job_records_it_failed_and_runs_anew(cast):
    dead = interrupted_job(cast.coordinator, seconds_ago=120)

    job = actions.start("tests.groups", by=cast.coordinator, key="k:1", n=1)

    assert job != dead and job.status == JobStatus.DONE
    dead.refresh_from_db()
    assert (dead.status, dead.error) == (JobStatus.FAILED, INTERRUPTED)
    assert dead.finished_at is not None


def test_uploaded_is_the_file_within_reach_else_the_job_fails_in_russian(cast):
    mine = Group.objects.create(name="мой файл")

    assert uploaded(Group.objects.filter(name="мой файл"), mine.pk) == mine
    with pytest.raises(JobFailed, match="^Файл не найден: он удалён или загружен другим пользователем.$"):
        uploaded(Group.objects.filter(name="чужой файл"), mine.pk)


def test_report_records_progress_and_stops_a_cancelled_job(cast, unthrottled):
    job = Job.objects.create(kind="tests.groups", title="…", created_by=cast.coordinator, status=JobStatus.RUNNING)

    job.report(2, 5, "Проверено строк")
    assert (job.done, job.total, job.unit) == (2, 5, "Проверено строк")

    live.request_cancel(job)
    with pytest.raises(Cancelled):
        job.report(3, 5, "Проверено строк")
    assert job.done == 3
