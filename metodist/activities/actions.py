"""Writes of the activity records: one function per record kind, atomic and audited (the records are personal
data of educators)."""

from django.db import transaction

from metodist.audit.actions import record_created


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
