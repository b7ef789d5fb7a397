"""Writes of the register: decisions and measures (official records: audited, optimistic locking on edits),
a measure's status with its evidence, and the effectiveness reviews."""

from django.db import transaction
from django.utils import timezone

from metodist.audit.actions import record_created, record_updated, snapshot
from metodist.lib.versions import EditConflict, claim

from . import effectiveness
from .models import Review


def state(obj, fields) -> dict:
    """What an edit form shows, by the fields' Russian names, as a refused save lists the changes."""
    shown = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            value = ", ".join(sorted(str(item) for item in getattr(obj, name).all())) if obj.pk else ""
        elif getattr(field, "choices", None):
            value = getattr(obj, f"get_{name}_display")()
        else:
            value = getattr(obj, name)
            if hasattr(value, "strftime"):
                value = f"{value:%d.%m.%Y}"
            elif hasattr(value, "name") and not hasattr(value, "pk"):
                value = value.name or ""
        shown[str(field.verbose_name)] = "" if value is None else str(value)
    return shown


@transaction.atomic
def create(form, *, by, **fields):
    """Saves a valid ModelForm of a new decision or measure (`fields` set on it before saving)."""
    obj = form.save(commit=False)
    for name, value in fields.items():
        setattr(obj, name, value)
    if hasattr(obj, "created_by_id"):
        obj.created_by = by
    obj.save()
    form.save_m2m()
    record_created(by, obj)
    return obj


@transaction.atomic
def change(obj, form, lock, *, by):
    """Saves an edit form of a decision or a measure (its status form too); raises EditConflict, writing
    nothing, when someone saved the record since the form was opened."""
    version, opened = lock.opened_version()
    model = type(obj)
    if not claim(obj, version):
        stored = model.objects.get(pk=obj.pk)
        raise EditConflict(opened, state(stored, form.Meta.fields), stored.version)
    before = snapshot(model.objects.get(pk=obj.pk))
    changed = form.save(commit=False)
    changed.save()
    form.save_m2m()
    record_updated(by, changed, before)
    return changed


@transaction.atomic
def review(measure, *, by) -> Review:
    """Computes the measure's effectiveness now and keeps it as a new review (earlier, signed ones stay)."""
    found = effectiveness.evaluate(measure)
    made = Review.objects.create(
        measure=measure,
        cause_snapshot=found["cause_snapshot"],
        following_campaign=found["following"],
        following_snapshot=found["following_snapshot"],
        following_approved=found["following_approved"],
        verdict=found["verdict"],
        details=found["details"],
        computed_at=timezone.now(),
        computed_by=by,
    )
    record_created(by, made)
    return made


@transaction.atomic
def sign(review_row: Review, note: str, *, by) -> Review:
    """The methodologist's conclusion on a review: from now on this verdict is the one of record."""
    before = snapshot(review_row)
    review_row.note = note
    review_row.reviewed_by = by
    review_row.reviewed_at = timezone.now()
    review_row.save(update_fields=["note", "reviewed_by", "reviewed_at"])
    record_updated(by, review_row, before)
    return review_row
