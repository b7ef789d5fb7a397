from django.contrib import admin

from .models import Competition, CompetitionStage


class StageInline(admin.TabularInline):
    model = CompetitionStage
    fields = ["order", "level", "starts_on", "ends_on", "closed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    """Read-only: competitions, entries, results and scores are written on the module's pages (audited there)."""

    list_display = ["title", "kind", "year", "participants", "region", "municipality"]
    list_filter = ["kind", "year", "participants"]
    search_fields = ["title"]
    inlines = [StageInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
