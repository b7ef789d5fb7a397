"""Export of the filtered organizations list to .xlsx."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from metodist.lib.xlsx import XLSX_CONTENT_TYPE
from metodist.orgs.models import OrganizationKind
from metodist.testing import factories as f
from metodist.testing.xlsx import formula_cells, read_table

EXPORT = reverse("orgs:export")


@pytest.fixture
def on_today(time_machine):
    time_machine.move_to(datetime(2025, 1, 15, 9, 0, tzinfo=UTC), tick=False)


def exported_names(response) -> list[str]:
    return [row[0] for row in read_table(response.content, "Организации").rows]


def test_export_writes_the_notes_the_header_and_one_row_per_organization(client, cast, on_today):
    cast.school1.inn = "6601000001"
    cast.school1.save()
    f.flag(cast.school1, "is_low_results", start=date(2024, 9, 1))
    f.flag(cast.school1, "is_internship_site", start=date(2023, 9, 1), end=date(2024, 8, 31))  # not on the day
    f.StaffPositionFactory(organization=cast.school1, rates=Decimal("4.00"), vacant_rates=Decimal("1.00"))
    client.force_login(cast.coordinator)

    response = client.get(EXPORT)

    table = read_table(response.content, "Организации")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    # «Организации_Город-N_2025-01-15.xlsx»
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%9E%D1%80%D0%B3%D0%B0%D0%BD%D0%B8%D0%B7%D0%B0%D1%86%D0%B8%D0%B8_"
        "%D0%93%D0%BE%D1%80%D0%BE%D0%B4-N_2025-01-15.xlsx"
    )
    assert table.lines == [
        "Образовательные организации на 15.01.2025",
        "Территория: Город N",
        "Отбор: только действующие",
        "Выгрузил(а): coordinator, 15.01.2025 12:00 (МСК)",
    ]
    assert table.headers[:3] == ["Краткое наименование", "Полное наименование", "Тип"]
    assert table.rows[0] == [
        "Школа № 1",
        cast.school1.full_name,
        "Общеобразовательная организация",
        "Город N",
        "6601000001",
        None,
        None,
        "ШНОР",
        "да",
        2,
        4,
        1,
        75,
    ]
    assert table.rows[1][0] == "Школа № 2"
    assert table.rows[1][10:] == [0, 0, None]  # no staff list: staffing is empty, not 0
    assert table.numbers == [1, 2]


def test_export_applies_the_filters_of_the_list_and_names_them(client, cast):
    f.OrganizationFactory(municipality=cast.municipality, short_name="Детский сад № 5", kind=OrganizationKind.PRESCHOOL)
    client.force_login(cast.coordinator)

    response = client.get(EXPORT, {"kind": "preschool", "q": "сад"})

    assert read_table(response.content).lines[2] == (
        "Отбор: тип: Дошкольная образовательная организация; наименование содержит «сад»; только действующие"
    )
    assert exported_names(response) == ["Детский сад № 5"]


@pytest.mark.parametrize(
    ("user_name", "expected"),
    [("school2_admin", ["Школа № 2"]), ("other_user", ["Школа № 3"]), ("teacher_user", ["Школа № 1"])],
)
def test_export_holds_only_the_organizations_in_scope(client, cast, user_name, expected):
    client.force_login(getattr(cast, user_name))

    response = client.get(EXPORT)

    assert exported_names(response) == expected


def test_an_organization_named_like_a_formula_is_exported_as_text(client, cast):
    cast.school2.short_name = "=1+2"
    cast.school2.save()
    client.force_login(cast.coordinator)

    response = client.get(EXPORT)

    assert "=1+2" in exported_names(response)
    assert formula_cells(response.content) == []
