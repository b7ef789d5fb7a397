"""Empty rows cost nothing: a small file with a million of them is read in a moment, and a sheet is not read on
past a long run of empty rows. Files are built as raw sheet XML, as a generator of such files would write them."""

import io
import time
import zipfile

import pytest

from metodist.imports import reading
from metodist.imports.reading import FileRejected, read_table

from .helpers import xlsx


def with_rows(rows_xml: str) -> bytes:
    """A one-column workbook «Фамилия» / «Иванова» followed by `rows_xml` inside its sheetData."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(["Фамилия"], [["Иванова"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", rows_xml.encode() + b"</sheetData>")
            archive.writestr(info.filename, data)
    return out.getvalue()


def empty_rows(count: int) -> str:
    return ("<row>" + '<c t="s"/>' * 4 + "</row>") * count


def data_row(number: int, text: str) -> str:
    return f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def test_a_small_file_with_a_million_empty_rows_is_read_in_a_moment():
    content = with_rows(empty_rows(1_000_000))
    assert len(content) < 200 * 1024

    started = time.monotonic()
    table = read_table(content)
    elapsed = time.monotonic() - started

    assert [number for number, _ in table.rows] == [2]
    assert table.warnings[0].startswith("Лист прочитан до строки 2: за ней 1\u00a0000 пустых строк подряд")
    assert elapsed < 3  # 13–25 s when every empty row was parsed


def test_trailing_empty_rows_do_not_count_and_end_the_sheet_quietly():
    table = read_table(with_rows(empty_rows(reading.EMPTY_RUN - 1)))

    assert [number for number, _ in table.rows] == [2]
    assert table.warnings == []


def test_rows_after_a_long_run_of_empty_rows_are_not_read_and_the_user_is_told():
    after = 3 + reading.EMPTY_RUN
    table = read_table(with_rows(data_row(after, "Петрова")))

    assert [number for number, _ in table.rows] == [2]
    assert table.warnings == [
        "Лист прочитан до строки 2: за ней 1\u00a0000 пустых строк подряд, строки ниже не проверялись. "
        "Если ниже есть данные, удалите пустые строки и загрузите файл снова."
    ]


def test_empty_rows_between_data_rows_count_towards_a_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)  # rows 3–6 are empty: four of them between rows 2 and 7

    with pytest.raises(FileRejected) as refused:
        read_table(with_rows(data_row(7, "Петрова")))

    assert str(refused.value) == (
        "Между строками с данными больше 3 пустых строк; удалите пустые строки и загрузите файл снова."
    )
