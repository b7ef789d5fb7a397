from django.apps import AppConfig


class DiagnosticsConfig(AppConfig):
    name = "metodist.diagnostics"
    verbose_name = "Диагностика профессиональных дефицитов"
