from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "metodist.activities"
    verbose_name = "Экспертная деятельность и активность педагогов"
