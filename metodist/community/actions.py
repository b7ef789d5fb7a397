"""Writes of the associations module: each atomic and audited (membership is personal data). Membership is
never deleted: a member leaves on a date, and the history of joins and leaves stays."""

from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from metodist.audit.actions import record, record_created, record_updated, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import EditConflict, claim

from .models import (
    Association,
    AssociationMeeting,
    AssociationPlan,
    AssociationPlanItem,
    AssociationProduct,
    MeetingAttachment,
    Membership,
    MembershipCorrection,
)


class Refused(Exception):
    """A write the rules do not allow; the message is Russian and shown to the user."""


@transaction.atomic
def create_association(form, *, by) -> Association:
    """Saves the new association's form (AssociationForm fills the region and municipality)."""
    association = form.save()
    record_created(by, association)
    return association


def association_state(association: Association) -> dict:
    """What the edit form shows, as a conflict lists it."""
    return {
        "название": association.title,
        "вид": association.get_kind_display(),
        "уровень": association.get_level_display(),
        "предмет": str(association.subject or ""),
        "тема": association.theme,
        "руководитель": str(association.head or ""),
        "прекратило работу": f"{association.closed_on:%d.%m.%Y}" if association.closed_on else "",
    }


@transaction.atomic
def edit_association(association: Association, form, lock, *, by) -> Association:
    """Saves the association's edit form; raises EditConflict (writing nothing) when someone saved it since."""
    version, opened = lock.opened_version()
    if not claim(association, version):
        stored = Association.objects.get(pk=association.pk)
        raise EditConflict(opened, association_state(stored), stored.version)
    before = snapshot(Association.objects.get(pk=association.pk))
    form.save()
    record_updated(by, association, before)
    return association


