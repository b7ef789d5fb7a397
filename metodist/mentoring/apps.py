from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "metodist.mentoring"
    verbose_name = "Наставничество"
