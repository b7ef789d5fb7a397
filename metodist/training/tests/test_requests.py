"""An educator asks to count a course taken elsewhere; a methodologist approves or rejects it with a reason."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.audit.models import AuditEntry
from metodist.training import actions, cabinet
from metodist.training.models import Review, Training, TrainingSource

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def request_data(**changes):
    data = {"title": "Смысловое чтение", "provider": "Университет", "hours": "36", "kind": "pk",
            "starts_on": "2024-10-01", "ends_on": "2024-10-20", "certificate_number": "7701 123456"}  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def sent(client, cast, on_today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.teacher_user)
    response = client.post(
        reverse("training:request_create"),
        {**request_data(), "certificate": SimpleUploadedFile("удостоверение.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302, response.context["form"].errors
    return Training.objects.get(educator=cast.teacher)


def test_a_request_waits_for_a_decision_and_does_not_count(sent):
    assert (sent.source, sent.review, sent.region_id is not None) == (TrainingSource.REQUEST, Review.PENDING, True)
    assert not Training.objects.counted().exists()
    assert AuditEntry.objects.filter(model="training.training", object_id=str(sent.pk), action="create").exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(client, cast, on_today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.teacher_user)

    response = client.post(
        reverse("training:request_create"),
        {**request_data(), "certificate": SimpleUploadedFile("скан.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
    )

    assert response.status_code == 200
    assert "certificate" in response.context["form"].errors
    assert not Training.objects.exists()


def test_a_course_not_ended_yet_is_refused(client, cast, on_today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.teacher_user)

    response = client.post(
        reverse("training:request_create"),
        {**request_data(ends_on="2025-02-01"), "certificate": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
    )

    assert "ends_on" in response.context["form"].errors


def test_the_methodologist_rejects_with_a_reason_the_educator_sees(client, cast, sent, today):
    client.force_login(cast.methodologist)
    assert client.get(reverse("training:requests")).context["pending"][0] == sent

    without = client.post(reverse("training:training", args=[sent.pk]), {"decision": "reject", "reason": ""})
    response = client.post(
        reverse("training:training", args=[sent.pk]), {"decision": "reject", "reason": "Скан нечитаем"}
    )

    assert "reason" in without.context["form"].errors
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.review, sent.review_reason, sent.reviewed_by) == (Review.REJECTED, "Скан нечитаем", cast.methodologist)
    panel = cabinet.panel(cast.teacher_user, today)
    assert [row.review_reason for row in panel["rejected"]] == ["Скан нечитаем"]
    client.force_login(cast.teacher_user)
    assert "Причина: Скан нечитаем" in client.get(reverse("training:my")).content.decode()
    entry = AuditEntry.objects.filter(model="training.training", object_id=str(sent.pk), action="update").get()
    assert entry.summary == "Заявка на зачёт курса отклонена: Скан нечитаем"


def test_an_approved_course_counts(client, cast, sent):
    client.force_login(cast.methodologist)

    client.post(reverse("training:training", args=[sent.pk]), {"decision": "approve", "reason": ""})

    assert list(Training.objects.counted()) == [sent]
    with pytest.raises(actions.ReviewError, match="уже рассмотрена"):
        actions.decide(sent, approve=False, reason="поздно", by=cast.methodologist)


def test_the_administrator_of_school_2_cannot_decide_or_download(client, cast, sent):
    client.force_login(cast.school2_admin)

    assert client.post(reverse("training:training", args=[sent.pk]), {"decision": "approve"}).status_code == 404
    assert client.get(reverse("training:certificate", args=[sent.pk])).status_code == 404


def test_the_methodologist_downloads_the_certificate_and_it_is_recorded(client, cast, sent):
    client.force_login(cast.methodologist)

    response = client.get(reverse("training:certificate", args=[sent.pk]))

    assert b"".join(response.streaming_content) == PDF
    assert AuditEntry.objects.filter(model="training.training", action="download").exists()


def test_the_cycle_status_of_the_panel(cast, courses, today):
    panel = cabinet.panel(cast.teacher_user, today)

    assert panel["cycle"].text == "Последние курсы — 20.10.2024; следующие нужны до 20.10.2027."
    assert not panel["cycle"].due
    assert cabinet.cycle_status(cast.teacher, date(2027, 5, 1)).due  # more than 2 years 6 months later
    assert cabinet.panel(cast.methodologist, today) is None


def test_the_cabinet_panel_renders_the_trainings_the_cycle_and_the_links(cast, courses, today):
    from django.template.loader import render_to_string

    html = render_to_string("training/_cabinet_panel.html", {"panel": cabinet.panel(cast.teacher_user, today)})

    assert "Формирующее оценивание — 20.10.2024" in html
    assert "следующие нужны до 20.10.2027" in html
    assert reverse("training:request_create") in html
