"""The daily e-mail digest: one letter per user with the reminders not sent to them before.

Rule of (re)sending, per reminder: once when it appears (its date within the source's horizon, or an unread
recommendation), and once more when its date passes (stage «overdue»); a reminder first found overdue is sent
once. A moved date is a new reminder (the date is part of its key). The interface shows every current
reminder every day, whatever was sent.

No double sending: for each user, in one transaction, the run inserts a SentReminder row per reminder it is
about to send, tagged with the run's batch, ignoring those the unique constraint refuses, and sends the letter
of the rows it did insert. A rerun the same day finds them all inserted; a second worker at the same moment
waits on the first one's uncommitted rows (PostgreSQL) or on the database lock (SQLite) and then inserts
none. A letter that cannot be sent rolls its rows back: the next run sends it.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from metodist.accounts.models import User

from .current import current, log_failure
from .models import Channel, SentReminder
from .sources import SOURCES, Reminder


@dataclass
class Outcome:
    letters: int = 0  # e-mails sent (with --dry-run: that would be sent)
    reminders: int = 0  # reminders in them
    failed: int = 0  # users whose letter failed; sent by the next run

    def summary(self) -> str:
        text = f"Писем: {self.letters}, напоминаний в них: {self.reminders}"
        return text + (f", не отправлено из-за ошибок: {self.failed}" if self.failed else "")


logger = logging.getLogger(__name__)
CHUNK = 500  # users read at once


def site_url() -> str:
    """The site's address for the links of the letters (settings.SITE_URL)."""
    return settings.SITE_URL.rstrip("/")


def recipients():
    return User.objects.filter(is_active=True).exclude(email="").order_by("pk")


def _identity(reminder: Reminder) -> tuple[str, str, str]:
    return reminder.kind, reminder.key, reminder.stage


def unsent(user, reminders: list[Reminder]) -> list[Reminder]:
    sent = SentReminder.objects.filter(user=user, channel=Channel.EMAIL, kind__in={r.kind for r in reminders})
    identities = set(sent.values_list("kind", "key", "stage"))
    return [reminder for reminder in reminders if _identity(reminder) not in identities]


def _claim(user, reminders: list[Reminder], today: date, batch: uuid.UUID) -> list[Reminder]:
    """Inserts the log rows of `reminders` with this run's batch; returns those this run inserted."""
    rows = [
        SentReminder(user=user, kind=kind, key=key, stage=stage, channel=Channel.EMAIL, sent_on=today, batch=batch)
        for kind, key, stage in map(_identity, reminders)
    ]
    SentReminder.objects.bulk_create(rows, ignore_conflicts=True)
    mine = set(SentReminder.objects.filter(batch=batch, user=user).values_list("kind", "key", "stage"))
    return [reminder for reminder in reminders if _identity(reminder) in mine]


def letter(user, reminders: list[Reminder], today: date) -> EmailMessage:
    base = site_url()
    groups = {}
    for reminder in reminders:
        groups.setdefault(reminder.kind, []).append(reminder)
    context = {
        "user": user,
        "today": today,
        "groups": [(SOURCES[kind].label, items) for kind, items in groups.items()],
        "base": base,
        "settings_url": base + reverse("reminders:settings"),
        "index_url": base + reverse("reminders:index"),
    }
    subject = f"Методист: напоминания на {today:%d.%m.%Y} ({len(reminders)})"
    body = render_to_string("reminders/digest.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_digests(today: date, *, dry_run: bool = False, progress=None) -> Outcome:
    """Sends each user with an address the letter of their reminders not sent before; `progress(done, total)`
    is called after each user."""
    batch = uuid.uuid4()
    outcome = Outcome()
    # primary keys read first, users in chunks: no cursor stays open across the letters' transactions
    pks = list(recipients().values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        for user in recipients().filter(pk__in=pks[start : start + CHUNK]):
            try:
                found = [item for items in current(user, today, Channel.EMAIL).values() for item in items]
                sent = len(unsent(user, found)) if dry_run else _send(user, found, today, batch)
            except Exception as error:  # noqa: BLE001 (one user's letter must not stop the others')
                log_failure("digest of one user", error)
                outcome.failed += 1
            else:
                outcome.letters += bool(sent)
                outcome.reminders += sent
        if progress:
            progress(min(start + CHUNK, len(pks)), len(pks))
    logger.info("Reminders digest of %s%s: %s", today, " (dry run)" if dry_run else "", outcome.summary())
    return outcome


def _send(user, found: list[Reminder], today: date, batch: uuid.UUID) -> int:
    if not found:
        return 0
    with transaction.atomic():
        claimed = _claim(user, unsent(user, found), today, batch)
        if claimed:
            letter(user, claimed, today).send()
    return len(claimed)
