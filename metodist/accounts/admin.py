from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from metodist.audit.admin import AuditedAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    """Role, scope, superuser flag and password changes are recorded (the password only as «пароль изменён»)."""

    list_display = ["username", "last_name", "first_name", "role", "municipality", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff", "region", "municipality"]
    search_fields = ["username", "last_name", "first_name", "email"]
    filter_horizontal = ["organizations", "groups", "user_permissions"]
    raw_id_fields = ["educator"]
    list_select_related = ["municipality"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (
            "Роль и область видимости данных",
            {
                "fields": ["role", "region", "municipality", "organizations", "educator"],
                "description": "Регион — для регионального оператора, муниципалитет — для координатора и методиста, "
                "организации — для администратора образовательной организации, педагог — для педагога, "
                "наставника и тьютора.",
            },
        ),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        ("Роль и область видимости данных", {"fields": ["role", "region", "municipality", "organizations"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Tokens are issued by their owners on the token page; here they can only be looked at or revoked."""

    list_display = ["name", "user", "created_at", "last_used_at"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
