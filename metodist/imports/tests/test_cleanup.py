"""Uploaded files that were never committed are deleted after a while; committed batches stay as the import log."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.management import call_command

from metodist.imports.models import BatchStatus, ImportBatch

NOW = datetime(2025, 1, 15, 12, tzinfo=ZoneInfo("Europe/Moscow"))


def batch_created(time_machine, when, status=BatchStatus.CHECKED) -> ImportBatch:
    time_machine.move_to(when)
    return ImportBatch.objects.create(format="educators", file_name="x.xlsx", content=b"PK", sha256="0", status=status)


def test_cleanup_deletes_only_unfinished_uploads_older_than_the_limit(db, time_machine):
    old = batch_created(time_machine, NOW - timedelta(days=8))
    recent = batch_created(time_machine, NOW - timedelta(days=6))
    committed = batch_created(time_machine, NOW - timedelta(days=30), status=BatchStatus.COMMITTED)
    time_machine.move_to(NOW)
    out = io.StringIO()

    call_command("import_cleanup", days=7, stdout=out)

    assert set(ImportBatch.objects.values_list("pk", flat=True)) == {recent.pk, committed.pk}
    assert not ImportBatch.objects.filter(pk=old.pk).exists()
    assert out.getvalue().strip() == "Удалено незагруженных файлов старше 7 дн.: 1"
