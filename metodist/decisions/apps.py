from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "metodist.decisions"
    verbose_name = "Управленческие решения и меры"
