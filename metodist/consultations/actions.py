"""Writes of the module: filing, triage, scheduling, consultations, rating, private notes — each atomic, each
status change one `RequestEvent` and one audit entry.

The allowed moves are the table `MOVES` (action → statuses it starts from); a move from any other status is
refused with `TransitionError` in Russian. A rating closes its request at once: the requester's word is the
last step, so the service does not have to close rated requests by hand (it closes unrated done ones).

`schedule_group` is the entry point the bank of difficulties uses to turn a cluster of requests into a group
consultation or an event in one step; its signature is fixed for that module.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import record, record_created, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import CONFLICT, claim

from .models import (
    OPEN,
    Consultation,
    HelpRequest,
    PrivateNote,
    Rating,
    RequestAttachment,
    RequesterKind,
    RequestEvent,
    RequestStatus,
)

S = RequestStatus
# action → the statuses it may start from
MOVES = {
    "assign": (S.NEW, S.ASSIGNED, S.SCHEDULED),
    "schedule": (S.ASSIGNED, S.SCHEDULED),
    "decline": (S.NEW, S.ASSIGNED, S.SCHEDULED),
    "consult": (S.ASSIGNED, S.SCHEDULED),
    "rate": (S.DONE,),
    "close": (S.DONE,),
}
REFUSALS = {
    "assign": "Исполнителя можно назначить только открытому запросу (новому, с исполнителем или с датой).",
    "schedule": "Дату можно назначить только запросу, у которого есть исполнитель.",
    "decline": "Отклонить можно только открытый запрос; по этому уже оказана помощь или он закрыт.",
    "consult": "Консультацию можно внести только по запросу с назначенным исполнителем, ещё не выполненному.",
    "rate": "Оценить помощь можно только после того, как она оказана, и только один раз.",
    "close": "Закрыть можно только запрос, по которому помощь оказана.",
}


class TransitionError(Exception):
    """Why a step of a request was refused, in Russian."""


def _check(request: HelpRequest, move: str) -> None:
    if request.status not in MOVES[move]:
        raise TransitionError(REFUSALS[move])


def _lock(request: HelpRequest, version: int | None) -> None:
    if not claim(request, version):
        raise TransitionError(CONFLICT)


def _move(request: HelpRequest, status: str, *, by, comment: str = "", fields=()) -> RequestEvent:
    """Sets the status, saves `fields` with it, and writes the history and the audit trail."""
    before = request.status
    request.status = status
    request.save(update_fields=["status", *fields])
    event = RequestEvent.objects.create(
        request=request, status_from=before, status_to=status, by=by, at=timezone.now(), comment=comment
    )
    changes = {"status": [before, status]} | {name: [None, _text(getattr(request, name))] for name in fields}
    record(by, AuditAction.UPDATE, request, changes, f"{S(before).label} → {S(status).label}")
    return event


def _text(value):
    return None if value is None else str(value.pk if hasattr(value, "pk") else value)


@transaction.atomic
def file_request(fields: dict, *, by, organization, educator=None, staff=(), files=()) -> HelpRequest:
    """A new request: of `educator` (for themself, `organization` their home one) or of `organization` (by its
    administrator, for it or for `staff`), with its attachments."""
    request = HelpRequest.objects.create(
        **fields,
        requester_kind=RequesterKind.EDUCATOR if educator else RequesterKind.ORGANIZATION,
        educator=educator,
        organization=organization,
        municipality_id=organization.municipality_id,
        region_id=organization.region_id,
        status=S.NEW,
        filed_at=timezone.now(),
        created_by=by,
    )
    if staff:
        request.staff.set(staff)
    for upload in files:
        RequestAttachment.objects.create(request=request, file=upload, name=upload.name[:255], uploaded_by=by)
    RequestEvent.objects.create(request=request, status_from="", status_to=S.NEW, by=by, at=request.filed_at)
    record_created(by, request)
    return request


@transaction.atomic
def assign(
    request: HelpRequest, *, assignee, assignee_kind: str, by, on: date | None = None, comment: str = "", version=None
) -> HelpRequest:
    """Names the executor (and, with `on`, the date at once)."""
    _check(request, "assign")
    _lock(request, version)
    request.assignee, request.assignee_kind = assignee, assignee_kind
    fields = ["assignee", "assignee_kind"]
    if request.assigned_at is None:
        request.assigned_at = timezone.now()
        fields.append("assigned_at")
    status = S.SCHEDULED if request.status == S.SCHEDULED else S.ASSIGNED
    text = f"Исполнитель: {assignee.get_full_name() or assignee.username}. {comment}".strip()
    _move(request, status, by=by, comment=text, fields=fields)
    if on is not None:
        _schedule(request, on=on, by=by)
    return request


def _schedule(request: HelpRequest, *, on: date, by, event=None, comment: str = "") -> None:
    request.scheduled_for = on
    fields = ["scheduled_for"]
    if event is not None:
        request.event = event
        fields.append("event")
    text = f"Назначена дата: {on:%d.%m.%Y}. {comment}".strip()
    _move(request, S.SCHEDULED, by=by, comment=text, fields=fields)


@transaction.atomic
def schedule(request: HelpRequest, *, on: date, by, comment: str = "", version=None) -> HelpRequest:
    _check(request, "schedule")
    _lock(request, version)
    _schedule(request, on=on, by=by, comment=comment)
    return request


@transaction.atomic
def decline(request: HelpRequest, *, reason: str, by, version=None) -> HelpRequest:
    """Declines with the reason the requester sees."""
    _check(request, "decline")
    if not reason.strip():
        raise TransitionError("Напишите причину отклонения: её увидит тот, кто подал запрос.")
    _lock(request, version)
    request.decline_reason, request.closed_at = reason.strip(), timezone.now()
    _move(request, S.DECLINED, by=by, comment=request.decline_reason, fields=["decline_reason", "closed_at"])
    return request


@transaction.atomic
def close(request: HelpRequest, *, by, comment: str = "", version=None) -> HelpRequest:
    _check(request, "close")
    _lock(request, version)
    request.closed_at = timezone.now()
    _move(request, S.CLOSED, by=by, comment=comment, fields=["closed_at"])
    return request


@transaction.atomic
def record_consultation(fields: dict, *, requests, participants, by) -> Consultation:
    """A consultation held, answering `requests` (one, or several: a group consultation): they become done."""
    requests = list(requests)
    for request in requests:
        _check(request, "consult")
    if not requests:
        raise TransitionError("Выберите хотя бы один запрос, на который отвечает консультация.")
    first = requests[0]
    consultation = Consultation.objects.create(
        **fields, conducted_by=by, municipality_id=first.municipality_id, region_id=first.region_id
    )
    consultation.requests.set(requests)
    consultation.participants.set(participants)
    record_created(by, consultation)
    now = timezone.now()
    for request in requests:
        claim(request, None)
        request.done_at = now
        text = f"Проведена консультация {consultation.held_on:%d.%m.%Y}: {consultation.topic_text}"
        _move(request, S.DONE, by=by, comment=text, fields=["done_at"])
    return consultation


@transaction.atomic
def rate(request: HelpRequest, *, score: int, solved: bool, comment: str, by) -> Rating:
    """The requester's rating; it closes the request."""
    _check(request, "rate")
    if Rating.objects.filter(request=request).exists():
        raise TransitionError(REFUSALS["rate"])
    if not 1 <= score <= 5:
        raise TransitionError("Оценка — от 1 до 5.")
    rating = Rating.objects.create(
        request=request, score=score, solved=solved, comment=comment, rated_by=by, rated_at=timezone.now()
    )
    record_created(by, rating)
    claim(request, None)
    request.closed_at = rating.rated_at
    _move(request, S.CLOSED, by=by, comment=f"Оценка помощи: {score} из 5", fields=["closed_at"])
    return rating


