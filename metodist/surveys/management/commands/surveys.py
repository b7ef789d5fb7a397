"""`manage.py surveys close [--today YYYY-MM-DD]`: stores «closed» on the open surveys past their deadline.

Rerun-safe: a second run finds none. The pages do not wait for it: a survey past its deadline already reads as
closed and takes no answers (`Survey.accepts_answers`, `Survey.status_on`); the command makes the stored status
agree, for the lists and exports that filter by it.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from metodist.surveys.actions import close_overdue


class Command(BaseCommand):
    help = "Завершает опросы, срок ответа которых прошёл (close)."

    def add_arguments(self, parser):
        parser.add_argument("job", choices=["close"])
        parser.add_argument("--today", type=date.fromisoformat, default=None)

    def handle(self, *args, job, today, **options):
        closed = close_overdue(today or timezone.localdate())
        self.stdout.write(f"Завершено опросов: {closed}")
