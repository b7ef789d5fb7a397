from django.apps import AppConfig


class DifficultiesConfig(AppConfig):
    name = "metodist.difficulties"
    verbose_name = "Банк профессиональных затруднений"
