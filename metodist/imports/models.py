"""Import batches: one uploaded .xlsx file, checked (dry run) and then committed by the same user."""

from django.conf import settings
from django.db import models


class BatchStatus(models.TextChoices):
    CHECKED = "checked", "Проверен, не загружен"  # uploaded, the preview is shown, nothing written yet
    COMMITTED = "committed", "Загружен"  # the records were written in one transaction


class ImportBatchQuerySet(models.QuerySet):
    def in_scope(self, user):
        """A batch holds the uploaded personal data, so only the user who uploaded it sees it."""
        return self.filter(created_by=user) if user.is_authenticated else self.none()

    def pending(self):
        return self.filter(status=BatchStatus.CHECKED)


class ImportBatch(models.Model):
    format = models.CharField("формат", max_length=30)
    file_name = models.CharField("имя файла", max_length=255)
    # Kept between the preview and the commit so that the commit re-reads exactly the previewed file;
    # emptied after the commit, since personal data must not be stored longer than needed.
    content = models.BinaryField("содержимое файла", blank=True, default=b"")
    sha256 = models.CharField("контрольная сумма SHA-256", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто загрузил",
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    status = models.CharField("состояние", max_length=20, choices=BatchStatus.choices, default=BatchStatus.CHECKED)
    committed_at = models.DateTimeField("записан в реестр", null=True, blank=True)
    created_count = models.PositiveIntegerField("создано записей", default=0)
    updated_count = models.PositiveIntegerField("изменено записей", default=0)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "пакет импорта"
        verbose_name_plural = "пакеты импорта"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def format_title(self) -> str:
        from .formats import FORMATS  # the registry imports the registry models; loaded after them

        fmt = FORMATS.get(self.format)
        return fmt.title if fmt else self.format

    @property
    def is_committed(self) -> bool:
        return self.status == BatchStatus.COMMITTED
