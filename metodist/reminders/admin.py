from django.contrib import admin

from .models import Preference, SentReminder


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel", "enabled"]
    list_filter = ["kind", "channel", "enabled"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """The sent log, to look up what went to whom; deleting a row sends that reminder again on the next run."""

    list_display = ["user", "kind", "key", "stage", "channel", "sent_on"]
    list_filter = ["kind", "stage", "channel", "sent_on"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "kind", "key", "stage", "channel", "sent_on", "batch", "created_at"]

    def has_add_permission(self, request):
        return False
