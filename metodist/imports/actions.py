"""Writes of the import: storing an uploaded file, checking it once, and committing it all-or-nothing.

The file is read once, by the check: its rows are kept on the batch (ImportBatch.table) and the file itself is
dropped; the preview shows the stored result of the check. The commit checks the stored rows against the
registry again (it may have changed since), inside its transaction and under the lock of the municipalities it
writes to (locks.py), so that two commits into one municipality never plan against the same registry.
"""

import hashlib
import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from metodist.audit.actions import record
from metodist.audit.models import AuditAction

from .context import ImportContext
from .formats import FORMATS, ImportFormat
from .locks import lock_municipalities
from .models import BatchStatus, ImportBatch
from .plan import Plan, Problem
from .preview import summary
from .reading import FileRejected, Table, read_table

logger = logging.getLogger(__name__)

HAS_PROBLEMS = (
    "Файл не загружен: при проверке найдены ошибки. Если при прежней проверке их не было, реестр с тех пор "
    "изменился: нажмите на странице файла «Проверить снова», чтобы увидеть их."
)
CONFLICT = "Файл не загружен: реестр изменился во время загрузки. Проверьте файл ещё раз и загрузите его снова."


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


def check_batch(batch: ImportBatch, by, today: date, progress=None) -> Plan:
    """The dry run of a stored file: what a commit would do now; stores the result for the batch's page.

    The first check reads the file and keeps its rows instead of it; a later one checks the kept rows.
    `progress(done, total, unit)` reports the rows read and checked. Writes nothing to the registry.
    """
    fmt = FORMATS[batch.format]
    plan = None
    if batch.content:
        try:
            batch.table = read_table(bytes(batch.content), progress=progress).to_json()
        except FileRejected as rejected:
            batch.table = {}
            plan = Plan(file_problems=[Problem(str(rejected))])
        batch.content = b""
    if batch.table:
        plan = fmt.plan_table(Table.from_json(batch.table), ImportContext(by, today), progress=progress)
    if plan is None:  # a file that could not be read, checked again: the same answer
        plan = Plan(file_problems=[Problem(message) for message in batch.preview.get("file_problems", [])])
    batch.preview = summary(plan)
    batch.status, batch.checked_at = BatchStatus.CHECKED, timezone.now()
    batch.save(update_fields=["content", "table", "preview", "status", "checked_at"])
    return plan


def commit_batch(batch: ImportBatch, by, today: date, progress=None) -> Plan:
    """Checks the stored rows again inside the transaction and writes every change with its audit entries, or
    nothing. A file whose rows are all unchanged writes nothing at all, not even the audit entry of the import.

    `progress(done, total, unit)` reports the rows checked and the records written.
    """
    if batch.content:  # never checked (a script, a test): read it first, as the upload does
        check_batch(batch, by, today, progress)
    try:
        plan = _commit(batch, by, today, progress)
    except IntegrityError:
        # Another commit wrote the same record meanwhile (into another municipality: one municipality's commits
        # wait for each other). The database's message holds the conflicting values, personal data: not logged.
        logger.warning("import batch %s: refused, a record was written by another commit meanwhile", batch.pk)
        raise ImportRejected(CONFLICT) from None
    if not plan.ok:
        raise ImportRejected(HAS_PROBLEMS)
    return plan


@transaction.atomic
def _commit(batch: ImportBatch, by, today: date, progress) -> Plan:
    fmt = FORMATS[batch.format]
    locked = set(batch.preview.get("municipalities", []))
    lock_municipalities(locked)  # first: on SQLite a transaction that has read cannot wait for the lock
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)  # a double click must not import twice
    if batch.is_committed:
        raise ImportRejected("Этот файл уже загружен в реестр.")
    if not fmt.allowed(by):
        raise ImportRejected("У вас нет прав на загрузку данных этого формата.")
    if not batch.table:  # the file could not be read: its page says why
        raise ImportRejected(HAS_PROBLEMS)
    table = Table.from_json(batch.table)
    while True:
        plan = fmt.plan_table(table, ImportContext(by, today, committing=True), progress=progress)
        if plan.municipalities <= locked:
            break
        # an organization moved since the check: plan again holding its municipality's lock too
        lock_municipalities(plan.municipalities - locked)
        locked |= plan.municipalities
    if not plan.ok or not plan.changes:
        return plan
    totals = [list(line) for line in plan.totals()]  # before apply(): counted on the planned changes
    created, updated = plan.apply(by, progress=progress)
    batch.status = BatchStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.created_count, batch.updated_count = created, updated
    batch.totals = totals
    batch.content, batch.table, batch.preview = b"", {}, {}
    batch.save(
        update_fields=[
            "status",
            "committed_at",
            "created_count",
            "updated_count",
            "totals",
            "content",
            "table",
            "preview",
        ]
    )
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
