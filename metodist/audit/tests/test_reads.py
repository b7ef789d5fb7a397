"""Reads of personal data leave a trace: a list of educators or employments through the API (who, the filter,
how many — never whom), an evidence file downloaded, an import's preview of its rows looked at."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metodist.audit.models import AuditAction, AuditEntry
from metodist.imports import actions as imports
from metodist.imports.formats.educators import EDUCATORS
from metodist.imports.tests.helpers import educator, format_file
from metodist.monitoring import actions as monitoring
from metodist.monitoring.tests.campaigns import campaign_fixture, card_of, catalogue_fixture  # noqa: F401

NAMES = ("Смирнова", "Кузнецов", "Орлова", "Лебедева", "Анна")


def _reads():
    return list(AuditEntry.objects.filter(action=AuditAction.READ))


def _carries_no_names(entry) -> bool:
    text = f"{entry.summary} {entry.changes}"
    return not any(name in text for name in NAMES)


def test_a_list_of_educators_read_through_the_api_is_recorded_without_names(api_get, cast):
    response = api_get(cast.coordinator, "/api/v1/educators/", on="2025-01-15", young="true", q="Смирнова", page_size=2)

    (entry,) = _reads()
    assert response.status_code == 200
    assert (entry.actor, entry.model, entry.object_id) == (cast.coordinator, "people.educator", "")
    assert entry.changes == {
        "filters": {"on": "2025-01-15", "young": True, "q": "(поиск по ФИО)"},
        "page": 1,
        "count": 1,
        "shown": 1,
    }
    assert _carries_no_names(entry)


def test_a_snils_searched_for_is_not_written_into_the_trail(api_get, cast):
    api_get(cast.coordinator, "/api/v1/educators/", q="112-233-445 95")

    (entry,) = _reads()
    assert entry.changes["filters"] == {"q": "(поиск по СНИЛС)"}
    assert "445" not in str(entry.changes)


def test_a_list_of_employments_read_through_the_api_is_recorded(api_get, cast):
    api_get(cast.school1_admin, "/api/v1/employments/", organization=cast.school1.pk, page=1)

    (entry,) = _reads()
    assert entry.model == "people.employment"
    assert entry.changes == {"filters": {"organization": cast.school1.pk}, "page": 1, "count": 2, "shown": 2}
    assert _carries_no_names(entry)


@pytest.mark.parametrize(
    "path", ["/api/v1/organizations/", "/api/v1/campaigns/", "/api/v1/educators/{teacher}/"], ids=str
)
def test_reads_of_no_list_of_people_are_not_recorded(api_get, cast, path):
    api_get(cast.coordinator, path.format(teacher=cast.teacher.pk))

    assert _reads() == []


def test_a_refused_list_request_is_not_recorded(api_get, cast):
    response = api_get(cast.coordinator, "/api/v1/educators/", on="0.0")

    assert response.status_code == 422
    assert _reads() == []


def test_an_evidence_download_is_recorded_without_the_file_name(client, cast, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    card = card_of(campaign, cast.municipality)
    upload = SimpleUploadedFile("Приказ Смирнова.pdf", b"%PDF-1.4 act", content_type="application/pdf")
    monitoring.save_card_values(card, {"act_young": True, "act_young__file": upload}, by=cast.methodologist)
    value = card.values.get()
    client.force_login(cast.coordinator)

    response = client.get(reverse("monitoring:evidence", args=[value.pk]))

    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert response.status_code == 200
    assert (entry.actor, entry.model, entry.object_id) == (cast.coordinator, "monitoring.cardvalue", str(value.pk))
    assert entry.changes == {"card": card.pk, "element": "act_young"}
    assert _carries_no_names(entry)


def test_a_refused_evidence_download_is_not_recorded(client, cast, campaign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    card = card_of(campaign, cast.municipality)
    upload = SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", content_type="application/pdf")
    monitoring.save_card_values(card, {"act_young": True, "act_young__file": upload}, by=cast.methodologist)
    client.force_login(cast.school1_admin)

    response = client.get(reverse("monitoring:evidence", args=[card.values.get().pk]))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).exists()


def test_an_import_preview_looked_at_is_recorded_with_its_rows_count(client, cast):
    content = format_file("educators", [educator(), educator(last_name="Зуева", snils=None)])
    batch = imports.create_batch(EDUCATORS, "кадры.xlsx", content, by=cast.methodologist)
    imports.check_batch(batch, by=cast.methodologist, today=date.today())  # the check job, which reads the file
    client.force_login(cast.methodologist)

    response = client.get(reverse("imports:batch", args=[batch.pk]))

    (entry,) = _reads()
    assert response.status_code == 200
    assert (entry.actor, entry.model, entry.object_id) == (cast.methodologist, "imports.importbatch", str(batch.pk))
    assert entry.changes == {"rows": 2}
    assert _carries_no_names(entry) and "кадры" not in entry.summary
