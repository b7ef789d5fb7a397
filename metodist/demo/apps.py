from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "metodist.demo"
    verbose_name = "Демонстрационные данные"