@transaction.atomic
def add_note(request: HelpRequest, *, text: str, by) -> PrivateNote:
    """A private note of its author. The audit trail records that a note was added, never its text: the trail
    is read by the system's administrators, the note by its author only."""
    note = PrivateNote.objects.create(request=request, author=by, text=text.strip())
    record(by, AuditAction.CREATE, note, {"request": [None, str(request.pk)]}, "добавлена личная заметка")
    return note


@transaction.atomic
def schedule_group(requests, *, assignee, assignee_kind: str, on: date, by, event=None, comment: str = "") -> None:
    """Assigns `assignee` to every request of `requests` still open and schedules them on `on` (a group
    consultation, or the event `event`), each with an entry in its history; atomic."""
    now = timezone.now()
    for request in requests:
        if request.status not in OPEN:
            continue
        claim(request, None)
        before = snapshot(request)
        request.assignee, request.assignee_kind = assignee, assignee_kind
        request.assigned_at = request.assigned_at or now
        request.scheduled_for = on
        if event is not None:
            request.event = event
        status_from = request.status
        request.status = S.SCHEDULED
        request.save(update_fields=["assignee", "assignee_kind", "assigned_at", "scheduled_for", "event", "status"])
        text = f"Групповая помощь {on:%d.%m.%Y}" + (f": {event}" if event is not None else "")
        RequestEvent.objects.create(
            request=request,
            status_from=status_from,
            status_to=S.SCHEDULED,
            by=by,
            at=now,
            comment=f"{text}. {comment}".strip(),
        )
        after = snapshot(request)
        changes = {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
        record(by, AuditAction.UPDATE, request, changes, "назначена групповая помощь")
