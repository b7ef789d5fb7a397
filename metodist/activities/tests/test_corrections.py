"""Correcting and deleting an activity record: scoped, audited, and never overwriting a colleague's save."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.activities.models import ActivityRecord, RecordKind
from metodist.audit.models import AuditAction, AuditEntry

from .conftest import activity


@pytest.fixture
def stay(cast):
    """A sanatorium stay of the teacher of school 1, typed with a wrong title."""
    return activity(RecordKind.SANATORIUM, cast.school1, cast.teacher, title="Профилакторий «Юбелейный»")


def post_data(cast, stay, **changes) -> dict:
    data = {"kind": "sanatorium", "educator": cast.teacher.pk, "title": stay.title,
            "organization": cast.school1.pk, "started_on": "2024-02-01"}  # fmt: skip
    return {**data, **changes}


def opened(client, stay) -> dict:
    """The hidden lock fields of the edit form as the page gave them."""
    form = client.get(reverse("activities:edit", args=["records", stay.pk])).context["lock"]
    return {"lock-version": form.initial["version"], "lock-opened": form.initial["opened"]}


def test_a_methodologist_corrects_a_record_and_the_change_is_audited(client, cast, stay):
    client.force_login(cast.methodologist)
    lock = opened(client, stay)

    response = client.post(reverse("activities:edit", args=["records", stay.pk]),
                           {**post_data(cast, stay, title="Профилакторий «Юбилейный»"), **lock})  # fmt: skip

    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.title == "Профилакторий «Юбилейный»" and stay.version == 2
    entry = AuditEntry.objects.for_object(stay).get(action=AuditAction.UPDATE)
    assert entry.changes["title"] == ["Профилакторий «Юбелейный»", "Профилакторий «Юбилейный»"]


def test_a_save_over_a_colleagues_change_is_refused_and_lists_it(client, cast, stay):
    client.force_login(cast.methodologist)
    lock = opened(client, stay)
    client.force_login(cast.coordinator)
    client.post(reverse("activities:edit", args=["records", stay.pk]),
                {**post_data(cast, stay, ended_on="2024-02-21"), **opened(client, stay)})  # fmt: skip
    client.force_login(cast.methodologist)

    response = client.post(reverse("activities:edit", args=["records", stay.pk]),
                           {**post_data(cast, stay, title="Санаторий"), **lock})  # fmt: skip

    stay.refresh_from_db()
    assert stay.title == "Профилакторий «Юбелейный»" and stay.ended_on == date(2024, 2, 21)
    assert "Запись изменена другим пользователем" in response.content.decode()
    assert "21.02.2024" in response.content.decode()


def test_nobody_outside_the_scope_corrects_or_deletes(client, cast, stay):
    client.force_login(cast.school2_admin)
    assert client.get(reverse("activities:edit", args=["records", stay.pk])).status_code == 404
    assert client.post(reverse("activities:delete", args=["records", stay.pk])).status_code == 404
    client.force_login(cast.teacher_user)
    assert client.get(reverse("activities:edit", args=["records", stay.pk])).status_code == 403
    assert client.post(reverse("activities:delete", args=["records", stay.pk])).status_code == 403

    assert ActivityRecord.objects.filter(pk=stay.pk).exists()


def test_a_record_entered_by_mistake_is_deleted_and_the_audit_keeps_it(client, cast, stay):
    client.force_login(cast.school1_admin)

    client.post(reverse("activities:delete", args=["records", stay.pk]))

    assert not ActivityRecord.objects.filter(pk=stay.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE, object_id=str(stay.pk))
    assert entry.changes["title"] == ["Профилакторий «Юбелейный»", None]


def test_the_form_offers_the_organizations_and_educators_of_the_scope_and_shows_the_record(client, cast, stay):
    client.force_login(cast.school1_admin)

    html = client.get(reverse("activities:edit", args=["records", stay.pk])).content.decode()

    assert f'<option value="{cast.school1.pk}" selected>' in html
    assert f'<option value="{cast.teacher.pk}" selected>' in html
    assert f">{cast.school1.short_name}</option>" in html and f">{cast.school2.short_name}</option>" not in html
    assert "Орлова" not in html  # the educator of school 2
