"""The kinds of reminders, each a source that derives the user's current reminders from its module's data.

A plain registry keyed by stable codes (the codes are stored in preferences and in the sent log: never rename
one). A source is `function(user, today) -> list[Reminder]`, scoped to what the user may see, reading a fixed
number of queries whatever the number of reminders; it returns [] at once, without a query, for a user it has
nothing for.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.lib.dates import add_months

from .models import Stage

DAYS_AHEAD = 14  # card deadlines, road-map items and route steps: reminded this many days before their date
ATTESTATION_MONTHS = 3  # categories expiring and attestations falling due: this many months before


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str  # stable within the kind: the object and its due date (a moved date is a new reminder)
    text: str
    url: str
    due_on: date | None = None  # None: no date (an unread recommendation)
    overdue: bool = False

    @property
    def stage(self) -> str:
        if self.due_on is None:
            return Stage.NEW
        return Stage.OVERDUE if self.overdue else Stage.DUE


@dataclass(frozen=True)
class Source:
    label: str  # the group's heading and the preference's name
    function: Callable[..., list[Reminder]]


def _dated(kind: str, key, text: str, url: str, due_on: date, today: date) -> Reminder:
    return Reminder(kind, f"{key}:{due_on.isoformat()}", text, url, due_on, due_on < today)


def card_deadlines(user, today: date) -> list[Reminder]:
    """The monitoring cards the user fills and has not submitted, their campaign's deadline near or passed."""
    from metodist.monitoring.due import due_cards

    reminders = []
    for due in due_cards(user, today):
        if due.days_left > DAYS_AHEAD:
            continue
        card = due.submission
        text = f"«{card.card.title}» ({card.respondent}), «{card.campaign.title}»"
        url = reverse("monitoring:card", args=[card.pk])
        reminders.append(_dated("cards", card.pk, text, url, card.campaign.deadline, today))
    return reminders


def roadmap_items(user, today: date) -> list[Reminder]:
    """Items of adopted road maps not done nor cancelled: of the user's municipality for its coordinator and
    methodologists, and those the user is responsible for. One reminder per item: its earliest occurrence not
    marked done, due within DAYS_AHEAD or overdue."""
    from metodist.roadmaps.models import RoadmapDue

    mine = Q(item__responsible_user_id=user.pk)
    if user.role in (Role.COORDINATOR, Role.METHODOLOGIST) and user.municipality_id:
        mine |= Q(item__roadmap__municipality_id=user.municipality_id)
    dues = (
        RoadmapDue.objects.open()
        .filter(mine, item__roadmap__municipality__isnull=False, due_on__lte=today + timedelta(days=DAYS_AHEAD))
        .select_related("item__roadmap")
        .order_by("due_on", "item__roadmap__title", "item__order", "item_id")
    )
    reminders, seen = [], set()
    for due in dues:
        if due.item_id in seen:
            continue
        seen.add(due.item_id)
        number = f"{due.item.number} " if due.item.number else ""
        text = f"{number}{due.item.activity[:200]} («{due.item.roadmap.title}»)"
        url = reverse("roadmaps:item", args=[due.item.roadmap_id, due.item_id])
        reminders.append(_dated("roadmaps", due.item_id, text, url, due.due_on, today))
    return reminders


def route_steps(user, today: date) -> list[Reminder]:
    """Planned steps of the routes being worked through: the user's own (as the educator) and those of the
    routes the user accompanies as tutor."""
    from metodist.routes.models import WORKING, RouteStep, StepStatus

    mine = Q(route__tutor_id=user.pk)
    if user.educator_id:
        mine |= Q(route__educator_id=user.educator_id)
    steps = (
        RouteStep.objects.filter(mine, route__status__in=WORKING, status=StepStatus.PLANNED)
        .filter(due_on__isnull=False, due_on__lte=today + timedelta(days=DAYS_AHEAD))
        .select_related("route__educator")
        .order_by("due_on", "route_id", "order", "pk")
    )
    reminders = []
    for step in steps:
        own = step.route.educator_id == user.educator_id
        whose = "Мой маршрут" if own else f"Маршрут: {step.route.educator.full_name}"
        text = f"{whose} — шаг «{step.title}»"
        url = reverse("routes:detail", args=[step.route_id])
        reminders.append(_dated("routes", step.pk, text, url, step.due_on, today))
    return reminders


def unread_recommendations(user, today: date) -> list[Reminder]:
    """Addressed recommendations sent to the user (or the organization or service the user acts for) and not
    yet confirmed as read by the user."""
    from metodist.recommendations.models import Recommendation

    unread = Recommendation.objects.unread_by(user).select_related("campaign").order_by("-sent_at", "-pk")
    return [
        Reminder("recommendations", str(recommendation.pk),
                 f"Адресная рекомендация «{recommendation.title}» («{recommendation.campaign.title}») не прочитана",
                 reverse("recommendations:detail", args=[recommendation.pk]))
        for recommendation in unread
    ]  # fmt: skip


def attestation_dates(user, today: date) -> list[Reminder]:
    """The educator's own next attestation date (a category of the old term expiring, or соответствие
    занимаемой должности falling due); for an organization's administrator, the staff's expiring categories
    and СЗД falling due (the employer sends to it) — within ATTESTATION_MONTHS, overdue СЗД included."""
    from metodist.attestation import cabinet, schedule
    from metodist.people.models import Educator

    until = add_months(today, ATTESTATION_MONTHS)
    reminders = []
    if user.educator_id and (educator := Educator.objects.filter(pk=user.educator_id).first()):
        upcoming = cabinet.next_attestation(educator, today)
        if upcoming and upcoming[0] <= until:
            day, what = upcoming
            url = reverse("attestation:educator", args=[educator.pk])
            reminders.append(_dated("attestation", "self", f"Моя аттестация: {what}", url, day, today))
    if user.role == Role.ORG_ADMIN:
        for row in schedule.expiring(user, today, until):
            url = reverse("attestation:educator", args=[row.educator_id])
            text = f"{row.full_name} ({row.organizations_text}): истекает срок категории ({row.category_label.lower()})"
            reminders.append(_dated("attestation", f"category:{row.educator_id}", text, url, row.expires_on, today))
        for row in schedule.szd_due(user, today, until):
            url = reverse("attestation:educator", args=[row.educator_id])
            text = f"{row.full_name} ({row.organization}, {row.position}): подтверждение соответствия должности"
            reminders.append(_dated("attestation", f"szd:{row.employment_id}", text, url, row.due_on, today))
    return sorted(reminders, key=lambda reminder: reminder.due_on)


def help_requests(user, today: date) -> list[Reminder]:
    from metodist.consultations.reminders import due

    return due(user, today)


def open_surveys(user, today: date) -> list[Reminder]:
    from metodist.surveys.reminders import due

    return due(user, today)


SOURCES: dict[str, Source] = {
    "cards": Source("Сроки сдачи информационных карт", card_deadlines),
    "roadmaps": Source("Мероприятия дорожных карт", roadmap_items),
    "routes": Source("Шаги индивидуальных маршрутов", route_steps),
    "recommendations": Source("Непрочитанные адресные рекомендации", unread_recommendations),
    "attestation": Source("Сроки аттестации", attestation_dates),
    "help_requests": Source("Запросы на методическую помощь", help_requests),
    "surveys": Source("Анкеты, ожидающие ответа", open_surveys),
}
