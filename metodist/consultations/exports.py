"""The service's figures: the queue as .xlsx and the statistics page with its .xlsx (see stats.py)."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from metodist.audit.actions import record
from metodist.audit.models import AuditAction
from metodist.lib import xlsx
from metodist.lib.dates import add_months

from .access import is_service
from .models import Consultation, HelpRequest
from .stats import month_chart, statistics
from .views import filtered, listed, ordered


@login_required
def export(request):
    """The queue as .xlsx, with the list's filters."""
    user = request.user
    if not is_service(user):
        raise PermissionDenied
    _, requests, words = filtered(user, request.GET)
    rows = [
        [
            item.pk,
            item.filed_at,
            item.requester_name,
            "; ".join(e.full_name for e in item.staff.all()),
            str(item.organization),
            item.topic_label,
            str(item.subject or ""),
            item.get_form_wanted_display(),
            item.get_urgency_display(),
            item.get_status_display(),
            (item.assignee.get_full_name() or item.assignee.username) if item.assignee else "",
            item.scheduled_for,
            item.done_at,
        ]
        for item in ordered(listed(requests))
    ]
    sheet = xlsx.Sheet(
        title="Запросы",
        headers=[
            "№",
            "Подан",
            "Кто запросил",
            "Для педагогов",
            "Организация",
            "Тема",
            "Предмет",
            "Форма помощи",
            "Срочность",
            "Статус",
            "Исполнитель",
            "Дата",
            "Помощь оказана",
        ],  # fmt: skip
        rows=rows,
        widths=[8, 16, 30, 30, 28, 40, 18, 24, 14, 18, 26, 12, 16],
    )
    made = xlsx.Export.by(user, title="Запросы на методическую помощь", filters=words)
    content = xlsx.export_bytes(made, [sheet])
    record(user, AuditAction.EXPORT, user, summary=f"Выгрузка запросов на методическую помощь ({len(rows)})")
    return xlsx.xlsx_response(content, xlsx.export_filename("Запросы", made.place, timezone.localdate()))


def _period(data, today: date) -> tuple[date, date]:
    """The last twelve months by default; `start`/`end` (ISO dates) when given and sane."""
    try:
        end = date.fromisoformat(data.get("end", "")) if data.get("end") else today
        start = date.fromisoformat(data.get("start", "")) if data.get("start") else add_months(end, -12)
    except ValueError:
        return add_months(today, -12), today
    return (start, end) if start <= end else (end, start)


@login_required
def stats(request):
    user = request.user
    if not is_service(user):
        raise PermissionDenied("Статистика доступна методической службе.")
    start, end = _period(request.GET, timezone.localdate())
    figures = statistics(HelpRequest.objects.in_scope(user), start, end)
    if request.GET.get("format") == "xlsx":
        return _stats_xlsx(user, figures, start, end)
    consultations = Consultation.objects.in_scope(user).filter(held_on__range=(start, end)).count()
    context = {
        "figures": figures,
        "start": start,
        "end": end,
        "consultations": consultations,
        "chart": month_chart(figures.months) if figures.months else None,
    }
    return render(request, "consultations/stats.html", context)


ROW_HEADERS = ["Подано", "Назначен исполнитель", "Помощь оказана", "Отклонено", "Ответ, дней (среднее)",
               "Решение, дней (среднее)", "Средняя оценка", "Оценок", "Решено, %"]  # fmt: skip


def _cells(row):
    return [row.filed, row.assigned, row.done, row.declined, row.response, row.resolution, row.score, row.rated,
            row.solved_share]  # fmt: skip


def _stats_xlsx(user, figures, start, end):
    none = xlsx.NOT_APPLICABLE
    clean = lambda values: [none if value is None else value for value in values]  # noqa: E731
    sheets = [
        xlsx.Sheet(
            title="По месяцам",
            headers=["Месяц", *ROW_HEADERS],
            rows=[clean([row.label, *_cells(row)]) for row in [*figures.months, figures.total]],
        ),  # fmt: skip
        xlsx.Sheet(
            title="По организациям",
            headers=["Организация", *ROW_HEADERS],
            rows=[clean([row.label, *_cells(row)]) for row in figures.organizations],
        ),  # fmt: skip
        xlsx.Sheet(
            title="Нагрузка исполнителей",
            headers=["Исполнитель", "В работе", "Помощь оказана", "Решение, дней (среднее)", "Средняя оценка"],
            rows=[clean([e["name"], e["open"], e["done"], e["resolution"], e["score"]]) for e in figures.executors],
        ),
    ]
    made = xlsx.Export.by(
        user, title="Статистика методической помощи", filters=f"поданы {start:%d.%m.%Y}–{end:%d.%m.%Y}"
    )
    content = xlsx.export_bytes(made, sheets)
    record(user, AuditAction.EXPORT, user, summary="Выгрузка статистики методической помощи")
    return xlsx.xlsx_response(content, xlsx.export_filename("Статистика-помощи", made.place, timezone.localdate()))
