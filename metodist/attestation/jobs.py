"""Background jobs of attestation: the calendar's workbook for a region (tens of thousands of rows take
seconds to write, longer than a request should hold a worker)."""

from django.utils import timezone

from metodist.accounts.models import ScopeLevel
from metodist.jobs import JobFailed
from metodist.jobs.registry import handler
from metodist.lib.xlsx import export_filename

from . import exports, schedule

# Scopes whose calendar is written by a background job; a municipality's or an organization's is sent at once.
JOB_SCOPES = (ScopeLevel.REGION, ScopeLevel.ALL)


@handler("attestation.calendar_export", title="Выгрузка графика аттестации в Excel", atomic=False)
def calendar_export(job, *, months: int) -> dict:
    """The calendar for the user who started the job, in their scope as it is when the job runs."""
    user = job.user
    if user is None or user.scope_level == ScopeLevel.SELF:
        raise JobFailed("График аттестации выгружают методисты, координаторы и администраторы организаций.")
    on = timezone.localdate()
    job.progress(0, 2, "Этапов выполнено", message="Составляется график")
    calendar = schedule.calendar(user, on, months)
    job.check_cancelled()
    job.progress(1, 2, message="Записывается файл Excel")
    content = exports.calendar_workbook(calendar, months=months, by=user)
    job.attach(export_filename("График-аттестации", user.scope_name(), on), content)
    job.progress(2, 2)
    return {"summary": f"График аттестации на {months} мес. готов."}
