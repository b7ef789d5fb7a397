"""Writes of the activity records: one function per record kind, atomic and audited (the records are personal
data of educators)."""

from django.db import transaction

from metodist.audit.actions import record, record_created, record_updated, snapshot
from metodist.audit.models import AuditAction
from metodist.lib.versions import EditConflict, claim


@transaction.atomic
def add(form, *, by):
    """Saves a valid ModelForm of an ExpertRole, ActivityRecord or TargetContract, with the territory copied
    from its organization."""
    obj = form.save(commit=False)
    obj.municipality_id = obj.organization.municipality_id
    obj.region_id = obj.organization.region_id
    obj.created_by = by
    obj.save()
    record_created(by, obj)
    return obj


def state(obj, fields) -> dict:
    """What the edit form shows, by the fields' Russian names, as a refused save lists the changes."""
    shown = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if getattr(field, "choices", None):
            value = getattr(obj, f"get_{name}_display")()
        elif hasattr(value, "strftime"):
            value = f"{value:%d.%m.%Y}"
        elif name == "document":
            value = value.name if value else ""
        shown[str(field.verbose_name)] = "" if value is None else str(value)
    return shown


@transaction.atomic
def change(obj, form, lock, *, by):
    """Saves the edit form of a record; raises EditConflict (writing nothing) when someone saved it since."""
    version, opened = lock.opened_version()
    if not claim(obj, version):
        stored = type(obj).objects.get(pk=obj.pk)
        raise EditConflict(opened, state(stored, form.Meta.fields), stored.version)
    before = snapshot(type(obj).objects.get(pk=obj.pk))
    changed = form.save(commit=False)
    changed.municipality_id = changed.organization.municipality_id
    changed.region_id = changed.organization.region_id
    changed.save()
    record_updated(by, changed, before)
    return changed


@transaction.atomic
def remove(obj, *, by) -> None:
    """Deletes a record entered by mistake; the audit trail keeps what it held."""
    record(by, AuditAction.DELETE, obj, changes={key: [value, None] for key, value in snapshot(obj).items()})
    obj.delete()
