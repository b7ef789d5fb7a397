"""Background commit of a large import of programs or trainings (more than imports.JOB_ROWS rows)."""

from datetime import date

from django.urls import reverse

from metodist.jobs import JobFailed
from metodist.jobs.registry import handler

from . import imports


@handler("training.import", title="Загрузка файла курсов")
def commit(job, *, what: str, token: str, today: str) -> dict:
    content = imports.stored(token, job.user)
    if content is None:
        raise JobFailed("Файл не найден: загрузите его ещё раз.")

    if what == "programs":
        check = imports.check_programs(content, region_id=job.user.region_id)
    else:
        check = imports.check_trainings(content, user=job.user, today=date.fromisoformat(today))
    if not check.ok:
        raise JobFailed("В файле есть ошибки: проверьте его ещё раз; ничего не загружено.")
    commit_rows = imports.commit_programs if what == "programs" else imports.commit_trainings
    written = commit_rows(check, by=job.user, progress=job.report)
    imports.discard(token)
    target = "training:programs" if what == "programs" else "training:trainings"
    return {"summary": f"Загружено записей: {written}.", "url": reverse(target), "url_label": "Открыть список"}
