from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: a job is written by its worker; it is started and cancelled from its page."""

    list_display = ["pk", "title", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "key", "created_by__username"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
