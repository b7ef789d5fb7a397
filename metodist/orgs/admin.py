from django.contrib import admin

from metodist.audit.admin import AuditedAdmin

from . import actions
from .models import FlagPeriod, Municipality, Organization, Region, StaffPosition


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


class StaffPositionInline(admin.TabularInline):
    model = StaffPosition
    extra = 0


class FlagPeriodInline(admin.TabularInline):
    model = FlagPeriod
    extra = 0
    can_delete = False


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["short_name", "kind", "municipality", "is_active"]
    list_filter = ["kind", "is_active", "municipality"]
    search_fields = ["short_name", "full_name", "inn"]
    list_select_related = ["municipality"]
    inlines = [FlagPeriodInline, StaffPositionInline]
    audit_saves = False  # saved through the actions below, which record each change

    # Changes made here go through the same actions as the web pages, so they reach the audit trail too.
    def save_model(self, request, obj, form, change):
        if change:
            actions.update_organization(obj, by=request.user)
        else:
            actions.create_organization(obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is FlagPeriod:
            # A flag period is a decision of record: it is closed, not deleted, and each change is audited.
            for period in formset.save(commit=False):
                actions.add_flag_period(period, by=request.user)
            return
        for staff in formset.save(commit=False):
            actions.save_staff_position(staff, by=request.user)
        for staff in formset.deleted_objects:
            actions.delete_staff_position(staff, by=request.user)
