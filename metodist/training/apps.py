from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "metodist.training"
    verbose_name = "Повышение квалификации"
