"""What each user chose to be reminded of, and the log of the reminders sent by e-mail.

The reminders themselves are not stored: they are derived each time from the modules' data (sources.py). Only
what was sent is recorded, so that a rerun of the daily job, or a second worker at the same moment, sends
nothing twice (the unique constraint of SentReminder decides, not a read before the write).
"""

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    WEB = "web", "В интерфейсе"  # the list of reminders and the counter in the navbar
    EMAIL = "email", "По электронной почте"  # the daily digest


class Stage(models.TextChoices):
    """The moments a reminder is sent by e-mail: once when it appears, and once more when its date passes."""

    DUE = "due", "Срок приближается"  # a date within the source's horizon, not yet passed
    OVERDUE = "overdue", "Срок прошёл"
    NEW = "new", "Новое"  # a reminder without a date (an unread recommendation)


class Preference(models.Model):
    """One user's choice for one kind and channel; without a row the default holds (preferences.default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences")
    kind = models.CharField("вид напоминания", max_length=40)  # a code of sources.SOURCES
    channel = models.CharField("канал", max_length=10, choices=Channel.choices)
    enabled = models.BooleanField("включено")

    class Meta:
        verbose_name = "настройка напоминаний"
        verbose_name_plural = "настройки напоминаний"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="reminders_one_preference"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} / {self.get_channel_display()}: {'да' if self.enabled else 'нет'}"


class SentReminder(models.Model):
    """One reminder sent to one user through one channel at one stage. A run inserts the rows it is about to
    send with its own `batch` and sends only those it inserted: the constraint leaves out what another run, the
    same day or earlier, already sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("вид напоминания", max_length=40)
    key = models.CharField("ключ", max_length=200)  # stable within the kind: the object and its due date
    stage = models.CharField("этап", max_length=10, choices=Stage.choices)
    channel = models.CharField("канал", max_length=10, choices=Channel.choices)
    sent_on = models.DateField("дата отправки")
    batch = models.UUIDField("запуск рассылки")
    created_at = models.DateTimeField("записано", auto_now_add=True)

    class Meta:
        verbose_name = "отправленное напоминание"
        verbose_name_plural = "отправленные напоминания"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key", "stage", "channel"], name="reminders_sent_once_per_stage"
            ),
        ]
        indexes = [models.Index(fields=["batch", "user"], name="reminders_sent_batch_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} ({self.stage}, {self.sent_on:%d.%m.%Y})"
