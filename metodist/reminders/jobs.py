"""The daily digest as a background job, for `manage.py reminders send --queue` (the run goes to the worker)."""

from datetime import date

from django.utils import timezone

from metodist.jobs.registry import handler

from .digest import send_digests


@handler("reminders.send", title="Рассылка напоминаний по электронной почте", atomic=False)
def send(job, *, on: str = "", dry_run: bool = False) -> dict:
    """atomic=False: each user's letter is its own transaction, so a failure or a cancel keeps what was sent
    recorded as sent."""
    today = date.fromisoformat(on) if on else timezone.localdate()

    def progress(done, total):
        job.progress(done, total, "Пользователей обработано")
        job.check_cancelled()

    return {"summary": send_digests(today, dry_run=dry_run, progress=progress).summary()}
