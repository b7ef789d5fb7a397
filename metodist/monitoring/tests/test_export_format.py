"""The export of a snapshot of the richer catalogue (tests/catalogues/region-format.toml, the region of
test_format.py): every breakdown the results page shows, and every threshold with its own status.

Hand-computed (see test_format.py): indicator 1 «target group» is П1, П2, П5 of 5 pedagogical workers, 60 % in the
region; «Город А» 2 of 3 (66,7 %), «Город Б» 1 of 2 (50 %), «Город В» has nobody. Its thresholds in 2023/24 are
the federal minimum ≥ 20 % and the regional target ≥ 65 %.
"""

import pytest

from metodist.monitoring.export import snapshot_workbook

from .test_export import read, table
from .test_format import campaign, loaded, region, snapshot  # noqa: F401 (fixtures)

FEDERAL = "федеральный минимум: не менее 20\u00a0%"
REGIONAL = "региональная цель: не менее 65\u00a0%"


@pytest.fixture
def workbook(snapshot):  # noqa: F811 (the fixture imported from test_format)
    return read(snapshot_workbook(snapshot))


def parts(sheet, column, number="1") -> list[tuple]:
    return [
        (row[column], row["Значение"], row["Числитель"], row["Знаменатель"])
        for row in table(sheet)
        if row["№"] == number
    ]


def test_every_breakdown_of_the_results_page_has_its_sheet(workbook):
    assert workbook.sheetnames[-6:] == [
        "По типам организаций",
        "По должностям",
        "По возрастным группам",
        "По педагогическому стажу",
        "По муниципальным образованиям",
        "Цели и источники",
    ]
    # the catalogue breaks nothing down by subject: no empty sheet
    assert "По предметам" not in workbook.sheetnames


def test_breakdown_sheets_give_the_parts_of_the_region_value(workbook):
    assert parts(workbook["По типам организаций"], "Тип организации") == [
        ("Общеобразовательная организация", "60,0\u00a0%", 3, 5)
    ]
    assert parts(workbook["По должностям"], "Должность") == [("Учитель", "60,0\u00a0%", 3, 5)]
    assert parts(workbook["По возрастным группам"], "Возрастная группа") == [
        ("менее 35 лет", "100,0\u00a0%", 2, 2),
        ("35 лет и более", "33,3\u00a0%", 1, 3),
    ]
    assert parts(workbook["По педагогическому стажу"], "Педагогический стаж") == [
        ("менее 3 лет", "100,0\u00a0%", 2, 2),
        ("от 10 до 19 лет", "0,0\u00a0%", 0, 1),
        ("20 лет и более", "50,0\u00a0%", 1, 2),
    ]
    municipalities = parts(workbook["По муниципальным образованиям"], "Муниципальное образование")
    assert municipalities[:2] == [("Город А", "66,7\u00a0%", 2, 3), ("Город Б", "50,0\u00a0%", 1, 2)]
    assert municipalities[2][0] == "Город В" and municipalities[2][1].startswith("нет данных")
    assert municipalities[2][2:] == (None, None)  # «нет данных» is not a numerator of 0


def test_a_breakdown_sheet_names_the_breakdown_and_quotes_the_indicator(workbook):
    sheet = workbook["По возрастным группам"]

    row = table(sheet)[0]
    assert row["Показатель (дословно)"].startswith("доля педагогов целевой группы")
    assert "В разрезе возрастных групп" in [line[0] for line in sheet.iter_rows(max_row=8, values_only=True)]


def test_every_threshold_is_assessed_on_its_own(workbook):
    row = {row["№"]: row for row in table(workbook["1. Кадры"])}["1"]

    assert row["Целевое значение"] == f"{FEDERAL}; {REGIONAL}"
    assert row["Оценка"] == f"{FEDERAL} — достигнуто; {REGIONAL} — не достигнуто"


def test_places_are_assessed_against_every_threshold(workbook):
    rows = {row["Территория"]: row["Оценка"] for row in table(workbook["По муниципалитетам"]) if row["№"] == "1"}

    assert rows["Город А"] == f"{FEDERAL} — достигнуто; {REGIONAL} — достигнуто"  # 66,7 ≥ 65
    assert rows["Город Б"] == f"{FEDERAL} — достигнуто; {REGIONAL} — не достигнуто"  # 50 < 65
    schools = {row["Территория"]: row["Оценка"] for row in table(workbook["По организациям"]) if row["№"] == "1"}
    assert schools["Школа Б"] == f"{FEDERAL} — достигнуто; {REGIONAL} — не достигнуто"
