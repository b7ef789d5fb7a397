from django.apps import AppConfig


class RoutesConfig(AppConfig):
    name = "metodist.routes"
    verbose_name = "Индивидуальные образовательные маршруты"
