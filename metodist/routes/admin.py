from django.contrib import admin

from .models import LearningRoute, RouteEvent, RouteStep


class StepInline(admin.TabularInline):
    model = RouteStep
    extra = 0
    fields = ["order", "kind", "title", "status", "due_on", "done_on"]
    readonly_fields = fields
    can_delete = False


@admin.register(LearningRoute)
class LearningRouteAdmin(admin.ModelAdmin):
    list_display = ["educator", "base", "status", "tutor", "starts_on", "ends_on"]
    list_filter = ["status", "base", "curator_kind"]
    raw_id_fields = ["educator", "tutor", "organization", "created_by"]
    inlines = [StepInline]


@admin.register(RouteEvent)
class RouteEventAdmin(admin.ModelAdmin):
    """The history is append-only: read here, never changed."""

    list_display = ["at", "route", "actor", "kind", "text"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
