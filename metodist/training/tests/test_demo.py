"""The demo seeder: rerun-safe, works with and without diagnostics, and clears what it wrote."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.testing import factories as f
from metodist.testing import growth as g
from metodist.training import demo
from metodist.training.effectiveness import effects
from metodist.training.forms import RequestForm
from metodist.training.models import Program, Review, Training

TODAY = date(2025, 1, 15)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The scans the seeder stores go to this test's folder, not to the MEDIA_ROOT of the working copy."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_demo_catalogue_and_trainings_without_diagnostics(cast):
    lines = demo.seed(today=TODAY, progress=lambda line: None)

    assert Program.objects.filter(kind="pp").count() == len(demo.RETRAINING)
    assert Program.objects.count() >= 55
    assert Training.objects.filter(review=Review.PENDING).exists()
    assert "по итогам диагностики 0" in lines[0]
    assert demo.seed(today=TODAY, progress=lambda line: None) == [
        "Курсы: демонстрационный каталог уже загружен — пропущено."
    ]
    demo.clear()
    assert not Program.objects.exists() and not Training.objects.exists()


def test_with_two_diagnostics_people_with_deficits_are_trained_between_them(cast):
    first = g.diagnostic(cast.region, ends_on=date(2023, 11, 30))
    second = g.diagnostic(cast.region, ends_on=date(2024, 11, 30))
    for number in range(12):
        person = f.EducatorFactory()
        f.EmploymentFactory(educator=person, organization=cast.school1)
        g.results(first, person, {"assess.formative": 3, "fl.reading": 2})
        g.results(second, person, {"assess.formative": 3 + number % 6, "fl.reading": 2 + number % 4})

    lines = demo.seed(today=TODAY, progress=lambda line: None)

    between = Training.objects.filter(ends_on__gt=first.ends_on, ends_on__lt=second.starts_on, program__isnull=False)
    assert between.exists()
    assert "по итогам диагностики 0" not in lines[0]
    assert effects(cast.region.pk)


def test_the_demo_requests_carry_a_scan_that_passes_the_upload_check_and_opens(client, cast, media, on_today):
    demo.seed(today=TODAY, progress=lambda line: None)

    # the demo teacher asks first, then the cast's four educators of the registry (her among them): four requests
    requests = list(Training.objects.requests().select_related("educator").order_by("pk"))
    client.force_login(cast.methodologist)
    download = client.get(reverse("training:certificate", args=[requests[0].pk]))

    assert requests[0].educator == cast.teacher
    assert sorted(row.educator.last_name for row in requests) == ["Волкова", "Кузнецов", "Орлова", "Смирнова"]
    for row in requests:
        # stored where an educator's upload of TODAY is
        assert row.certificate.name == f"certificates/2025/удостоверение_{row.certificate_number}.pdf"
        with row.certificate.open("rb") as scan:
            for validator in RequestForm.base_fields["certificate"].validators:
                validator(scan)  # the checks of an educator's upload: raise for a file not what its name says
    stored = (media / requests[0].certificate.name).read_bytes()
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored and stored.startswith(b"%PDF-")


def test_the_demo_scans_are_the_same_on_every_run_and_cleared_with_the_data(
    cast, media, on_today, django_capture_on_commit_callbacks
):
    def scans() -> dict[str, bytes]:
        return {row.certificate_number: (media / row.certificate.name).read_bytes()
                for row in Training.objects.requests()}  # fmt: skip

    demo.seed(today=TODAY, progress=lambda line: None)
    first = scans()
    with django_capture_on_commit_callbacks(execute=True):
        demo.clear()
    left = [path for path in media.rglob("*") if path.is_file()]
    demo.seed(today=TODAY, progress=lambda line: None)
    again = scans()

    assert left == []
    assert first == again and len(first) == 4
