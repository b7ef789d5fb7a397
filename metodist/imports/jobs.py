"""The long steps of an import as background jobs: checking a stored file, and committing it to the registry.

A regional file of 20 000 rows takes half a minute to commit: longer than a web request may last. The views
start these jobs and send the user to the job's page (its progress bar: rows read, rows checked, records
written); the result links back to the batch's page.
"""

from datetime import date

from metodist.jobs import JobFailed, uploaded
from metodist.jobs.registry import handler

from . import actions
from .locks import lock_municipalities
from .models import ImportBatch


def _batch(job, batch_id: int) -> ImportBatch:
    return uploaded(ImportBatch.objects.in_scope(job.user), batch_id)


# Not atomic: a dry run that reads for up to a minute and writes only the batch's result, in one save at its end.
@handler("imports.check", title="Проверка файла импорта", atomic=False)
def check(job, *, batch_id: int, today: str) -> dict:
    batch = _batch(job, batch_id)
    plan = actions.check_batch(batch, by=job.user, today=date.fromisoformat(today), progress=job.report)
    if plan.file_problems:
        summary = "Файл нельзя загрузить: " + plan.file_problems[0].message
    else:
        counts = {status: plan.count(status) for status in ("create", "update", "unchanged", "error")}
        summary = (
            f"Проверено строк: {len(plan.rows)}. С новыми записями — {counts['create']}, с изменениями — "
            f"{counts['update']}, без изменений — {counts['unchanged']}, с ошибками — {counts['error']}."
        )
    return {"summary": summary, "url": batch.get_absolute_url(), "url_label": "Открыть итог проверки"}


@handler("imports.commit", title="Загрузка файла в реестр")
def commit(job, *, batch_id: int, today: str, municipalities: list[int]) -> dict:
    """`municipalities`: those of the check, locked before anything is read (locks.py: SQLite needs it first)."""
    lock_municipalities(municipalities)
    batch = _batch(job, batch_id)
    try:
        plan = actions.commit_batch(batch, by=job.user, today=date.fromisoformat(today), progress=job.report)
    except actions.ImportRejected as rejected:
        raise JobFailed(str(rejected)) from None
    if not plan.changes:
        summary = "Загружать нечего: все строки файла совпадают с данными реестра."
    else:
        batch.refresh_from_db(fields=["totals"])
        summary = f"Загружено в реестр: {batch.totals_text()}."
    return {"summary": summary, "url": batch.get_absolute_url(), "url_label": "Открыть страницу файла"}
