"""Writes of the import: storing an uploaded file, and committing it to the registry all-or-nothing."""

import hashlib
from datetime import date

from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import record
from metodist.audit.models import AuditAction

from .context import ImportContext
from .formats import FORMATS, ImportFormat
from .models import BatchStatus, ImportBatch
from .plan import Plan


class ImportRejected(Exception):
    """The commit was refused; the message is shown to the user and nothing was written."""


@transaction.atomic
def create_batch(fmt: ImportFormat, file_name: str, content: bytes, by) -> ImportBatch:
    return ImportBatch.objects.create(
        format=fmt.code,
        file_name=file_name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        created_by=by,
    )


def check_batch(batch: ImportBatch, by, today: date) -> Plan:
    """The dry run of a stored file: what a commit would do now. Writes nothing."""
    return FORMATS[batch.format].plan(bytes(batch.content), ImportContext(by, today))


@transaction.atomic
def commit_batch(batch: ImportBatch, by, today: date) -> Plan:
    """Checks the file again inside the transaction and writes every change with its audit entries, or nothing.

    A file whose rows are all unchanged writes nothing at all, not even the audit entry of the import.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)  # a double click must not import twice
    if batch.is_committed:
        raise ImportRejected("Этот файл уже загружен в реестр.")
    fmt = FORMATS[batch.format]
    if not fmt.allowed(by):
        raise ImportRejected("У вас нет прав на загрузку данных этого формата.")
    plan = fmt.plan(bytes(batch.content), ImportContext(by, today))
    if not plan.ok:
        raise ImportRejected(
            "Файл не загружен: при проверке найдены ошибки. Исправьте их в файле и загрузите его снова."
        )
    if not plan.changes:
        return plan
    totals = [list(line) for line in plan.totals()]  # before apply(): counted on the planned changes
    created, updated = plan.apply(by)
    batch.status = BatchStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.created_count, batch.updated_count = created, updated
    batch.totals = totals
    batch.content = b""
    batch.save(update_fields=["status", "committed_at", "created_count", "updated_count", "totals", "content"])
    record(
        by,
        AuditAction.IMPORT,
        batch,
        changes={
            "format": fmt.code,
            "file": batch.file_name,
            "rows": len(plan.rows),
            "created": created,
            "updated": updated,
            "totals": totals,
        },
        summary=f"Импорт «{fmt.title}» из файла {batch.file_name}: {batch.totals_text()}",
    )
    return plan
