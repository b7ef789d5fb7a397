"""manage.py demo_logins: the demo logins, their roles and what each of them sees."""

from django.core.management.base import BaseCommand

from metodist.demo.users import DEMO_PASSWORD, demo_users, login_table


class Command(BaseCommand):
    help = "Печатает демонстрационные входы: логин, роль и что видит пользователь."

    def handle(self, *args, **options):
        users = demo_users()
        if not users:
            self.stdout.write("Демонстрационных пользователей нет. Загрузите данные: manage.py seed_demo")
            return
        self.stdout.write(f"Демонстрационные входы (пароль у всех: {DEMO_PASSWORD})")
        for line in login_table(users):
            self.stdout.write(line)
