from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "metodist.surveys"
    verbose_name = "Анкетирование (изучение образовательных потребностей)"
