from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "metodist.reports"
    verbose_name = "Аналитические справки"
