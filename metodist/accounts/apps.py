from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "metodist.accounts"
    verbose_name = "Пользователи и доступ"
