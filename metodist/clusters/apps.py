from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "metodist.clusters"
    verbose_name = "Кластеры организаций"
