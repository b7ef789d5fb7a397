from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "metodist.facts"
    verbose_name = "Факты реестра"

    def ready(self):
        from . import signals

        signals.connect()
