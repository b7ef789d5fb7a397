"""Keeps inserting educators, each with its audit entry in the same transaction, until its standard input
closes: the writes that a backup must survive (test_backup_restore). Run as `python -m` with DATABASE_URL."""

import os
import sys
import threading
from datetime import date

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metodist.settings")
    django.setup()
    from django.db import transaction

    from metodist.audit.models import AuditAction, AuditEntry
    from metodist.people.models import Educator

    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    written = 0
    while not stop.is_set():
        with transaction.atomic():
            educator = Educator.objects.create(
                last_name=f"Запись{written}",
                first_name="Анна",
                sex="F",
                birth_date=date(1990, 1, 1),
                ped_work_start=date(2015, 9, 1),
            )
            AuditEntry.objects.create(
                action=AuditAction.CREATE, model="people.educator", object_id=str(educator.pk), summary="запись"
            )
        written += 1


if __name__ == "__main__":
    main()
