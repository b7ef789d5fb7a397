"""Demo data of the module (called by metodist/demo/cycle.py SEEDERS; rerun-safe): a few demo logins' choices
of what comes by e-mail. The reminders themselves are derived from the other modules' demo data."""

from datetime import date

from metodist.accounts.models import User
from metodist.demo.users import demo_users_q

from . import preferences
from .models import Channel, Preference, SentReminder

# username → (kind, channel) → enabled; every other choice keeps its default
CHOICES = {
    "teacher": {("recommendations", Channel.EMAIL): False},  # she reads them in her cabinet
    "methodist": {("routes", Channel.EMAIL): False},  # tutors many routes: the page is enough
    "school": {("roadmaps", Channel.WEB): False, ("roadmaps", Channel.EMAIL): False},
}


def seed(*, today: date, progress) -> list[str]:
    users = {user.username: user for user in User.objects.filter(demo_users_q(), username__in=CHOICES)}
    for username, chosen in CHOICES.items():
        if username in users:
            preferences.save(users[username], chosen)
    return [f"Напоминания: настройки {len(users)} демо-пользователей; рассылка — manage.py reminders send"]


def clear() -> None:
    """Deletes the module's demo data before seed_demo --replace deletes the registry it points to."""
    demo = User.objects.filter(demo_users_q())
    Preference.objects.filter(user__in=demo).delete()
    SentReminder.objects.filter(user__in=demo).delete()
