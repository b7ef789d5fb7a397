"""Export of the filtered organizations list to .xlsx."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from metodist.lib.xlsx import XLSX_CONTENT_TYPE
from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f

EXPORT = reverse("orgs:export")


@pytest.fixture
def on_today(time_machine):
    time_machine.move_to(datetime(2025, 1, 15, 9, 0, tzinfo=UTC), tick=False)


def sheet_rows(response) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook["Организации"].iter_rows(values_only=True))


def test_export_writes_the_notes_the_header_and_one_row_per_organization(client, cast, on_today):
    cast.school1.inn = "6601000001"
    cast.school1.save()
    f.flag(cast.school1, "is_low_results", start=date(2024, 9, 1))
    f.flag(cast.school1, "is_internship_site", start=date(2023, 9, 1), end=date(2024, 8, 31))  # not on the day
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("4.00"), vacant_rates=Decimal("1.00"))
    client.force_login(cast.coordinator)

    response = client.get(EXPORT)

    rows = sheet_rows(response)
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="organizations-2025-01-15.xlsx"'
    assert rows[0][0] == "Образовательные организации на 15.01.2025"
    assert rows[1][0] == "Отбор: только действующие"
    assert rows[2][:3] == ("Краткое наименование", "Полное наименование", "Тип")
    assert rows[3] == (
        "Школа № 1",
        cast.school1.full_name,
        "Общеобразовательная организация",
        "Город N",
        "6601000001",
        None,
        "ШНОР",
        "да",
        2,
        4,
        1,
        75,
    )
    assert rows[4][0] == "Школа № 2"
    assert rows[4][9:] == (0, 0, None)  # no staff list: staffing is empty, not 0
    assert len(rows) == 5


def test_export_applies_the_filters_of_the_list_and_names_them(client, cast):
    f.OrganizationFactory(municipality=cast.municipality, short_name="Детский сад № 5", kind=OrganizationKind.PRESCHOOL)
    client.force_login(cast.coordinator)

    response = client.get(EXPORT, {"kind": "preschool", "q": "сад"})

    rows = sheet_rows(response)
    assert (
        rows[1][0]
        == "Отбор: тип: Дошкольная образовательная организация; наименование содержит «сад»; только действующие"
    )
    assert [row[0] for row in rows[3:]] == ["Детский сад № 5"]


@pytest.mark.parametrize(
    ("user_name", "expected"),
    [("school2_admin", ["Школа № 2"]), ("other_user", ["Школа № 3"]), ("teacher_user", ["Школа № 1"])],
)
def test_export_holds_only_the_organizations_in_scope(client, cast, user_name, expected):
    client.force_login(getattr(cast, user_name))

    response = client.get(EXPORT)

    assert [row[0] for row in sheet_rows(response)[3:]] == expected
