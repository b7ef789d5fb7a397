"""The workbook writer: what every export gets by construction."""

import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from metodist.lib.xlsx import (
    NOTHING_FOUND,
    Export,
    Sheet,
    export_bytes,
    export_filename,
    workbook_bytes,
    xlsx_response,
)
from metodist.testing.xlsx import read_table

EXPORT = Export(
    title="Педагогические работники на 01.12.2026",
    place="Городской округ Энск",
    filters="Молодой педагог",
    author="Иванова Мария Петровна",
    at=datetime(2026, 12, 1, 19, 5, tzinfo=UTC),
)
WIDE = [f"Столбец {number}" for number in range(1, 13)]


def load(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_title_block_names_what_where_which_filters_who_and_when_in_moscow_time():
    table = read_table(export_bytes(EXPORT, [Sheet("Педагоги", ["ФИО"], [["Смирнова"]], notes=["Педагогов: 1."])]))

    assert table.lines == [
        "Педагогические работники на 01.12.2026",
        "Территория: Городской округ Энск",
        "Отбор: Молодой педагог",
        "Выгрузил(а): Иванова Мария Петровна, 01.12.2026 22:05 (МСК)",  # 19:05 UTC is 22:05 in Moscow
        "Педагогов: 1.",
    ]


def test_times_follow_the_configured_time_zone(settings):
    settings.TIME_ZONE = "Asia/Yekaterinburg"

    assert EXPORT.lines()[3] == "Выгрузил(а): Иванова Мария Петровна, 02.12.2026 00:05 (UTC+05:00)"


def test_rows_are_numbered():
    table = read_table(export_bytes(EXPORT, [Sheet("Педагоги", ["ФИО"], [["Б"], ["А"], ["В"]])]))

    assert (table.numbers, table.rows) == ([1, 2, 3], [["Б"], ["А"], ["В"]])


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/","Школа № 1")',
        "+7 (343) 123-45-67",
        "-1+1",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_that_looks_like_a_formula_stays_text(text):
    content = export_bytes(EXPORT, [Sheet("Организации", ["Наименование"], [[text]])])

    cell = load(content).active.cell(row=7, column=2)
    assert (cell.value.lstrip(), cell.data_type, cell.quotePrefix) == (text.lstrip(), "s", True)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # no formula anywhere


def test_control_characters_are_dropped_instead_of_failing():
    table = read_table(export_bytes(EXPORT, [Sheet("Организации", ["Наименование"], [["Школа\x07 № 1"]])]))

    assert table.rows == [["Школа № 1"]]


def test_dates_are_date_cells_and_times_are_moscow_time():
    content = export_bytes(
        EXPORT,
        [Sheet("Даты", ["Дата", "Время", "Да/нет", "Ставка"], [[date(2026, 3, 8), EXPORT.at, True, Decimal("0.5")]])],
    )

    worksheet = load(content).active
    born, moment, yes, rate = worksheet[7][1:]
    assert (born.value, born.number_format) == (datetime(2026, 3, 8), "DD.MM.YYYY")
    assert (moment.value, moment.number_format) == (datetime(2026, 12, 1, 22, 5), "DD.MM.YYYY HH:MM")
    assert (yes.value, rate.value) == ("да", 0.5)


def test_a_wide_table_prints_landscape_one_page_wide_with_the_header_on_every_page():
    worksheet = load(export_bytes(EXPORT, [Sheet("Широкая", WIDE, [["x"] * 12], widths=[20] * 12)])).active

    setup = worksheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert worksheet.sheet_properties.pageSetUpPr.fitToPage
    assert worksheet.print_title_rows == "$6:$6"
    assert worksheet.freeze_panes == "A7"


def test_a_narrow_table_prints_portrait():
    worksheet = load(export_bytes(EXPORT, [Sheet("Узкая", ["ФИО", "Школа"], [["x", "y"]], widths=[30, 30])])).active

    assert worksheet.page_setup.orientation == "portrait"


def test_sheets_without_rows_are_left_out():
    content = export_bytes(EXPORT, [Sheet("Есть", ["А"], [["1"]]), Sheet("Пусто", ["Б"], [])])

    assert load(content).sheetnames == ["Есть"]


def test_an_export_with_nothing_found_says_so_on_its_one_sheet():
    content = export_bytes(EXPORT, [Sheet("Педагоги", ["ФИО"], []), Sheet("Пусто", ["Б"], [])])

    workbook = load(content)
    assert workbook.sheetnames == ["Педагоги"]
    assert read_table(content).rows == [[None]]  # the header, then one line merged across the table
    assert workbook.active["A7"].value == NOTHING_FOUND


def test_a_template_keeps_its_header_in_the_first_row_and_its_empty_sheet():
    workbook = load(workbook_bytes([Sheet("Педагоги", ["ФИО *", "СНИЛС"]), Sheet("Справочники", ["Должности"])]))

    assert workbook.sheetnames == ["Педагоги", "Справочники"]
    assert [cell.value for cell in workbook.active[1]] == ["ФИО *", "СНИЛС"]


@pytest.mark.parametrize(
    ("kind", "place", "expected"),
    [
        ("Педагоги", "Городской округ Энск", "Педагоги_Городской-округ-Энск_2026-12-01.xlsx"),
        ("Организации", "Город N, Школа № 1", "Организации_Город-N-Школа-№-1_2026-12-01.xlsx"),
        ("Педагоги", "МАДОУ «Детский сад: Ёлочка»/2", "Педагоги_МАДОУ-Детский-сад-Ёлочка-2_2026-12-01.xlsx"),
    ],
)
def test_file_names_read_what_where_and_when(kind, place, expected):
    assert export_filename(kind, place, date(2026, 12, 1)) == expected


def test_response_gives_the_utf8_file_name():
    response = xlsx_response(b"PK", "Педагоги_Энск_2026-12-01.xlsx")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%9F%D0%B5%D0%B4%D0%B0%D0%B3%D0%BE%D0%B3%D0%B8_"
        "%D0%AD%D0%BD%D1%81%D0%BA_2026-12-01.xlsx"
    )
