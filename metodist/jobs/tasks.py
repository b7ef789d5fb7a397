"""The one task of the queue: run a Job's handler and record how it ended.

django-tasks (the backport of Django 6.0's django.tasks) runs it: at once in-process with the immediate
backend (the tests), or in `manage.py db_worker` with the database backend.
"""

import logging
import threading
from contextlib import contextmanager, nullcontext

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import Cancelled, JobFailed, live, registry
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

FAILED = "Задание завершилось с ошибкой. Сообщите администратору номер задания: подробности записаны в журнал."


@task()
def run_job(job_id: int) -> None:
    """Runs the job once: a task delivered again, or a job cancelled while it waited, does nothing."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.select_related("created_by").get(pk=job_id)
    try:
        if live.cancel_requested(job):
            raise Cancelled
        work = registry.get(job.kind)
        # one transaction: a cancelled or failed job leaves nothing half-written behind
        with _heartbeat(job), transaction.atomic() if work.atomic else nullcontext():
            result = work.function(job, **job.params)
    except Cancelled:
        _finish(job, JobStatus.CANCELLED)
    except JobFailed as failure:
        _finish(job, JobStatus.FAILED, error=failure.message)
    except Exception:
        # the details go to the log only: the page shows no traceback and no personal data
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=FAILED)
    else:
        _finish(job, JobStatus.DONE, result=result or {})


@contextmanager
def _heartbeat(job: Job):
    """Renews the job's heartbeat from a thread while the handler runs, however long one of its queries takes;
    when the worker dies, the heartbeat lapses and the job is known to be interrupted."""
    stop = threading.Event()

    def beat():
        while not stop.wait(live.BEAT_EVERY):
            live.beat(job)

    live.beat(job)
    thread = threading.Thread(target=beat, name=f"job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _finish(job: Job, status: str, *, result: dict | None = None, error: str = "") -> None:
    """Writes the live progress and the outcome to the row, then forgets the live state."""
    job.status, job.result, job.error, job.finished_at = status, result or {}, error, timezone.now()
    job.cancel_requested = job.cancel_requested or live.cancel_requested(job)
    fields = ["status", "result", "error", "finished_at", "cancel_requested", "done", "total", "unit", "message"]
    job.save(update_fields=fields)
    live.clear(job)
