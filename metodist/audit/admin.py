from django.contrib import admin

from .models import AuditEntry


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
