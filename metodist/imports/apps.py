from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "metodist.imports"
    verbose_name = "Импорт данных"
