from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "metodist.consultations"
    verbose_name = "Запросы на методическую помощь и консультации"
