"""The audit trail of changes to registry records (152-ФЗ: who changed personal data, when, and what)."""

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Создание"
    UPDATE = "update", "Изменение"
    DELETE = "delete", "Удаление"
    IMPORT = "import", "Импорт"
    EXPORT = "export", "Выгрузка"


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(model=obj._meta.label_lower, object_id=str(obj.pk))


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
