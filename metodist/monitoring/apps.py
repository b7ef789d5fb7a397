from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "metodist.monitoring"
    verbose_name = "Мониторинг"
