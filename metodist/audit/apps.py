from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "metodist.audit"
    verbose_name = "Журнал изменений"
