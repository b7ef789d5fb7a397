from django.contrib import admin

from .models import Attestation


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin):
    """Read-only: decisions are recorded and corrected on the module's pages (the card and the audit follow)."""

    list_display = ["educator", "kind", "decision", "decided_on", "valid_until", "organization", "replaces"]
    list_filter = ["kind", "decision"]
    search_fields = ["educator__last_name", "order_number"]
    raw_id_fields = ["educator", "replaces"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
