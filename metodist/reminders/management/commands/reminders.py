"""manage.py reminders send [--date YYYY-MM-DD] [--dry-run] [--queue]"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from metodist.jobs.actions import start
from metodist.reminders.digest import send_digests


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Дата {value!r}: нужен формат ГГГГ-ММ-ДД.") from error


class Command(BaseCommand):
    help = "Рассылка напоминаний по электронной почте (раз в сутки; повторный запуск ничего не отправит дважды)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="отправить каждому пользователю письмо с его новыми напоминаниями")
        send.add_argument("--date", help="день рассылки ГГГГ-ММ-ДД (по умолчанию сегодня)")
        send.add_argument("--dry-run", action="store_true", help="только посчитать письма, ничего не отправлять")
        send.add_argument("--queue", action="store_true", help="поставить рассылку фоновым заданием обработчику")

    def handle(self, *args, action, date=None, dry_run=False, queue=False, **options):
        today = _day(date) if date else timezone.localdate()
        if queue:
            job = start("reminders.send", by=None, key=f"reminders.send:{today}", on=today.isoformat(),
                        dry_run=dry_run)  # fmt: skip
            self.stdout.write(f"Задание № {job.pk}: {job.get_status_display().lower()}")
            return
        outcome = send_digests(today, dry_run=dry_run)
        prefix = "Проверка без отправки. " if dry_run else ""
        self.stdout.write(f"{prefix}{today:%d.%m.%Y}: {outcome.summary()}")
