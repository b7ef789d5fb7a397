from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "metodist.recommendations"
    verbose_name = "Адресные рекомендации"
