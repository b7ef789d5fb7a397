"""Reference data of the registry, edited by the system administrator."""

from django.contrib import admin

from metodist.audit.admin import AuditedAdmin

from .models import Position, Speciality, Subject


@admin.register(Subject)
class SubjectAdmin(AuditedAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["name", "kind", "is_teacher", "order"]
    list_filter = ["kind", "is_teacher"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(Speciality)
class SpecialityAdmin(AuditedAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["subjects"]
