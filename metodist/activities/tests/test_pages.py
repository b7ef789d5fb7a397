"""The activity records' pages: who sees what, entry forms."""

from datetime import date

import pytest
from django.urls import reverse

from metodist.accounts.models import Role
from metodist.activities.models import ActivityRecord, ExpertKind, ExpertLevel, ExpertRole, RecordKind
from metodist.audit.models import AuditEntry
from metodist.testing import factories as f

from .conftest import activity, contract, expert


@pytest.fixture
def records(cast):
    expert(cast.teacher, cast.school1, ExpertKind.JURY, ExpertLevel.REGIONAL)
    activity(RecordKind.SANATORIUM, cast.school1, cast.teacher, title="Профилакторий «Юбилейный»")
    contract(cast.school1, student="Петров Пётр")


@pytest.mark.parametrize(
    ("username", "tab", "text"),
    [("experts", "experts", "Смирнова"), ("records", "records", "Юбилейный"), ("contracts", "contracts", "Петров")],
)
def test_lists_show_records_of_the_scope_only(client, cast, records, username, tab, text):
    other = f.UserFactory(username="other_methodologist", role=Role.METHODOLOGIST, municipality=cast.other_municipality)
    seen = {}
    for user in (cast.methodologist, cast.school1_admin, cast.school2_admin, other, cast.mentor_user):
        client.force_login(user)
        seen[user.username] = text in client.get(reverse("activities:index"), {"tab": tab}).content.decode()

    assert seen == {"methodologist": True, "school1": True, "school2": False, "other_methodologist": False,
                    "mentor": False}  # fmt: skip


def test_an_educator_sees_their_own_records(client, cast, records):
    client.force_login(cast.teacher_user)

    response = client.get(reverse("activities:index"), {"tab": "records"})

    assert "Юбилейный" in response.content.decode()


def test_an_educator_page_of_another_organization_is_not_found(client, cast, records):
    client.force_login(cast.school2_admin)

    assert client.get(reverse("activities:educator", args=[cast.teacher.pk])).status_code == 404
    assert client.get(reverse("activities:organization", args=[cast.school1.pk])).status_code == 404


def test_an_administrator_enters_an_expert_role(client, cast):
    client.force_login(cast.school1_admin)

    response = client.post(reverse("activities:new", args=["experts"]), {
        "educator": cast.teacher.pk, "kind": "subject_commission", "level": "regional", "body": "ГИА, математика",
        "organization": cast.school1.pk, "started_on": "2024-09-01",
    })  # fmt: skip

    role = ExpertRole.objects.get()
    assert response.status_code == 302
    assert (role.municipality_id, role.region_id, role.created_by) == (cast.municipality.pk, cast.region.pk,
                                                                       cast.school1_admin)  # fmt: skip
    assert AuditEntry.objects.filter(object_id=str(role.pk)).exists()


def test_bad_input_gets_russian_errors_and_nothing_is_saved(client, cast):
    client.force_login(cast.methodologist)

    response = client.post(reverse("activities:new", args=["records"]), {
        "kind": "sanatorium", "title": "Санаторий", "organization": cast.school1.pk, "started_on": "2024-09-10",
        "ended_on": "2024-09-01",
    })  # fmt: skip

    html = response.content.decode()
    assert "Для этого вида записи укажите педагога." in html and "Дата окончания раньше даты начала." in html
    assert not ActivityRecord.objects.exists()


def test_an_administrator_cannot_enter_a_record_of_another_school(client, cast):
    client.force_login(cast.school2_admin)

    client.post(reverse("activities:new", args=["records"]), {
        "kind": "sanatorium", "educator": cast.teacher.pk, "title": "Санаторий", "organization": cast.school1.pk,
        "started_on": "2024-09-10",
    })  # fmt: skip

    assert not ActivityRecord.objects.exists()


def test_an_educator_cannot_enter_records(client, cast):
    client.force_login(cast.teacher_user)

    assert client.get(reverse("activities:new", args=["records"])).status_code == 403


def test_a_targeted_contract_employment_needs_graduation_and_employer(client, cast):
    client.force_login(cast.coordinator)

    response = client.post(reverse("activities:new", args=["contracts"]), {
        "student": "Петров Пётр", "institution": "Педагогический колледж", "organization": cast.school1.pk,
        "started_on": "2023-09-01", "employed_on": "2025-09-01",
    })  # fmt: skip

    html = response.content.decode()
    assert "Укажите дату окончания обучения" in html and "Укажите, в какую организацию" in html


def test_the_list_is_read_in_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    for number in range(8):
        activity(RecordKind.NETWORK_PROJECT, cast.school1, cast.teacher, date(2024, 1, number + 1))
    client.force_login(cast.methodologist)
    client.get(reverse("activities:index"), {"tab": "records"})

    with django_assert_num_queries(5):  # session, user, count, page, navigation
        client.get(reverse("activities:index"), {"tab": "records"})


def test_the_export_holds_the_filtered_records_of_the_scope_and_is_audited(client, cast, records):
    from io import BytesIO

    from openpyxl import load_workbook

    def cells(user):
        client.force_login(user)
        response = client.get(reverse("activities:export"), {"tab": "records", "kind": "sanatorium"})
        sheet = load_workbook(BytesIO(response.content)).active
        return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)

    seen, hidden = cells(cast.methodologist), cells(cast.school2_admin)

    assert "Смирнова Анна Игоревна" in seen and "вид: Санаторно-курортное лечение" in seen
    assert "Смирнова" not in hidden
    assert AuditEntry.objects.filter(action="export").count() == 2
