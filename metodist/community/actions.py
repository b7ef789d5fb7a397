"""Writes of the associations module: each atomic and audited (membership is personal data). Membership is
never deleted: a member leaves on a date, and the history of joins and leaves stays."""

from datetime import date

from django.db import transaction

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
    before = snapshot(membership)
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    record_updated(by, membership, before)
    return membership


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
