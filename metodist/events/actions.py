"""Writes of the events module: an event's edits, registration (with capacity, waiting list and approval),
cancellation and apologies (which promote the waiting list, first come first served, until registration
closes), attendance marking and feedback. Each is atomic and audited.

Every change of an event's seats locks the event row first (`select_for_update`), so two registrations for the
last seat are serialized: the second sees the seat taken and goes to the waiting list.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from metodist.accounts.models import ScopeLevel
from metodist.audit.actions import record, record_created, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import EditConflict, claim
from metodist.people.models import Educator

from .models import (
    ACTIVE,
    SEATED,
    Event,
    EventStatus,
    Feedback,
    Participation,
    ParticipationRole,
    RegistrationStatus,
)


class EventRefused(Exception):
    """A write the rules refuse; the message is shown to the user as it is."""


CLOSED = "Регистрация на мероприятие закрыта: она заканчивается за {days} дн. до начала."


def can_register(user, educator: Educator) -> bool:
    """The educator themself, or a user who has the educator in scope (their administrator, the territory)."""
    if user.educator_id == educator.pk:
        return True
    if user.scope_level == ScopeLevel.SELF:
        return False
    return Educator.objects.in_scope(user).filter(pk=educator.pk).exists()


def can_approve(user, participation: Participation) -> bool:
    """The administrator of the educator's organization (or the territory's roles) approves a registration."""
    if user.scope_level == ScopeLevel.SELF:
        return False
    return Educator.objects.in_scope(user).filter(pk=participation.educator_id).exists()


def can_manage(user, event: Event) -> bool:
    return Event.objects.manageable_by(user).filter(pk=event.pk).exists()


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _seats_taken(event: Event) -> int:
    return event.participations.filter(status__in=SEATED, role=ParticipationRole.PARTICIPANT).count()


def _has_seat(event: Event) -> bool:
    return event.capacity is None or _seats_taken(event) < event.capacity


def _seated_status(event: Event) -> str:
    return RegistrationStatus.PENDING if event.needs_approval else RegistrationStatus.REGISTERED


def _audit(by, participation: Participation, before: str, summary: str) -> None:
    record(by, AuditAction.UPDATE, participation, {"status": [before, participation.status]}, summary)


@transaction.atomic
def register(event: Event, educator: Educator, *, by, now=None, role=ParticipationRole.PARTICIPANT) -> Participation:
    """Registers the educator: a seat when one is free (awaiting approval when the event needs it), else the
    end of the waiting list. Speakers and hosts are added by an organizer and take no seat."""
    now = now or timezone.now()
    event = _locked(event)
    presenter = role != ParticipationRole.PARTICIPANT
    if presenter and not can_manage(by, event):
        raise EventRefused("Выступающих и ведущих назначает организатор мероприятия.")
    if not presenter and not can_register(by, educator):
        raise EventRefused("Зарегистрировать можно себя или педагога своей организации.")
    if not presenter and not event.registration_open(now):
        if event.status != EventStatus.PUBLISHED:
            raise EventRefused("Мероприятие не опубликовано или отменено: регистрация невозможна.")
        raise EventRefused(CLOSED.format(days=event.closes_days_before))
    participation = Participation.objects.filter(event=event, educator=educator).first()
    if participation is not None and participation.status in ACTIVE:
        raise EventRefused("Педагог уже зарегистрирован на это мероприятие.")
    if presenter:
        status, position = RegistrationStatus.REGISTERED, None
    elif _has_seat(event):
        status, position = _seated_status(event), None
    else:
        last = event.participations.aggregate(last=Max("waiting_position"))["last"] or 0
        status, position = RegistrationStatus.WAITING, last + 1
    fields = {"role": role, "status": status, "waiting_position": position, "registered_by": by, "registered_at": now}
    if participation is None:
        participation = Participation.objects.create(event=event, educator=educator, **fields)
        record_created(by, participation)
    else:
        before = participation.status
        for name, value in fields.items():
            setattr(participation, name, value)
        participation.marked_at = None
        participation.save()
        _audit(by, participation, before, "повторная регистрация")
    return participation


def _promote(event: Event, now, by) -> list[Participation]:
    """Moves the first of the waiting list onto the free seats, while registration is open (after it closes
    nobody is promoted: they could not prepare; the organizer sees the list)."""
    promoted = []
    if not event.registration_open(now):
        return promoted
    waiting = event.participations.filter(status=RegistrationStatus.WAITING).order_by("waiting_position", "pk")
    for participation in waiting:
        if not _has_seat(event):
            break
        participation.status, participation.waiting_position = _seated_status(event), None
        participation.save(update_fields=["status", "waiting_position", "changed_at"])
        _audit(by, participation, RegistrationStatus.WAITING, "переведён из листа ожидания")
        promoted.append(participation)
    return promoted


def _leave(participation: Participation, status: str, *, by, now, summary: str) -> list[Participation]:
    now = now or timezone.now()
    event = _locked(participation.event)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if not can_register(by, participation.educator) and not can_manage(by, event):
        raise EventRefused("Изменить регистрацию может сам педагог, его администратор или организатор.")
    if participation.status not in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.PENDING,
        RegistrationStatus.WAITING,
    ):
        raise EventRefused("Эту регистрацию уже нельзя изменить.")
    if now >= event.starts_at:
        raise EventRefused("Мероприятие уже началось: регистрацию изменить нельзя.")
    before = participation.status
    participation.status, participation.waiting_position = status, None
    participation.save(update_fields=["status", "waiting_position", "changed_at"])
    _audit(by, participation, before, summary)
    return _promote(event, now, by)


@transaction.atomic
def cancel(participation: Participation, *, by, now=None) -> list[Participation]:
    """Cancels the registration; returns whom the freed seat went to."""
    return _leave(participation, RegistrationStatus.CANCELLED, by=by, now=now, summary="регистрация отменена")


@transaction.atomic
def apologise(participation: Participation, *, by, now=None) -> list[Participation]:
    """Apologies in advance: the educator will not come, the seat is freed, and it counts as committed."""
    return _leave(participation, RegistrationStatus.EXCUSED, by=by, now=now, summary="предупредил об отсутствии")


@transaction.atomic
def decide(participation: Participation, approve: bool, *, by, now=None) -> list[Participation]:
    """The organization's administrator approves or refuses a pending registration."""
    now = now or timezone.now()
    event = _locked(participation.event)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if not can_approve(by, participation):
        raise EventRefused("Согласовать регистрацию может администратор организации педагога.")
    if participation.status != RegistrationStatus.PENDING:
        raise EventRefused("Регистрация не ожидает согласования.")
    participation.status = RegistrationStatus.REGISTERED if approve else RegistrationStatus.CANCELLED
    participation.save(update_fields=["status", "changed_at"])
    _audit(by, participation, RegistrationStatus.PENDING, "согласовано" if approve else "не согласовано")
    return [] if approve else _promote(event, now, by)


