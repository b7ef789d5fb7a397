from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "metodist.competitions"
    verbose_name = "Конкурсы"
