from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "metodist.practices"
    verbose_name = "Лучшие практики"
