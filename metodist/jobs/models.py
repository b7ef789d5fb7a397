import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import Cancelled, live

# How often a running job writes its progress to the live channel and reads the cancel request, at most.
LIVE_EVERY = 0.5  # seconds


class JobStatus(models.TextChoices):
    QUEUED = "queued", "В очереди"  # waits for a worker
    RUNNING = "running", "Выполняется"  # a worker runs its handler
    DONE = "done", "Выполнено"  # the handler returned; the result is stored
    FAILED = "failed", "Ошибка"  # the handler raised; the error says what to do
    CANCELLED = "cancelled", "Отменено"  # cancelled by the user; whatever it wrote was rolled back


ACTIVE = [JobStatus.QUEUED, JobStatus.RUNNING]
INTERRUPTED = (
    "Задание прервано: обработчик фоновых заданий был остановлен. Изменения не сохранены, запустите задание снова."
)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The jobs `user` may see: those they started; a superuser sees every job."""
        if user.is_superuser:
            return self
        return self.filter(created_by=user)

    def active(self):
        return self.filter(status__in=ACTIVE)


class Job(models.Model):
    """One run of a background job as the user sees it: what it is, how far it got, how it ended.

    django-tasks keeps its own row per task (django_tasks_db); this one is the record the job page shows, kept
    after the queue's rows are pruned."""

    kind = models.CharField("вид", max_length=100)
    title = models.CharField("задание", max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="запустил", null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    status = models.CharField("состояние", max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    key = models.CharField("ключ", max_length=255, blank=True, help_text="Одно активное задание на ключ.")
    params = models.JSONField("параметры", default=dict, blank=True)
    done = models.PositiveIntegerField("выполнено", default=0)
    total = models.PositiveIntegerField("всего", null=True, blank=True)
    unit = models.CharField("что считается", max_length=100, blank=True)
    message = models.CharField("сообщение", max_length=255, blank=True)
    result = models.JSONField("результат", default=dict, blank=True)
    error = models.TextField("ошибка", blank=True)
    # A file the job produced (an export, a report), downloaded from the job's page by whoever may see the job;
    # under MEDIA_ROOT, never served publicly.
    output = models.FileField("файл результата", upload_to="jobs/%Y/%m/", blank=True)
    output_name = models.CharField("имя файла результата", max_length=255, blank=True)
    cancel_requested = models.BooleanField("запрошена отмена", default=False)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task_id = models.CharField("задача очереди", max_length=64, blank=True)
    created_at = models.DateTimeField("создано", default=timezone.now)
    started_at = models.DateTimeField("начато", null=True, blank=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "фоновое задание"
        verbose_name_plural = "фоновые задания"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # start() returns the active job of a key; the constraint settles two starts at the same moment
            models.UniqueConstraint(
                fields=["key"], condition=Q(status__in=ACTIVE) & ~Q(key=""), name="jobs_one_active_job_per_key"
            ),
        ]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="jobs_of_user_idx")]

    def __str__(self):
        return f"{self.title} (№ {self.pk})"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def user(self):
        """Who started the job: the handler checks scope with it."""
        return self.created_by

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def is_interrupted(self, now=None) -> bool:
        """Running, but the worker's heartbeat has lapsed: the worker was killed (or its machine stopped)
        mid-job. A job just taken is given the heartbeat's lifetime, as the clocks of machines differ."""
        if self.status != JobStatus.RUNNING or self.started_at is None:
            return False
        if (now or timezone.now()) - self.started_at < timedelta(seconds=live.ALIVE_FOR):
            return False
        return not live.alive(self)

    def can_cancel(self, user) -> bool:
        """The starter or a superuser may cancel a job that has not ended."""
        return self.is_active and (user.is_superuser or user.pk == self.created_by_id)

    def progress(self, done: int, total: int | None = None, unit: str | None = None, *, message: str = "") -> None:
        """Records how far the handler got; cheap: the live channel is written at most every LIVE_EVERY
        seconds (a later progress or check_cancelled writes what was held back), and when the work is complete."""
        self.done, self.total, self.message = done, total, message
        if unit is not None:
            self.unit = unit
        self._unpublished = True
        self._publish(force=total is not None and done >= total)

    def report(self, done: int, total: int | None, unit: str) -> None:
        """The `progress` callback a long step takes: records how far it got and stops it if cancelled."""
        self.progress(done, total, unit)
        self.check_cancelled()

    def check_cancelled(self) -> None:
        """Raises Cancelled when the user asked to cancel (read at most every LIVE_EVERY seconds)."""
        self._publish()
        now = time.monotonic()
        if now - getattr(self, "_cancel_checked_at", 0) < LIVE_EVERY:
            return
        self._cancel_checked_at = now
        if live.cancel_requested(self):
            raise Cancelled

    def _publish(self, force: bool = False) -> None:
        now = time.monotonic()
        if getattr(self, "_unpublished", False) and (force or now - getattr(self, "_published_at", 0) >= LIVE_EVERY):
            self._published_at, self._unpublished = now, False
            live.publish(self)

    def with_live_state(self) -> "Job":
        """The job with the progress its handler published since the row was last written (while running),
        and whether a cancel was asked for; an interrupted job is shown as failed (start() records it)."""
        if self.is_interrupted():
            self.status, self.error = JobStatus.FAILED, INTERRUPTED
        if self.status == JobStatus.RUNNING and (state := live.progress(self)):
            self.done, self.total, self.unit, self.message = (
                state["done"],
                state["total"],
                state["unit"],
                state["message"],
            )
        if self.is_active and not self.cancel_requested:
            self.cancel_requested = live.cancel_requested(self)
        return self

    def attach(self, name: str, content: bytes) -> None:
        """Keeps `content` as the job's file, offered for download as `name` once the job is done."""
        from django.core.files.base import ContentFile

        self.output.save(f"job-{self.pk}{Path(name).suffix}", ContentFile(content), save=False)
        self.output_name = name
        Job.objects.filter(pk=self.pk).update(output=self.output.name, output_name=name)

    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else None
        return min(100, self.done * 100 // self.total)

    def elapsed(self, now=None):
        """Time since the job started, up to its end; None before a worker took it."""
        if self.started_at is None:
            return None
        return (self.finished_at or now or timezone.now()) - self.started_at
