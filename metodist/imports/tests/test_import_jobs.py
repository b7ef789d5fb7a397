"""The check and the commit run as background jobs (metodist/imports/jobs.py); in the tests they run at once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.imports import reading
from metodist.imports.models import ImportBatch
from metodist.jobs.models import Job, JobStatus
from metodist.people.models import Educator

from .helpers import SNILS_1, educator, format_file


@pytest.fixture(autouse=True)
def fixed_day(time_machine, today):
    time_machine.move_to(datetime(today.year, today.month, today.day, 12, tzinfo=ZoneInfo("Europe/Moscow")))


def upload(client, user, rows):
    client.force_login(user)
    content = format_file("educators", rows)
    client.post(reverse("imports:index"), {"format": "educators", "file": SimpleUploadedFile("п.xlsx", content)})
    return ImportBatch.objects.latest("pk")


def test_the_check_job_reports_the_rows_checked(client, cast):
    upload(client, cast.methodologist, [educator(), educator(snils=None, first_name="Вера", position="Методист")])

    job = Job.objects.get(kind="imports.check")
    assert (job.status, job.done, job.total, job.unit) == (JobStatus.DONE, 2, 2, "Проверено строк")


def test_the_commit_job_reports_the_records_written_and_links_to_the_batch(client, cast):
    batch = upload(client, cast.methodologist, [educator()])

    client.post(reverse("imports:commit", args=[batch.pk]))

    job = Job.objects.get(kind="imports.commit")
    assert (job.status, job.done, job.total, job.unit) == (JobStatus.DONE, 3, 3, "Записано записей")
    assert job.result["url"] == reverse("imports:batch", args=[batch.pk])


def test_a_commit_refused_because_the_registry_changed_says_so_and_a_new_check_shows_why(client, cast):
    batch = upload(client, cast.methodologist, [educator()])
    cast.teacher.snils = SNILS_1.replace("-", "").replace(" ", "")  # meanwhile, someone else has this SNILS
    cast.teacher.save(update_fields=["snils"])

    client.post(reverse("imports:commit", args=[batch.pk]))

    job = Job.objects.get(kind="imports.commit")
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Файл не загружен: при проверке найдены ошибки.")
    assert not Educator.objects.filter(last_name="Лебедева").exists()
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Загрузка файла в реестр не удалась: Файл не загружен" in page

    client.post(reverse("imports:check", args=[batch.pk]))

    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "этот СНИЛС в реестре у педагога с другими данными" in page
    assert "Загрузить в реестр" not in page


def test_another_user_can_neither_check_nor_commit_a_batch(client, cast):
    batch = upload(client, cast.methodologist, [educator()])
    client.force_login(cast.coordinator)

    assert client.post(reverse("imports:check", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 404
    assert Job.objects.filter(created_by=cast.coordinator).count() == 0


def test_a_batch_stored_but_never_checked_offers_the_check(client, cast):
    batch = ImportBatch.objects.create(
        format="educators", file_name="п.xlsx", content=format_file("educators", [educator()]), sha256="0",
        created_by=cast.methodologist,
    )  # fmt: skip
    client.force_login(cast.methodologist)
    assert "Файл получен, но ещё не проверен." in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()

    client.post(reverse("imports:check", args=[batch.pk]))

    assert "Загрузить в реестр" in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()


def test_a_file_refused_while_its_rows_are_read_gives_the_same_answer_when_checked_again(client, cast, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 1)
    batch = upload(client, cast.methodologist, [educator(), educator(snils=None, first_name="Вера")])
    refusal = "В файле больше 1 строк с данными; разделите его на несколько файлов."
    assert refusal in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()

    client.post(reverse("imports:check", args=[batch.pk]))

    assert refusal in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert Job.objects.filter(kind="imports.check", status=JobStatus.DONE).count() == 2
