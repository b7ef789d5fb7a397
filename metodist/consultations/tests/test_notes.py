"""A methodologist's private notes: seen by the author only — never by the requester, the organization's
administrator, another methodologist, the export or the audit trail (which records that a note was added)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.audit.models import AuditEntry
from metodist.testing import factories as f

SECRET = "Учитель конфликтует с завучем — не обсуждать при администрации"


@pytest.fixture
def noted(client, cast, build):
    item = build()
    client.force_login(cast.methodologist)
    response = client.post(reverse("consultations:note", args=[item.pk]), {"text": SECRET})
    assert response.status_code == 302
    return item


def test_the_author_sees_the_note(client, cast, noted):
    client.force_login(cast.methodologist)

    page = client.get(reverse("consultations:detail", args=[noted.pk])).content.decode()

    assert SECRET in page


@pytest.mark.parametrize("who", ["teacher_user", "school1_admin", "coordinator", "regional_operator"])
def test_nobody_else_sees_the_note(client, cast, noted, who):
    client.force_login(getattr(cast, who))

    page = client.get(reverse("consultations:detail", args=[noted.pk])).content.decode()

    assert SECRET not in page


def test_another_methodologist_of_the_municipality_does_not_see_it(client, cast, noted):
    colleague = f.UserFactory(role="methodologist", municipality=cast.municipality)
    client.force_login(colleague)

    page = client.get(reverse("consultations:detail", args=[noted.pk])).content.decode()

    assert SECRET not in page


def test_the_audit_trail_records_that_a_note_was_added_not_its_text(noted):
    entries = list(AuditEntry.objects.values_list("summary", "changes"))

    assert any(summary == "добавлена личная заметка" for summary, _ in entries)
    assert SECRET not in str(entries)


def test_the_export_holds_no_note(client, cast, noted):
    client.force_login(cast.methodologist)

    content = client.get(reverse("consultations:export")).content
    cells = [cell for row in load_workbook(BytesIO(content)).active.iter_rows(values_only=True) for cell in row]

    assert SECRET not in " ".join(str(cell) for cell in cells)


def test_a_requester_may_not_write_notes(client, cast, build):
    item = build()
    client.force_login(cast.teacher_user)

    assert client.post(reverse("consultations:note", args=[item.pk]), {"text": "x"}).status_code == 403
