from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "metodist.portal"
    verbose_name = "Открытый портал"