def _check_dates(association: Association, educator, joined_on: date, left_on: date | None, exclude=None):
    if left_on is not None and left_on < joined_on:
        raise Refused(f"Дата выхода ({left_on:%d.%m.%Y}) раньше даты вступления ({joined_on:%d.%m.%Y}).")
    if joined_on < association.founded_on:
        raise Refused(f"Объединение создано {association.founded_on:%d.%m.%Y}: вступить раньше нельзя.")
    overlapping = Membership.objects.filter(association=association, educator=educator).during(
        joined_on, left_on or date.max
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    other = overlapping.first()
    if other is not None:
        until = f"по {other.left_on:%d.%m.%Y}" if other.left_on else "по настоящее время"
        raise Refused(
            f"{educator} уже состоит в объединении в эти даты (с {other.joined_on:%d.%m.%Y} {until}): "
            "периоды членства не должны пересекаться."
        )


@transaction.atomic
def add_member(association: Association, educator, joined_on: date, left_on: date | None = None, *, by) -> Membership:
    # one writer at a time per association, so that two overlapping joins cannot both pass the check
    Association.objects.select_for_update().filter(pk=association.pk).first()
    _check_dates(association, educator, joined_on, left_on)
    membership = Membership.objects.create(
        association=association, educator=educator, joined_on=joined_on, left_on=left_on
    )
    record_created(by, membership)
    return membership


@transaction.atomic
def end_membership(membership: Membership, left_on: date, *, by) -> Membership:
    """The member leaves on `left_on` (the last day of membership); the record stays in the history."""
    Association.objects.select_for_update().filter(pk=membership.association_id).first()
    if membership.left_on is not None:
        raise Refused(f"{membership.educator} уже вышел(а) из объединения {membership.left_on:%d.%m.%Y}.")
    _check_dates(membership.association, membership.educator, membership.joined_on, left_on, exclude=membership)
    claim(membership, None)  # an open correction form of this membership learns that it left
    before = snapshot(membership)
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    record_updated(by, membership, before)
    return membership


def membership_state(membership: Membership) -> dict:
    """What the correction form shows, as a conflict lists it."""
    return {
        "дата вступления": f"{membership.joined_on:%d.%m.%Y}",
        "дата выхода": f"{membership.left_on:%d.%m.%Y}" if membership.left_on else "",
    }


def _attended_outside(membership: Membership, joined_on: date, left_on: date | None):
    """The first meeting the member is marked present at on a day no membership of theirs would cover."""
    covered = Membership.objects.filter(
        association_id=membership.association_id, educator_id=membership.educator_id, joined_on__lte=OuterRef("held_on")
    ).filter(Q(left_on__isnull=True) | Q(left_on__gte=OuterRef("held_on")))
    meetings = AssociationMeeting.objects.filter(association_id=membership.association_id,
                                                 attendees=membership.educator_id)  # fmt: skip
    inside = Q(held_on__gte=joined_on) & (Q(held_on__lte=left_on) if left_on else Q())
    return meetings.exclude(inside).exclude(Exists(covered.exclude(pk=membership.pk))).order_by("held_on").first()


@transaction.atomic
def correct_membership(
    membership: Membership, joined_on: date, left_on: date | None, reason: str, lock, *, today: date, by
) -> MembershipCorrection:
    """Corrects the dates of a membership recorded wrongly (the leave date only of one who has left) and keeps
    the correction with its reason. Raises EditConflict (writing nothing) when the membership changed since
    the form was opened, Refused when the corrected dates break a rule of membership."""
    Association.objects.select_for_update().filter(pk=membership.association_id).first()
    version, opened = lock.opened_version()
    stored = Membership.objects.select_related("association", "educator").get(pk=membership.pk)
    if not claim(stored, version):
        stored.refresh_from_db()
        raise EditConflict(opened, membership_state(stored), stored.version)
    reason = reason.strip()
    if not reason:
        raise Refused("Укажите причину исправления.")
    if joined_on > today:
        raise Refused(f"Дата вступления ({joined_on:%d.%m.%Y}) ещё не наступила: она не может быть позже "
                      f"сегодняшнего дня ({today:%d.%m.%Y}).")  # fmt: skip
    if stored.left_on is not None and left_on is None:
        raise Refused("Укажите дату выхода: исправление не отменяет выход из объединения.")
    if stored.left_on is None and left_on is not None:
        raise Refused("Выход из объединения отмечается кнопкой «Вышел(а)», а не исправлением дат.")
    if (joined_on, left_on) == (stored.joined_on, stored.left_on):
        raise Refused("Даты не изменились: исправлять нечего.")
    educator = stored.educator
    _check_dates(stored.association, educator, joined_on, left_on, exclude=stored)
    meeting = _attended_outside(stored, joined_on, left_on)
    if meeting is not None:
        raise Refused(f"{educator} отмечен(а) присутствовавшим(ей) на заседании {meeting.held_on:%d.%m.%Y}: с такими "
                      "датами в этот день он(а) не состоял(а) бы в объединении.")  # fmt: skip
    correction = MembershipCorrection.objects.create(
        membership=stored, joined_was=stored.joined_on, joined_on=joined_on, left_was=stored.left_on,
        left_on=left_on, reason=reason[:500], corrected_by=by if by is not None and by.is_authenticated else None,
    )  # fmt: skip
    changes = {"joined_on": [str(stored.joined_on), str(joined_on)], "left_on": [_iso(stored.left_on), _iso(left_on)]}
    stored.joined_on, stored.left_on = joined_on, left_on
    stored.save(update_fields=["joined_on", "left_on"])
    membership.joined_on, membership.left_on, membership.version = joined_on, left_on, stored.version
    changed = {key: pair for key, pair in changes.items() if pair[0] != pair[1]}
    record(by, AuditAction.UPDATE, stored, {**changed, "reason": [None, reason]},
           summary=f"{educator}: {correction.changes_text()}; причина: {reason}")  # fmt: skip
    return correction


def _iso(day: date | None) -> str | None:
    return str(day) if day is not None else None


@transaction.atomic
def add_plan_item(association: Association, year: int, data: dict, *, by) -> AssociationPlanItem:
    plan, created = AssociationPlan.objects.get_or_create(association=association, year=year)
    if created:
        record_created(by, plan)
    item = AssociationPlanItem.objects.create(plan=plan, **data)
    record_created(by, item)
    return item


@transaction.atomic
def mark_item(item: AssociationPlanItem, done: bool, *, by) -> AssociationPlanItem:
    before = snapshot(item)
    item.done = done
    item.save(update_fields=["done"])
    record_updated(by, item, before)
    return item


@transaction.atomic
def log_meeting(association: Association, data: dict, attendees, files=(), *, by) -> AssociationMeeting:
    """A meeting with the members present (only members on that day may be marked) and its minutes."""
    held_on = data["held_on"]
    members = set(association.memberships.current(held_on).values_list("educator_id", flat=True))
    strangers = [educator for educator in attendees if educator.pk not in members]
    if strangers:
        names = ", ".join(str(educator) for educator in strangers)
        raise Refused(f"Не были членами объединения {held_on:%d.%m.%Y}: {names}.")
    meeting = AssociationMeeting.objects.create(association=association, **data)
    meeting.attendees.set(attendees)
    for upload in files:
        MeetingAttachment.objects.create(meeting=meeting, file=upload, name=upload.name[:255])
    item = data.get("plan_item")
    if item is not None and not item.done:
        mark_item(item, True, by=by)
    record(by, AuditAction.CREATE, meeting, {"attendees": [None, sorted(e.pk for e in attendees)]},
           summary=f"Заседание {held_on:%d.%m.%Y}: присутствовали {len(attendees)}")  # fmt: skip
    return meeting


@transaction.atomic
def add_product(association: Association, data: dict, *, by) -> AssociationProduct:
    if not data.get("file") and not data.get("link"):
        raise Refused("Приложите файл продукта или укажите ссылку на него.")
    product = AssociationProduct.objects.create(association=association, **data)
    record_created(by, product)
    return product
