"""Starting and cancelling background jobs."""

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from . import live, registry
from .models import INTERRUPTED, Job, JobStatus
from .tasks import run_job


def start(kind: str, *, by, key: str = "", title: str = "", **params) -> Job:
    """Queues a job of `kind` with `params` (JSON values, passed to the handler as keyword arguments).

    Idempotent per key: while a job with the same key is queued or running, that job is returned and no other
    is queued (unless it was interrupted: then it is recorded as failed and a new one queued). With the
    immediate backend (the tests) the handler runs here and the job returned has ended."""
    handler = registry.get(kind)
    if key and (running := Job.objects.active().filter(key=key).first()):
        if not running.is_interrupted():
            return running
        end_interrupted(running)
    try:
        with transaction.atomic():
            job = Job.objects.create(kind=kind, title=title or handler.title, created_by=by, key=key, params=params)
    except IntegrityError:
        # another request started the same key a moment ago
        return Job.objects.active().get(key=key)
    # In the caller's transaction if there is one: the queue's row and the job's commit (or vanish) together.
    queued = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(queued.id))
    job.refresh_from_db()
    return job


def end_interrupted(job: Job) -> None:
    """Records a job whose worker died as failed; its transaction was rolled back with the worker."""
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, error=INTERRUPTED, finished_at=timezone.now()
    )
    live.clear(job)


def cancel(job: Job) -> None:
    """Asks the job to stop. A queued job ends at once; a running one at its handler's next check_cancelled
    (the request goes through the live channel: the row may be behind a running import's lock)."""
    live.request_cancel(job)
    if job.status == JobStatus.QUEUED:
        try:
            ended = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
                status=JobStatus.CANCELLED, cancel_requested=True, finished_at=timezone.now()
            )
        except OperationalError:
            # SQLite, while another job's transaction holds the write lock: the worker that takes this job
            # reads the request and cancels it before running it
            ended = 0
        if ended:
            live.clear(job)
    job.refresh_from_db()
