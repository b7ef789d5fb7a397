from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "metodist.orgs"
    verbose_name = "Организации"
