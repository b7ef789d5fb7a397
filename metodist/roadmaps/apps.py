from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "metodist.roadmaps"
    verbose_name = "Дорожные карты"
