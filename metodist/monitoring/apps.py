from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class MonitoringConfig(AppConfig):
    name = "metodist.monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        # Every app's predicates.py registers its indicator predicates (metodist/lib/predicates.py).
        autodiscover_modules("predicates")
