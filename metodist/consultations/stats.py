"""Statistics of the service's help: response time (filed → executor named), time to resolution (filed →
help given), satisfaction (mean score, share solved) and the executors' load, by month and by organization.

Counts, means and shares are SQL aggregates over the requests filed in the period; medians (a few requests
answered very late would pull a mean far away from the usual case) are taken in Python from one list of
durations. Days are shown to one decimal, rounded half up; shares in whole percent, half up.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import OPEN, AssigneeKind, RequestStatus

DAY = Decimal("0.1")
RESPONSE = ExpressionWrapper(F("assigned_at") - F("filed_at"), output_field=DurationField())
RESOLUTION = ExpressionWrapper(F("done_at") - F("filed_at"), output_field=DurationField())
AGGREGATES = {
    "filed": Count("pk"),
    "assigned": Count("assigned_at"),
    "done": Count("done_at"),
    "declined": Count("pk", filter=Q(status=RequestStatus.DECLINED)),
    "response": Avg(RESPONSE),
    "resolution": Avg(RESOLUTION),
    "score": Avg("rating__score"),
    "rated": Count("rating"),
    "solved": Count("rating", filter=Q(rating__solved=True)),
}


def days(value) -> Decimal | None:
    """A duration in days, one decimal, half up (None stays None)."""
    if value is None:
        return None
    if not isinstance(value, timedelta):  # a backend that averages durations as microseconds
        value = timedelta(microseconds=float(value))
    return (Decimal(value.total_seconds()) / Decimal(86400)).quantize(DAY, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> int | None:
    if not whole:
        return None
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Row:
    label: str
    filed: int
    assigned: int
    done: int
    declined: int
    response: Decimal | None
    resolution: Decimal | None
    score: Decimal | None
    rated: int
    solved_share: int | None
    response_median: Decimal | None = None
    resolution_median: Decimal | None = None


def _row(label, values: dict) -> Row:
    score = values["score"]
    return Row(
        label=label,
        filed=values["filed"],
        assigned=values["assigned"],
        done=values["done"],
        declined=values["declined"],
        response=days(values["response"]),
        resolution=days(values["resolution"]),
        score=None if score is None else Decimal(str(score)).quantize(DAY, rounding=ROUND_HALF_UP),
        rated=values["rated"],
        solved_share=percent(values["solved"], values["rated"]),
    )


def filed_between(requests, start: date, end: date):
    """Requests filed from the start of `start` to the end of `end` (local days)."""
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return requests.filter(filed_at__gte=since, filed_at__lt=until)


def _medians(requests) -> tuple:
    lines = list(requests.values_list("filed_at", "assigned_at", "done_at"))
    response = [a - f for f, a, _ in lines if a]
    resolution = [d - f for f, _, d in lines if d]
    return (days(median(response)) if response else None, days(median(resolution)) if resolution else None)


@dataclass
class Statistics:
    total: Row
    months: list[Row]
    organizations: list[Row]
    executors: list[dict]


def statistics(requests, start: date, end: date) -> Statistics:
    """The figures of `requests` (already scoped) filed in start..end."""
    requests = filed_between(requests, start, end)
    total = _row("Всего", requests.aggregate(**AGGREGATES))
    total.response_median, total.resolution_median = _medians(requests)
    by_month = requests.annotate(month=TruncMonth("filed_at")).values("month").annotate(**AGGREGATES).order_by("month")
    months = [_row(_month_label(values["month"]), values) for values in by_month]
    by_organization = (
        requests.values("organization_id", "organization__short_name")
        .annotate(**AGGREGATES)
        .order_by("-filed", "organization__short_name")
    )
    organizations = [_row(values["organization__short_name"], values) for values in by_organization]
    executors = list(
        requests.filter(assignee__isnull=False)
        .values("assignee_id", "assignee__last_name", "assignee__first_name", "assignee__username", "assignee_kind")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN)),
            done=Count("pk", filter=Q(done_at__isnull=False)),
            resolution=Avg(RESOLUTION),
            score=Avg("rating__score"),
        )
        .order_by("-open", "-done", "assignee__last_name", "assignee_id")
    )
    for executor in executors:
        name = f"{executor['assignee__last_name']} {executor['assignee__first_name']}".strip()
        executor["name"] = name or executor["assignee__username"]
        executor["kind_label"] = AssigneeKind(executor["assignee_kind"]).label if executor["assignee_kind"] else ""
        executor["resolution"] = days(executor["resolution"])
        executor["score"] = (
            None if executor["score"] is None else Decimal(str(executor["score"])).quantize(DAY, rounding=ROUND_HALF_UP)
        )
    return Statistics(total=total, months=months, organizations=organizations, executors=executors)


MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
          "декабрь"]  # fmt: skip


def _month_label(moment) -> str:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{MONTHS[moment.month - 1]} {moment.year}"


def month_chart(months: list[Row]) -> dict:
    """A Chart.js bar chart (monitoring/_chart.html): requests filed and answered, by month."""
    return {
        "height": 280,
        "config": {
            "type": "bar",
            "data": {
                "labels": [row.label for row in months],
                "datasets": [
                    {"label": "Подано", "data": [row.filed for row in months], "backgroundColor": "#5b8def"},
                    {"label": "Помощь оказана", "data": [row.done for row in months], "backgroundColor": "#3aa57a"},
                ],
            },
            "options": {
                "locale": "ru-RU",
                "maintainAspectRatio": False,
                "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}},
                "plugins": {"legend": {"position": "bottom"}},
            },
        },
    }
