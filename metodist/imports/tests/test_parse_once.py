"""An uploaded file is read once: the preview shows the stored result of the check, the commit re-checks the
stored rows against the registry without reading the workbook again."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.imports import reading
from metodist.imports.models import ImportBatch
from metodist.people.models import Educator

from .helpers import educator, format_file


@pytest.fixture(autouse=True)
def fixed_day(time_machine, today):
    time_machine.move_to(datetime(today.year, today.month, today.day, 12, tzinfo=ZoneInfo("Europe/Moscow")))


@pytest.fixture
def workbook_reads(monkeypatch):
    """How many times the rows of a workbook were read (the upload form reads its header row alone)."""
    calls = []
    read = reading._table

    def counting(*args, **kwargs):
        calls.append(1)
        return read(*args, **kwargs)

    monkeypatch.setattr(reading, "_table", counting)
    return calls


def test_a_file_is_read_once_from_upload_to_commit(client, cast, workbook_reads):
    client.force_login(cast.methodologist)
    content = format_file("educators", [educator()])
    client.post(reverse("imports:index"), {"format": "educators", "file": SimpleUploadedFile("п.xlsx", content)})
    batch = ImportBatch.objects.get()

    for _ in range(3):
        page = client.get(reverse("imports:batch", args=[batch.pk]))
        assert "Загрузить в реестр" in page.content.decode()
    client.post(reverse("imports:commit", args=[batch.pk]))

    assert Educator.objects.filter(last_name="Лебедева").exists()
    assert len(workbook_reads) == 1
