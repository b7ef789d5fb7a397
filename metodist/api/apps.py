from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "metodist.api"
    verbose_name = "API"
