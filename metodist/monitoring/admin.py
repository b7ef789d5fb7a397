"""Administration of monitoring. Catalogues come from data files (`manage.py monitoring load`) and snapshots
are immutable, so both are read-only here; campaigns and cards are managed on the monitoring pages."""

from django.contrib import admin

from metodist.audit.admin import AuditedAdmin

from .models import (
    Approval,
    Campaign,
    CardEvent,
    CardSubmission,
    CardValue,
    Catalogue,
    DataCard,
    DataElement,
    Indicator,
    Snapshot,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DataCardInline(ReadOnlyInline):
    model = DataCard
    fields = ["code", "title", "level", "organization_kinds"]


@admin.register(Catalogue)
class CatalogueAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "source", "loaded_at"]
    search_fields = ["code", "title"]
    inlines = [DataCardInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "catalogue", "kind", "unit"]
    list_filter = ["catalogue", "kind", "unit"]
    search_fields = ["code", "number", "name"]


@admin.register(DataElement)
class DataElementAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "card", "value_type", "required"]
    list_filter = ["card__catalogue", "value_type"]
    search_fields = ["code", "name"]


@admin.register(Campaign)
class CampaignAdmin(AuditedAdmin):
    list_display = ["title", "catalogue", "period", "region", "municipality", "deadline", "status"]
    list_filter = ["status", "catalogue", "region"]
    search_fields = ["title", "period"]
    readonly_fields = ["created_by", "created_at"]
    list_select_related = ["catalogue", "region", "municipality"]


class CardValueInline(ReadOnlyInline):
    model = CardValue
    fields = ["element", "number", "flag", "text", "file", "link"]
    readonly_fields = fields


class CardEventInline(ReadOnlyInline):
    model = CardEvent
    fields = ["at", "actor", "element", "old", "new", "comment"]
    readonly_fields = fields


@admin.register(CardSubmission)
class CardSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["card", "respondent", "campaign", "status", "submitted_at", "accepted_at"]
    list_filter = ["status", "campaign"]
    search_fields = ["organization__short_name", "municipality__name"]
    list_select_related = ["card", "campaign", "organization", "municipality"]
    inlines = [CardValueInline, CardEventInline]


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "data_read_at", "computed_by", "seconds", "catalogue_version"]
    list_filter = ["campaign"]
    list_select_related = ["campaign", "computed_by"]


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    """Approvals are made and reopened on the campaign page (with a reason), never edited here."""

    list_display = ["campaign", "level", "municipality", "approved_at", "approved_by", "reopened_at", "reopened_by"]
    list_filter = ["level", "campaign"]
    list_select_related = ["campaign", "municipality", "approved_by", "reopened_by"]
