"""Import batches: one uploaded .xlsx file, checked (dry run) and then committed by the same user."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse

from metodist.accounts.models import ScopeLevel


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Russian text as is, not as \\uXXXX escapes: the stored rows and preview of a file are six times smaller."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "ensure_ascii": False})


class BatchStatus(models.TextChoices):
    UPLOADED = "uploaded", "Получен, проверяется"  # stored; the check (a job) has not read it yet
    CHECKED = "checked", "Проверен, не загружен"  # read and checked, the preview is shown, nothing written yet
    COMMITTED = "committed", "Загружен"  # the records were written in one transaction


class ImportBatchQuerySet(models.QuerySet):
    def in_scope(self, user):
        """A batch holds the uploaded personal data, so only the user who uploaded it sees it."""
        return self.filter(created_by=user) if user.is_authenticated else self.none()

    def history(self, user):
        """The import history `user` may read: their own batches, and the committed ones (whose file is already
        erased) of the users working within their scope: the other administrators of their organization, the
        municipality's staff and its organizations' administrators, and so on up to the region."""
        if not user.is_authenticated:
            return self.none()
        own = Q(created_by=user)
        level = user.scope_level
        if level == ScopeLevel.ALL:
            return self.filter(own | Q(status=BatchStatus.COMMITTED))
        if level == ScopeLevel.REGION and user.region_id:
            region = user.region_id
            uploaders = (
                Q(created_by__region_id=region)
                | Q(created_by__municipality__region_id=region)
                | Q(created_by__organizations__municipality__region_id=region)
            )
        elif level == ScopeLevel.MUNICIPALITY and user.municipality_id:
            municipality = user.municipality_id
            uploaders = Q(created_by__municipality_id=municipality) | Q(
                created_by__organizations__municipality_id=municipality
            )
        elif level == ScopeLevel.ORGANIZATIONS:
            uploaders = Q(created_by__organizations__in=user.organizations.all())
        else:
            return self.filter(own)
        return self.filter(own | (Q(status=BatchStatus.COMMITTED) & uploaders)).distinct()

    def pending(self):
        return self.filter(status__in=(BatchStatus.UPLOADED, BatchStatus.CHECKED))

    def listed(self):
        """Without the file, its rows and its preview: the lists show none of them, and they weigh megabytes."""
        return self.defer("content", "table", "preview")


class ImportBatch(models.Model):
    format = models.CharField("формат", max_length=30)
    file_name = models.CharField("имя файла", max_length=255)
    # Kept until the check reads it; its rows are kept instead (`table`), so that the file is parsed once and the
    # commit writes exactly the previewed rows. Both are emptied by the commit: personal data is kept no longer
    # than needed.
    content = models.BinaryField("содержимое файла", blank=True, default=b"")
    table = models.JSONField("строки файла", default=dict, blank=True, encoder=UnicodeJSONEncoder)  # Table.to_json()
    preview = models.JSONField("итог проверки", default=dict, blank=True, encoder=UnicodeJSONEncoder)  # summary()
    sha256 = models.CharField("контрольная сумма SHA-256", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто загрузил",
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    created_at = models.DateTimeField("загружен", auto_now_add=True)
    status = models.CharField("состояние", max_length=20, choices=BatchStatus.choices, default=BatchStatus.UPLOADED)
    checked_at = models.DateTimeField("проверен", null=True, blank=True)
    committed_at = models.DateTimeField("записан в реестр", null=True, blank=True)
    created_count = models.PositiveIntegerField("создано записей", default=0)
    updated_count = models.PositiveIntegerField("изменено записей", default=0)
    # [[kind of record (plural), created, updated], …] as Plan.totals() reports them: people first, not rows
    totals = models.JSONField("итоги по видам записей", default=list, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "пакет импорта"
        verbose_name_plural = "пакеты импорта"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("imports:batch", args=[self.pk])

    @property
    def format_title(self) -> str:
        from .formats import FORMATS  # the registry imports the registry models; loaded after them

        fmt = FORMATS.get(self.format)
        return fmt.title if fmt else self.format

    def totals_text(self) -> str:
        """«педагогические работники: 12 (новых 10, изменено 2); места работы: 15 (новых 15)»."""
        parts = []
        for label, created, updated in self.totals:
            details = [f"новых {created}" if created else "", f"изменено {updated}" if updated else ""]
            parts.append(f"{label}: {created + updated} ({', '.join(d for d in details if d)})")
        return "; ".join(parts)

    @property
    def is_committed(self) -> bool:
        return self.status == BatchStatus.COMMITTED

    @property
    def is_checked(self) -> bool:
        return self.status == BatchStatus.CHECKED


class CommitLock(models.Model):
    """One row per municipality that has been imported into; locked by a commit for its duration (locks.py)."""

    municipality = models.OneToOneField(
        "orgs.Municipality", verbose_name="муниципалитет", primary_key=True, on_delete=models.CASCADE
    )
    taken_at = models.DateTimeField("последняя загрузка")

    class Meta:
        verbose_name = "блокировка загрузки"
        verbose_name_plural = "блокировки загрузки"

    def __str__(self) -> str:
        return f"{self.municipality_id}"
