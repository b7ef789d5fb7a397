from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "metodist.structure"
    verbose_name = "Структура муниципальной системы"
