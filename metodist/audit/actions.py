"""Writing the audit trail. Called explicitly by the actions that change registry records."""

from django.db import models
from django.forms.models import model_to_dict

from .models import AuditAction, AuditEntry


def snapshot(obj: models.Model) -> dict:
    """Field values of `obj` as JSON-friendly strings (many-to-many as sorted id lists)."""
    values = model_to_dict(obj)
    return {
        key: sorted(str(item.pk if hasattr(item, "pk") else item) for item in value)
        if isinstance(value, list | tuple | set)
        else (None if value is None else str(value))
        for key, value in values.items()
    }


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose values differ."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def entry(actor, action: str, obj: models.Model, changes: dict | None = None, summary: str = "") -> AuditEntry:
    """An unsaved entry, for callers that save many at once with bulk_create."""
    return AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk) if obj.pk is not None else "",
        summary=summary[:300],
        changes=changes or {},
    )


def created_entry(actor, obj: models.Model) -> AuditEntry:
    return entry(actor, AuditAction.CREATE, obj, {k: [None, v] for k, v in snapshot(obj).items() if v})


def record(actor, action: str, obj: models.Model, changes: dict | None = None, summary: str = "") -> AuditEntry:
    created = entry(actor, action, obj, changes, summary)
    created.save()
    return created


def record_created(actor, obj: models.Model) -> AuditEntry:
    created = created_entry(actor, obj)
    created.save()
    return created


def record_updated(actor, obj: models.Model, before: dict) -> AuditEntry | None:
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    return record(actor, AuditAction.UPDATE, obj, changes)
