"""The import of activity records as background jobs: the check (a dry run) and the commit (one transaction).

A file may hold up to the reader's row limit, and every row goes through the entry form: longer than a web
request may last. The views start these jobs and send the user to the job's page, whose result links back to
the import's page.
"""

from datetime import date

from metodist.jobs import JobFailed, uploaded
from metodist.jobs.registry import handler

from . import importing
from .models import ActivityImport


def _import(job, import_id: int) -> ActivityImport:
    return uploaded(ActivityImport.objects.in_scope(job.user), import_id)


# Not atomic: it reads and writes only the report, in one save at its end.
@handler("activities.check", title="Проверка файла записей о деятельности", atomic=False)
def check(job, *, import_id: int, today: str) -> dict:
    item = _import(job, import_id)
    checked = importing.check_import(item, by=job.user, today=date.fromisoformat(today))
    if not checked.ok:
        first = (checked.errors or checked.unknown)[0]
        summary = f"Файл нельзя загрузить: ошибок — {checked.error_count}, не найдено педагогов — "
        summary += f"{checked.unknown_count}. Первая: {first}"
    else:
        summary = (
            f"Проверено строк: {checked.read}. Будет создано записей — {len(checked.forms)}, уже есть — "
            f"{checked.existing_count}."
        )
    return {"summary": summary, "url": item.get_absolute_url(), "url_label": "Открыть итог проверки"}


@handler("activities.commit", title="Загрузка записей о деятельности")
def commit(job, *, import_id: int, today: str) -> dict:
    item = _import(job, import_id)
    try:
        report = importing.commit(item, by=job.user, today=date.fromisoformat(today))
    except importing.ImportRejected as rejected:
        raise JobFailed(str(rejected)) from None
    summary = f"Создано записей — {report['created']}, уже были — {report['existing_count']}."
    return {"summary": summary, "url": item.get_absolute_url(), "url_label": "Открыть страницу файла"}
