"""Writes of the bank of difficulties: the kept topics, the difficulties educators report, and the one step
from a cluster of requests to a group consultation or a draft event."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from metodist.audit.actions import record, record_created, record_updated, snapshot
from metodist.audit.models import AuditAction
from metodist.consultations import actions as consultations
from metodist.events.models import Event, EventKind, EventLevel, EventStatus, OrganizerKind

from .models import ReportedDifficulty, Topic

DUPLICATE = "Тема «{name}» уже есть в списке."


def _refuse_duplicate(name: str, municipality_id, region_id, exclude_pk=None) -> None:
    # compared in Python: SQLite's case-insensitive match knows ASCII letters only, and a list is short
    names = Topic.objects.filter(municipality_id=municipality_id, region_id=region_id).exclude(pk=exclude_pk)
    if name.casefold() in {other.casefold() for other in names.values_list("name", flat=True)}:
        raise ValidationError({"name": DUPLICATE.format(name=name)})


@transaction.atomic
def create_topic(*, name: str, municipality, region, by) -> Topic:
    name = " ".join(name.split())
    _refuse_duplicate(name, getattr(municipality, "pk", None), region.pk)
    last = Topic.objects.filter(municipality=municipality, region=region).aggregate(last=Max("order"))["last"]
    topic = Topic.objects.create(name=name, municipality=municipality, region=region, order=(last or 0) + 1)
    record_created(by, topic)
    return topic


@transaction.atomic
def rename_topic(topic: Topic, name: str, *, by) -> Topic:
    name = " ".join(name.split())
    _refuse_duplicate(name, topic.municipality_id, topic.region_id, exclude_pk=topic.pk)
    before = snapshot(topic)
    topic.name = name
    topic.save(update_fields=["name"])
    record_updated(by, topic, before)
    return topic


@transaction.atomic
def set_archived(topic: Topic, archived: bool, *, by) -> Topic:
    before = snapshot(topic)
    topic.archived = archived
    topic.save(update_fields=["archived"])
    record_updated(by, topic, before)
    return topic


@transaction.atomic
def move_topic(topic: Topic, step: int, *, by) -> None:
    """Swaps the topic with its neighbour above (step -1) or below (+1) in its list, renumbering the list."""
    siblings = list(
        Topic.objects.select_for_update()
        .filter(municipality_id=topic.municipality_id, region_id=topic.region_id)
        .order_by("order", "name", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == topic.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        if sibling.order != order:
            before = snapshot(sibling)
            sibling.order = order
            sibling.save(update_fields=["order"])
            record_updated(by, sibling, before)


@transaction.atomic
def report_difficulty(
    educator, *, competency, topic, subject, description: str, on: date, organization, by
) -> ReportedDifficulty:
    """`organization`: the educator's home organization on `on` (copied: the bank counts it as it was then)."""
    difficulty = ReportedDifficulty(
        educator=educator,
        competency=competency,
        topic=topic,
        subject=subject,
        description=description.strip(),
        reported_on=on,
        organization=organization,
        municipality_id=organization.municipality_id,
        region_id=organization.region_id,
    )
    difficulty.full_clean()
    difficulty.save()
    record_created(by, difficulty)
    return difficulty


@transaction.atomic
def delete_difficulty(difficulty: ReportedDifficulty, *, by) -> None:
    record(by, AuditAction.DELETE, difficulty, snapshot(difficulty), summary=str(difficulty))
    difficulty.delete()


def _open_requests(requests):
    chosen = list(requests)
    if not chosen:
        raise ValidationError("Выберите хотя бы один открытый запрос.")
    if len({request.municipality_id for request in chosen}) > 1:
        raise ValidationError("Выберите запросы одного муниципалитета.")
    return chosen


def _future(on: date, today: date) -> None:
    if on < today:
        raise ValidationError({"on": "Дата не может быть в прошлом."})


@transaction.atomic
def plan_group_consultation(requests, *, assignee, assignee_kind: str, on: date, today: date, by, comment=""):
    """The chosen open requests scheduled on one group consultation (consultations.actions.schedule_group)."""
    chosen = _open_requests(requests)
    _future(on, today)
    consultations.schedule_group(chosen, assignee=assignee, assignee_kind=assignee_kind, on=on, by=by, comment=comment)
    return chosen


@transaction.atomic
def plan_event(
    requests, *, title: str, subject, on: date, start: time, end: time, assignee, assignee_kind: str, today, by
) -> Event:
    """A draft seminar of the municipal service from a cluster of requests, the requests scheduled on it."""
    chosen = _open_requests(requests)
    _future(on, today)
    if end <= start:
        raise ValidationError({"end": "Окончание должно быть позже начала."})
    first = chosen[0]
    event = Event.objects.create(
        title=title.strip(),
        kind=EventKind.SEMINAR,
        level=EventLevel.MUNICIPAL,
        organizer_kind=OrganizerKind.SERVICE,
        subject=subject,
        theme=first.topic_label[:300],
        description="Запланировано из банка профессиональных затруднений по запросам педагогов.",
        starts_at=timezone.make_aware(datetime.combine(on, start)),
        ends_at=timezone.make_aware(datetime.combine(on, end)),
        municipality_id=first.municipality_id,
        region_id=first.region_id,
        status=EventStatus.DRAFT,
        created_by=by,
    )
    record_created(by, event)
    consultations.schedule_group(
        chosen, assignee=assignee, assignee_kind=assignee_kind, on=on, by=by, event=event, comment=event.title
    )
    return event
