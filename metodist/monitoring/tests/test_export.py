"""The .xlsx export of a snapshot, read back with openpyxl (values on the cast: see campaigns.py)."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from metodist.monitoring import actions
from metodist.monitoring.export import _titles, snapshot_workbook
from metodist.testing.xlsx import formula_cells, header_row

from .campaigns import accepted, campaign_fixture, card_of, catalogue_fixture  # noqa: F401 (fixtures)


@pytest.fixture
def snapshot(cast, campaign):
    accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.coordinator)
    return actions.compute_snapshot(campaign, by=cast.coordinator)


def read(content: bytes):
    return load_workbook(io.BytesIO(content))


def table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(min_row=header_row(sheet), values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def lines(sheet) -> list[str]:
    """The title block and the notes above the header."""
    return [row[0] for row in sheet.iter_rows(max_row=header_row(sheet) - 1, values_only=True) if row[0]]


def test_workbook_has_a_sheet_per_track_and_the_reference_sheets(snapshot):
    workbook = read(snapshot_workbook(snapshot))

    assert workbook.sheetnames == ["Трек 1", "Трек 2", "По организациям", "По предметам", "Цели и источники"]


def test_track_sheet_gives_values_targets_and_reasons(snapshot):
    sheet = read(snapshot_workbook(snapshot))["Трек 1"]

    rows = {row["№"]: row for row in table(sheet)}
    assert lines(sheet)[:2] == ["Результаты мониторинга: Мониторинг 2023/24", "Территория: Город N"]
    assert lines(sheet)[4:7] == [
        "Трек 1",
        "Мониторинг 2023/24. Тестовый каталог",
        "Отчётный период 2023/24 (01.09.2023 — 31.05.2024)",
    ]
    young = rows["1"]
    assert (young["Показатель (дословно)"], young["Раздел"], young["Значение"], young["Ед."]) == (
        "доля молодых педагогов", "1. молодые", 33.3, "%",
    )  # fmt: skip
    assert (young["Числитель"], young["Знаменатель"], young["Целевое значение"], young["Оценка"]) == (
        1, 3, "не менее 10\u00a0%", "достигнуто",
    )  # fmt: skip
    mentors = rows["7"]
    assert mentors["Значение"] == "нет данных"
    assert mentors["Примечание"] == "нет данных: модуль ещё не подключён (Модуль, которого нет)"
    # school 1 reported 1 of its 2 pedagogical workers in an accepted card; school 2 has not reported
    sanatorium = rows["8"]
    assert (sanatorium["Значение"], sanatorium["Числитель"], sanatorium["Знаменатель"]) == (50.0, 1, 2)
    assert sanatorium["Полнота данных"] == "карт: 1 из 2 (50,0\u00a0%), предварительно"
    assert rows["10"]["Значение"] == 1  # young_count: a count, no unit


def test_no_data_is_never_written_as_zero(snapshot):
    sheet = read(snapshot_workbook(snapshot))["Трек 2"]

    staffing = {row["№"]: row for row in table(sheet)}["5"]

    assert staffing["Значение"] == "нет данных"
    assert staffing["Числитель"] == 0 and staffing["Знаменатель"] == 0
    assert staffing["Примечание"].startswith("нет данных: знаменатель равен 0")


def test_organizations_sheet_lists_each_school(snapshot):
    sheet = read(snapshot_workbook(snapshot))["По организациям"]

    rows = table(sheet)
    young = [(row["Территория"], row["Значение"]) for row in rows if row["№"] == "1"]
    assert young == [("Школа № 1", 50.0), ("Школа № 2", 0)]
    assert {row["Территория"] for row in rows} == {"Школа № 1", "Школа № 2"}


def test_an_organization_administrator_exports_only_the_own_school(cast, snapshot):
    sheet = read(snapshot_workbook(snapshot, user=cast.school2_admin))["По организациям"]

    assert {row["Территория"] for row in table(sheet)} == {"Школа № 2"}


def test_subjects_sheet_gives_the_breakdown(snapshot):
    sheet = read(snapshot_workbook(snapshot))["По предметам"]

    rows = [(row["№"], row["Учебный предмет"], row["Значение"]) for row in table(sheet)]
    assert rows == [("2", "Математика", "0,0\u00a0%"), ("2", "Физика", "0,0\u00a0%")]


def test_targets_sheet_quotes_names_sources_and_methods(snapshot):
    sheet = read(snapshot_workbook(snapshot))["Цели и источники"]

    rows = {row["Код"]: row for row in table(sheet)}
    assert lines(sheet)[5] == "Документ: Тестовое положение"  # the document, never its file
    assert rows["part_time"]["Целевое значение"] == "менее 10\u00a0%"
    assert rows["part_time"]["Источник (место в документе)"] == "Тестовое положение, п. 3"
    assert rows["profile"]["Группа"] == "Трек 2 → 2. кадры"
    assert len(rows) == 10


def test_sheet_titles_are_valid_and_distinct_for_excel():
    names = [
        "Трек 1. Плановое повышение профессионального мастерства",
        "Трек 1. Плановое повышение профессиональной компетентности",
        "Раздел [3]: итоги / выводы",
    ]

    titles = _titles(names)

    assert titles == ["Трек 1. Плановое повышение проф", "Трек 1. Плановое повышение (2)", "Раздел 3 итоги выводы"]
    assert all(len(title) <= 31 for title in titles)


def test_the_command_writes_the_workbook(cast, campaign, tmp_path):
    out = tmp_path / "results.xlsx"

    call_command("monitoring", "compute", "--campaign", str(campaign.pk), "--format", "xlsx", "--out", str(out))

    assert read(out.read_bytes()).sheetnames[0] == "Трек 1"


def test_a_school_renamed_to_a_formula_stays_text_in_the_coordinators_export(cast, campaign):
    cast.school1.short_name = '=HYPERLINK("http://evil.example/","Школа № 1")'
    cast.school1.save()
    accepted(card_of(campaign, cast.school1), {"staff_total": "2", "sanatorium": "1"}, by=cast.coordinator)
    content = snapshot_workbook(actions.compute_snapshot(campaign, by=cast.coordinator), user=cast.coordinator)

    places = {row["Территория"] for row in table(read(content)["По организациям"])}

    assert '=HYPERLINK("http://evil.example/","Школа № 1")' in places
    assert formula_cells(content) == []


def test_the_time_of_the_computation_is_written_in_moscow_time(snapshot):
    snapshot.data_read_at = datetime(2024, 6, 1, 19, 5, tzinfo=UTC)
    snapshot.save(update_fields=["data_read_at"])

    notes = lines(read(snapshot_workbook(snapshot))["Трек 1"])

    assert any(line.startswith("Расчёт от 01.06.2024 22:05 ") for line in notes), notes
