"""The audit trail of changes to registry records (152-ФЗ: who changed personal data, when, and what)."""

from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    CREATE = "create", "Создание"
    UPDATE = "update", "Изменение"
    DELETE = "delete", "Удаление"
    IMPORT = "import", "Импорт"
    EXPORT = "export", "Выгрузка"
    READ = "read", "Просмотр"  # a list of personal data read in bulk (API), an import's preview of rows
    DOWNLOAD = "download", "Скачивание"  # a file of evidence taken from the system


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(model=obj._meta.label_lower, object_id=str(obj.pk))

    def between(self, start: date | None, end: date | None):
        """Made on the days from `start` to `end` inclusive (in the site's time zone); None leaves a side open."""
        entries = self
        if start is not None:
            entries = entries.filter(at__gte=_midnight(start))
        if end is not None:
            entries = entries.filter(at__lt=_midnight(end + timedelta(days=1)))
        return entries


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()))


def object_type_name(label: str) -> str:
    """The Russian name of a model label ('people.educator' → 'педагогический работник')."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


class AuditEntry(models.Model):
    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто", null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField("действие", max_length=10, choices=AuditAction.choices)
    model = models.CharField("объект", max_length=100)
    object_id = models.CharField("идентификатор", max_length=64, blank=True)
    summary = models.CharField("описание", max_length=300, blank=True)
    changes = models.JSONField("изменения", default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "запись журнала изменений"
        verbose_name_plural = "журнал изменений"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_action_display()} {self.model} {self.object_id}"

    @property
    def object_type(self) -> str:
        return object_type_name(self.model)

    def changes_text(self) -> str:
        """The changes in one line: «поле: было → стало; …», other details as «ключ: значение»."""
        parts = []
        for key, value in self.changes.items():
            if isinstance(value, list) and len(value) == 2:
                old, new = ("—" if side in (None, "", []) else _plain(side) for side in value)
                parts.append(f"{key}: {old} → {new}")
            else:
                parts.append(f"{DETAILS.get(key, key)}: {_plain(value)}")
        return "; ".join(parts)


# The keys of the details of reads and downloads (actions.record_read, record_download), as the page says them.
DETAILS = {
    "filters": "отбор",
    "page": "страница",
    "count": "найдено",
    "shown": "показано",
    "rows": "строк",
    "card": "карта",
    "element": "элемент",
}


def _plain(value) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dict):
        return ", ".join(f"{key}={_plain(item)}" for key, item in value.items()) or "—"
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value) or "—"
    return str(value)
