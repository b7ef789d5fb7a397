from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "metodist.reminders"
    verbose_name = "Напоминания"
