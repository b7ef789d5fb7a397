"""The educator card as one flat state, `key.field` → readable value (e.g. `employment#12.weekly_hours`), and
the labels of those keys: what the audit trail records and shows, and what an edit conflict compares."""

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from metodist.audit.actions import snapshot

from .models import Absence, Education, Educator, Employment

NESTED_KEYS = {"education": Education, "employment": Employment, "absence": Absence}
NESTED_LABELS = {"education": "Образование", "employment": "Место работы", "absence": "Отсутствие (для аттестации)"}


def readable_snapshot(obj: models.Model) -> dict:
    """snapshot() with choices by label and related rows by name, so the trail reads without lookups."""
    values = snapshot(obj)
    for field in obj._meta.concrete_fields:
        if field.name not in values or values[field.name] is None:
            continue
        if field.choices:
            values[field.name] = str(dict(field.flatchoices).get(getattr(obj, field.name), values[field.name]))
        elif field.is_relation:
            values[field.name] = str(getattr(obj, field.name))
    for field in obj._meta.many_to_many:
        values[field.name] = ", ".join(str(item) for item in getattr(obj, field.name).all()) or None
    return values


def card_state(educator: Educator, employments=None) -> dict:
    """The educator's fields and every education and employment row (among `employments`, all by default),
    flattened to `key.field` → value."""
    employments = Employment.objects.all() if employments is None else employments
    state = readable_snapshot(educator)
    rows = [
        ("education", row)
        for row in Education.objects.filter(educator=educator).select_related("speciality").order_by("pk")
    ] + [
        ("employment", row)
        for row in employments.filter(educator=educator)
        .select_related("organization", "position")
        .prefetch_related("subjects")
        .order_by("pk")
    ]
    for prefix, row in rows:
        for field, value in readable_snapshot(row).items():
            if field != "educator":
                state[f"{prefix}#{row.pk}.{field}"] = value
    return state


def field_label(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field removed since the entry was written
        return field


def key_label(key: str, names: dict[str, str]) -> str:
    """`last_name` → «фамилия»; `employment#12.rate` → «Место работы (<names[row]>): ставка»."""
    row, _, field = key.rpartition(".")
    if not row:
        return field_label(Educator, field)
    prefix = row.partition("#")[0]
    label = field_label(NESTED_KEYS[prefix], field) if prefix in NESTED_KEYS else field
    return f"{NESTED_LABELS.get(prefix, prefix)} ({names.get(row, 'удалено')}): {label}"
