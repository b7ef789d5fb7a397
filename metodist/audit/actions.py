"""Writing the audit trail. Called explicitly by the actions that change registry records."""

from datetime import datetime

from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone

from .models import AuditAction, AuditEntry


def snapshot(obj: models.Model) -> dict:
    """Field values of `obj` as JSON-friendly strings (many-to-many as sorted id lists)."""
    values = model_to_dict(obj)
    return {
        key: sorted(str(item.pk if hasattr(item, "pk") else item) for item in value)
        if isinstance(value, list | tuple | set)
        else _text(value)
        for key, value in values.items()
    }


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        # to the second, in the site's zone: a form gives back what it shows, not the stored microseconds
        return str(timezone.localtime(value).replace(microsecond=0))
    return str(value)


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


# Fields whose values never enter the trail: only that they changed.
SECRET_FIELDS = {"password": "пароль изменён", "key_hash": "ключ изменён"}


def without_secrets(changes: dict) -> dict:
    """{field: [old, new]} with a secret's pair replaced by the fact that it changed."""
    return {key: [None, SECRET_FIELDS[key]] if key in SECRET_FIELDS else pair for key, pair in changes.items()}


def hide_secrets(values: dict) -> dict:
    """A snapshot with a secret's value replaced by «скрыто»."""
    return {key: "скрыто" if key in SECRET_FIELDS and value else value for key, value in values.items()}


def record_read(actor, model: type[models.Model], summary: str, details: dict) -> AuditEntry:
    """A bulk read of personal data (a list through the API): who, with which filter, how many — never whom."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=AuditAction.READ,
        model=model._meta.label_lower,
        summary=summary[:300],
        changes=details,
    )


def record_viewed(actor, obj: models.Model, summary: str, details: dict | None = None) -> AuditEntry:
    """A look at one record's personal data outside its card (an import's preview of its rows)."""
    return record(actor, AuditAction.READ, obj, details, summary)


def record_download(actor, obj: models.Model, summary: str, details: dict | None = None) -> AuditEntry:
    """A file taken from the system (a card's evidence): which one, not what it holds."""
    return record(actor, AuditAction.DOWNLOAD, obj, details, summary)
