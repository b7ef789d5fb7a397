from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "metodist.community"
    verbose_name = "Методические объединения"
