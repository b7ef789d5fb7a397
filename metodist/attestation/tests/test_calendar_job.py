"""A region's attestation calendar is written by a background job, offered on the job's page to its starter only."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.attestation.models import Kind
from metodist.jobs.models import Job, JobStatus
from metodist.testing.attestation import attestation


@pytest.fixture
def mentor_szd(cast):
    """The mentor's SZD of 10.03.2020 at school 1: due again on 10.03.2025, within a year of TODAY."""
    return attestation(cast.mentor_educator, Kind.SZD, date(2020, 3, 10), organization=cast.school1)


def test_the_regional_operator_gets_the_calendar_from_a_job(client, cast, mentor_szd, on_today):
    client.force_login(cast.regional_operator)

    page = client.get(reverse("attestation:calendar"), {"months": 12}).content.decode()
    response = client.post(reverse("attestation:calendar_export"), {"months": 12})

    assert "Сформировать .xlsx" in page and "Скачать .xlsx" not in page
    job = Job.objects.get(kind="attestation.calendar_export")
    assert response.url == job.get_absolute_url()
    assert job.status == JobStatus.DONE and job.output_name.startswith("График-аттестации")
    assert "Скачать График-аттестации" in client.get(job.get_absolute_url()).content.decode()
    download = client.get(reverse("jobs:output", args=[job.pk]))
    workbook = load_workbook(BytesIO(b"".join(download.streaming_content)))
    names = [cell for row in workbook["СЗД"].iter_rows(values_only=True) for cell in row]
    assert "Кузнецов Павел Андреевич" in names


def test_nobody_else_downloads_the_job_file(client, cast, mentor_szd, on_today):
    client.force_login(cast.regional_operator)
    client.post(reverse("attestation:calendar_export"), {"months": 12})
    job = Job.objects.get(kind="attestation.calendar_export")

    client.force_login(cast.coordinator)

    assert client.get(reverse("jobs:output", args=[job.pk])).status_code == 404


def test_a_municipality_downloads_the_calendar_at_once(client, cast, mentor_szd, on_today):
    client.force_login(cast.coordinator)

    page = client.get(reverse("attestation:calendar"), {"months": 12}).content.decode()

    assert "Скачать .xlsx" in page and "Сформировать .xlsx" not in page


def test_an_educator_cannot_start_the_job(client, cast, on_today):
    client.force_login(cast.teacher_user)

    response = client.post(reverse("attestation:calendar_export"), {"months": 12})

    assert response.status_code == 403
    assert not Job.objects.exists()


def test_a_job_without_a_file_has_nothing_to_download(client, cast):
    job = Job.objects.create(kind="attestation.calendar_export", title="t", created_by=cast.coordinator)
    client.force_login(cast.coordinator)

    assert client.get(reverse("jobs:output", args=[job.pk])).status_code == 404
