from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "metodist.events"
    verbose_name = "Методические мероприятия"
