from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "metodist.backups"
    verbose_name = "Резервные копии"