@transaction.atomic
def mark_attendance(event: Event, attended_ids: set[int], *, by, now=None) -> int:
    """Marks who came among the registered (and excused) participants of a started event; the rest of the
    registered are absent. Returns the number of rows changed."""
    now = now or timezone.now()
    event = _locked(event)
    if not can_manage(by, event):
        raise EventRefused("Отмечать посещение может организатор мероприятия.")
    if now < event.starts_at:
        raise EventRefused("Посещение отмечается после начала мероприятия.")
    markable = (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.PENDING,
        RegistrationStatus.ATTENDED,
        RegistrationStatus.ABSENT,
        RegistrationStatus.EXCUSED,
    )
    changed = 0
    for participation in event.participations.select_for_update().filter(status__in=markable):
        if participation.pk in attended_ids:
            status = RegistrationStatus.ATTENDED
        elif participation.status == RegistrationStatus.EXCUSED:
            continue
        else:
            status = RegistrationStatus.ABSENT
        if status != participation.status:
            before = participation.status
            participation.status, participation.marked_at = status, now
            participation.save(update_fields=["status", "marked_at", "changed_at"])
            _audit(by, participation, before, "отметка посещения")
            changed += 1
    return changed


@transaction.atomic
def leave_feedback(participation: Participation, *, by, overall: int, usefulness: int, comment: str = "") -> Feedback:
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if by.educator_id != participation.educator_id:
        raise EventRefused("Отзыв оставляет сам участник.")
    if participation.status != RegistrationStatus.ATTENDED:
        raise EventRefused("Отзыв можно оставить после участия в мероприятии.")
    if Feedback.objects.filter(participation=participation).exists():
        raise EventRefused("Вы уже оставили отзыв об этом мероприятии.")
    feedback = Feedback.objects.create(
        participation=participation, overall=overall, usefulness=usefulness, comment=comment.strip()
    )
    record_created(by, feedback)
    return feedback


@transaction.atomic
def create_event(form, *, by) -> Event:
    event = form.save(commit=False)
    event.created_by = by
    event.save()
    record_created(by, event)
    return event


@transaction.atomic
def add_material(event: Event, form, *, by):
    if not can_manage(by, event):
        raise EventRefused("Материалы добавляет организатор мероприятия.")
    material = form.save(commit=False)
    material.event, material.added_by = event, by
    material.save()
    record_created(by, material)
    return material


def event_state(event: Event) -> dict:
    return {key: str(value) for key, value in snapshot(event).items() if key != "version"}


@transaction.atomic
def update_event(event: Event, form, lock, *, by) -> Event:
    """Saves the event's edit form; raises EditConflict (writing nothing) when someone saved it since."""
    if not can_manage(by, event):
        raise EventRefused("Изменять мероприятие может его организатор.")
    version, opened = lock.opened_version()
    if not claim(event, version):
        stored = Event.objects.get(pk=event.pk)
        raise EditConflict(opened, event_state(stored), stored.version)
    before = snapshot(Event.objects.get(pk=event.pk))
    form.save()
    changes = {k: [before.get(k), v] for k, v in snapshot(event).items() if before.get(k) != v and k != "version"}
    if changes:
        record(by, AuditAction.UPDATE, event, changes)
    return event
