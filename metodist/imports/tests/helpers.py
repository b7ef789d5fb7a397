"""Builders of .xlsx files for the import tests: rows given as {field: value} of a format's columns."""

import io

from openpyxl import Workbook

from metodist.imports.formats import FORMATS
from metodist.imports.samples import snils_with_checksum

SNILS_1 = snils_with_checksum("301202303")
SNILS_2 = snils_with_checksum("402303404")


def xlsx(headers: list, rows: list[list], title: str = "Лист1") -> bytes:
    """A workbook whose first sheet has `headers` in row 1 and `rows` below; a str starting with «=» is a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def format_file(code: str, rows: list[dict], fields: list[str] | None = None) -> bytes:
    """A file of format `code` with the given columns (by default every column used in `rows`, in format order)."""
    columns = FORMATS[code].columns
    if fields is None:
        used = {name for row in rows for name in row}
        fields = [column.field for column in columns if column.field in used]
    headers = {column.field: column.header for column in columns}
    return xlsx([headers[name] for name in fields], [[row.get(name) for name in fields] for row in rows])


def educator(**values) -> dict:
    """A valid row of the educators format: a new teacher of mathematics at school 1 of the test cast."""
    return {
        "last_name": "Лебедева",
        "first_name": "Нина",
        "patronymic": "Олеговна",
        "birth_date": "14.05.1990",
        "snils": SNILS_1,
        "ped_work_start": "01.09.2012",
        "category": "Первая",
        "category_awarded_on": "20.03.2021",
        "level": "Высшее",
        "speciality": "Математика",
        "completed_on": 2012,
        "organization": "Школа № 1",
        "position": "Учитель",
        "rate": 1,
        "weekly_hours": 18,
        "subjects": "Математика, Алгебра",
        "start_date": "01.09.2012",
    } | values
