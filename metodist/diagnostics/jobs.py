"""The import of a procedure's results as background jobs: the check (a dry run) and the commit (one transaction).

A regional file of 50 000 participants (about a million results) takes longer than a web request may last; the
views start these jobs and send the user to the job's page, whose result links back to the import's page.
"""

from datetime import date

from metodist.jobs import JobFailed, uploaded
from metodist.jobs.registry import handler

from . import importing
from .models import ResultImport


def _import(job, import_id: int) -> ResultImport:
    return uploaded(ResultImport.objects.in_scope(job.user).select_related("diagnostic__version"), import_id)


# Not atomic: it reads for up to a minute and writes only the report, in one save at its end.
@handler("diagnostics.check", title="Проверка файла результатов диагностики", atomic=False)
def check(job, *, import_id: int, today: str) -> dict:
    result_import = _import(job, import_id)
    parsed = importing.check(result_import, by=job.user, today=date.fromisoformat(today), progress=job.report)
    if parsed.error_count:
        summary = f"Файл нельзя загрузить: ошибок — {parsed.error_count}. Первая: {parsed.errors[0]}"
    else:
        summary = (
            f"Проверено строк: {parsed.read}. Будет загружено участников — {len(parsed.rows)}, результатов — "
            f"{parsed.results}; не найдено педагогов — {parsed.unknown_count}."
        )
    return {"summary": summary, "url": result_import.get_absolute_url(), "url_label": "Открыть итог проверки"}


@handler("diagnostics.commit", title="Загрузка результатов диагностики")
def commit(job, *, import_id: int, today: str) -> dict:
    result_import = _import(job, import_id)
    try:
        report = importing.commit(result_import, by=job.user, progress=job.report)
    except importing.ImportRejected as rejected:
        raise JobFailed(str(rejected)) from None
    summary = f"Загружено: участников — {report['participants']}, результатов — {report['written']}."
    return {"summary": summary, "url": result_import.get_absolute_url(), "url_label": "Открыть страницу файла"}
