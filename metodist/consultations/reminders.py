"""The module's reminders (metodist/reminders/sources.py `help_requests`): for the municipality's service the
urgent requests nobody is assigned to yet; for an executor the requests assigned without a date and those
scheduled within DAYS_AHEAD (or overdue: the consultation is not recorded); for the requester the scheduled
date coming up and the help given that waits for their rating. No query for a user none of these can concern."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse

from metodist.accounts.models import Role

from .cabinet import requested_by
from .models import HelpRequest, RequestStatus, Urgency

KIND = "help_requests"
DAYS_AHEAD = 14
SERVICE = (Role.COORDINATOR, Role.METHODOLOGIST)
EXECUTORS = (Role.COORDINATOR, Role.METHODOLOGIST, Role.TUTOR, Role.ASSOCIATION_HEAD, Role.MENTOR)


def _url(item) -> str:
    return reverse("consultations:detail", args=[item.pk])


def due(user, today):
    from metodist.reminders.sources import Reminder

    service = user.role in SERVICE and user.municipality_id
    executor = user.role in EXECUTORS
    requester = user.role == Role.ORG_ADMIN or user.educator_id is not None
    if not (service or executor or requester):
        return []
    soon = today + timedelta(days=DAYS_AHEAD)
    wanted = Q(pk__in=[])
    if service:
        wanted |= Q(municipality_id=user.municipality_id, status=RequestStatus.NEW, urgency=Urgency.URGENT)
    if executor:
        wanted |= Q(assignee_id=user.pk, status=RequestStatus.ASSIGNED)
        wanted |= Q(assignee_id=user.pk, status=RequestStatus.SCHEDULED, scheduled_for__lte=soon)
    if requester:
        mine = requested_by(user).values("pk")
        wanted |= Q(pk__in=mine, status=RequestStatus.SCHEDULED, scheduled_for__lte=soon, scheduled_for__gte=today)
        wanted |= Q(pk__in=mine, status=RequestStatus.DONE, rating__isnull=True)
    items = HelpRequest.objects.filter(wanted).select_related("competency", "topic", "educator", "organization")
    reminders = []
    for item in items.order_by("filed_at", "pk"):
        label = f"№ {item.pk} «{item.topic_label}»"
        if item.assignee_id == user.pk and item.status == RequestStatus.ASSIGNED:
            reminders.append(Reminder(KIND, f"nodate:{item.pk}", f"Запрос {label}: назначьте дату", _url(item)))
        elif item.assignee_id == user.pk and item.status == RequestStatus.SCHEDULED:
            text = f"Консультация по запросу {label} ({item.requester_name})"
            reminders.append(_dated(Reminder, f"scheduled:{item.pk}", text, _url(item), item.scheduled_for, today))
        elif item.status == RequestStatus.NEW:
            text = f"Срочный запрос {label} от {item.requester_name} ждёт исполнителя"
            reminders.append(Reminder(KIND, f"urgent:{item.pk}", text, _url(item)))
        elif item.status == RequestStatus.SCHEDULED:
            text = f"Мой запрос {label}: консультация назначена"
            reminders.append(_dated(Reminder, f"mine:{item.pk}", text, _url(item), item.scheduled_for, today))
        else:
            text = f"Мой запрос {label}: помощь оказана — оцените её"
            reminders.append(Reminder(KIND, f"rate:{item.pk}", text, _url(item)))
    return reminders


def _dated(reminder, key, text, url, day, today):
    return reminder(KIND, f"{key}:{day.isoformat()}", text, url, day, day < today)
