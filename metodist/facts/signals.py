"""Every write to the registry marks the facts stale, in the same transaction; a background task rebuilds the
recent ones after it commits (refresh.py), and a reader that comes first rebuilds what it reads.

Saves and deletes reach here through Django's signals. Writes that bypass them (bulk_create, queryset
update/delete: imports, the demo seeder) call `invalidate()` themselves.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from . import refresh
from .models import FactsBuild

# Sent by invalidate(), in the writing transaction: other stores of counts over the registry mark themselves
# stale too (metodist/home/models.py).
registry_changed = Signal()

# The registry rows that facts are computed from.
SOURCES = (
    ("people", "Educator"),
    ("people", "Employment"),
    ("people", "Education"),
    ("people", "Position"),
    ("people", "Subject"),
    ("people", "Speciality"),
    ("orgs", "Organization"),
    ("orgs", "Municipality"),
    ("orgs", "FlagPeriod"),
)
MANY_TO_MANY = (("people", "Employment", "subjects"), ("people", "Speciality", "subjects"))


def invalidate(**kwargs) -> None:
    """Marks every build stale: a write is rare next to the reads, and a rebuild costs a region's pass."""
    FactsBuild.objects.filter(stale=False).update(stale=True)
    registry_changed.send(sender=FactsBuild)
    refresh.schedule()


def _changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate()


def connect() -> None:
    from django.apps import apps

    for app_label, model_name in SOURCES:
        model = apps.get_model(app_label, model_name)
        post_save.connect(invalidate, sender=model, dispatch_uid=f"facts-save-{model_name}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"facts-delete-{model_name}")
    for app_label, model_name, field in MANY_TO_MANY:
        through = getattr(apps.get_model(app_label, model_name), field).through
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"facts-m2m-{model_name}-{field}")
