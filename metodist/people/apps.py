from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "metodist.people"
    verbose_name = "Педагогические работники"
