"""Refusing files that cannot be imported, with a clear message, and never a server error."""

import io
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metodist.imports import reading
from metodist.imports.formats import FORMATS
from metodist.imports.reading import FileRejected, check_upload, read_table

from .helpers import educator, format_file, xlsx

RESAVE = "откройте его в Excel и сохраните как «Книга Excel (*.xlsx)»"
CORRUPT = f"Файл повреждён или сохранён несовместимой программой: {RESAVE} ещё раз."
# Built once: a workbook carries its creation time, and hypothesis needs the same input on every replay.
GOOD = xlsx(["Фамилия", "Дата рождения"], [["Лебедева", "14.05.1990"]] * 3)


def rejection(name: str, content: bytes) -> str:
    with pytest.raises(FileRejected) as rejected:
        check_upload(name, content)
        read_table(content)
    return str(rejected.value)


def test_a_good_file_is_read_as_header_and_data_rows():
    content = xlsx(["Фамилия", "Имя"], [["Лебедева", "Нина"], [None, None], ["Орлов", " Пётр "]])

    check_upload("педагоги.xlsx", content)
    table = read_table(content)

    assert table.headers == {0: "Фамилия", 1: "Имя"}
    assert table.rows == [(2, ["Лебедева", "Нина"]), (4, ["Орлов", "Пётр"])]


def test_an_empty_file_is_refused():
    assert rejection("педагоги.xlsx", b"") == "Файл пустой."


def test_a_file_larger_than_the_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024

    message = rejection("педагоги.xlsx", b"PK\x03\x04" + b"0" * (3 * 1024 * 1024))

    assert message == "Файл слишком большой: 3,0 МБ, допускается не больше 1,0 МБ. Разделите его на несколько файлов."


def test_a_file_with_another_extension_is_refused_even_if_it_is_an_xlsx_inside():
    message = rejection("педагоги.csv", xlsx(["Фамилия"], [["Лебедева"]]))

    assert message == f"Файл должен быть книгой Excel в формате .xlsx; если он в другом формате, {RESAVE}."


def test_a_text_file_named_xlsx_is_refused_by_its_content():
    message = rejection("педагоги.xlsx", "Фамилия;Имя\nЛебедева;Нина\n".encode())

    assert message == f"Файл должен быть книгой Excel в формате .xlsx; если он в другом формате, {RESAVE}."


def test_an_old_xls_or_password_protected_workbook_is_refused_with_advice():
    message = rejection("педагоги.xlsx", reading.OLE_MAGIC + b"\x00" * 600)

    assert message == f"Файл в старом формате .xls (Excel 97–2003) или защищён паролем: {RESAVE} без пароля."


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "не книга")

    message = rejection("педагоги.xlsx", buffer.getvalue())

    assert message == f"Файл — архив, но не книга Excel .xlsx; {RESAVE}."


def test_a_truncated_workbook_is_refused_as_corrupt():
    content = xlsx(["Фамилия"], [["Лебедева"]])

    assert rejection("педагоги.xlsx", content[: len(content) // 2]) == CORRUPT


def test_a_workbook_with_a_broken_sheet_is_refused_as_corrupt():
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(xlsx(["Фамилия"], [["Лебедева"]])))
    with source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<worksheet><sheetData><row" if "worksheets/" in item.filename else data)

    assert rejection("педагоги.xlsx", buffer.getvalue()) == CORRUPT


def test_a_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNCOMPRESSED_BYTES", 1000)

    message = rejection("педагоги.xlsx", xlsx(["Фамилия"], [["Лебедева"]] * 50))

    assert message == "Файл слишком большой в распакованном виде; разделите его на несколько файлов."


def test_a_sheet_without_headers_is_refused():
    message = rejection("педагоги.xlsx", xlsx([], [[None], ["Лебедева"]]))

    assert message == "Первая строка первого листа пуста: в ней должны быть заголовки столбцов, как в шаблоне."


def test_a_sheet_without_data_rows_is_refused():
    message = rejection("педагоги.xlsx", xlsx(["Фамилия", "Имя"], [[None, None]]))

    assert message == "В файле нет строк с данными: под строкой заголовков ничего не заполнено."


def test_more_rows_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)

    message = rejection("педагоги.xlsx", xlsx(["Фамилия"], [["Лебедева"]] * 4))

    assert message == "В файле больше 3 строк с данными; разделите его на несколько файлов."


def test_the_row_limit_is_written_with_a_thousands_separator():
    assert reading._thousands(reading.MAX_ROWS) == "20\u00a0000"


def test_formulas_and_excel_errors_are_kept_as_markers_for_the_row_check():
    content = xlsx(["Ставка", "Нагрузка"], [["=1/2", "#N/A"]])

    table = read_table(content)

    assert table.rows[0][1][0] == reading.Formula("=1/2")
    assert table.rows[0][1][1] == reading.ExcelError("#N/A")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise_anything_but_a_refusal(content):
    try:
        check_upload("случайный.xlsx", content)
        read_table(content)
    except FileRejected:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutilated_workbooks_never_raise_anything_but_a_refusal(data):
    content = bytearray(GOOD)
    for _ in range(data.draw(st.integers(0, 8))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(content)))

    try:
        check_upload("битый.xlsx", bytes(content[:cut]))
        read_table(bytes(content[:cut]))
    except FileRejected:
        pass


def test_the_dry_run_of_random_and_truncated_files_never_raises(cast, context_of):
    fmt = FORMATS["educators"]
    good = format_file("educators", [educator()])
    chance = random.Random(20250115)
    samples = [bytes(chance.getrandbits(8) for _ in range(chance.randint(0, 3000))) for _ in range(30)]
    samples += [good[:cut] for cut in range(0, len(good), max(len(good) // 60, 1))]
    for _ in range(60):
        damaged = bytearray(good)
        for _ in range(chance.randint(1, 6)):
            damaged[chance.randrange(len(damaged))] = chance.getrandbits(8)
        samples.append(bytes(damaged))

    for content in samples:
        plan = fmt.plan(content, context_of(cast.methodologist))

        assert plan.ok or plan.problems
