"""The admin's changes in the audit trail, and the trail itself read-only in the admin.

`AuditedAdmin` is the base of every ModelAdmin that writes: Django calls `log_addition`, `log_change` and
`log_deletions` after a save (fields and many-to-many both saved) and before a deletion, from the change form,
the password form, the list's editable columns and the «удалить выбранные» action alike, so hooking them
records every path. The state before a change is read in `get_object`, before the form touches the instance.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist

from .actions import created_entry, diff, entry, hide_secrets, snapshot, without_secrets
from .models import AuditAction, AuditEntry

BEFORE = "_audit_before"


class AuditedAdmin(admin.ModelAdmin):
    # False where save_model already goes through actions that record the change (orgs): deletions only.
    audit_saves = True

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            setattr(obj, BEFORE, snapshot(obj))
        return obj

    def log_addition(self, request, obj, message):
        if self.audit_saves:
            created = created_entry(request.user, obj)
            created.changes = without_secrets(created.changes)
            created.summary = f"Создано в администрировании: «{obj}»"
            created.save()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if self.audit_saves:
            before = getattr(obj, BEFORE, None)
            if before is not None:
                changes = without_secrets(diff(before, snapshot(obj)))
            else:
                # a row of the list's editable columns: read from the database only after the save
                changes = {name: [None, value] for name, value in _changed_fields(message).items()}
            if changes:
                fields = ", ".join(_field_name(obj, name) for name in changes)
                summary = f"Изменено в администрировании: {fields}"
                entry(request.user, AuditAction.UPDATE, obj, changes, summary).save()
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        AuditEntry.objects.bulk_create(
            entry(
                request.user,
                AuditAction.DELETE,
                obj,
                {key: [value, None] for key, value in hide_secrets(snapshot(obj)).items() if value},
                f"Удалено в администрировании: «{obj}»",
            )
            for obj in queryset
        )
        return super().log_deletions(request, queryset)


def _changed_fields(message) -> dict:
    """The fields the admin's change message names ([{"changed": {"fields": [...]}}]), as {name: "изменено"}."""
    names = {}
    for part in message if isinstance(message, list) else []:
        for name in part.get("changed", {}).get("fields", []):
            names[name] = "изменено"
    return names


def _field_name(obj, name: str) -> str:
    try:
        return str(obj._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a name from a change message is already the verbose one
        return name


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is evidence (152-ФЗ): it can be read and searched, never written or deleted here."""

    list_display = ["at", "actor", "action", "model", "object_id", "summary"]
    list_filter = ["action", "model"]
    search_fields = ["object_id", "summary", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
