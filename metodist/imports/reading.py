"""Reading an uploaded file into a table of raw cell values, refusing anything that is not a sound .xlsx workbook.

The checks look at the content, not only the name: an .xlsx is a zip archive holding xl/workbook.xml.
A formula or an Excel error in a cell is kept as a marker, so that the row check can name the cell.
"""

import io
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from openpyxl import load_workbook

from .cells import as_text

MAX_ROWS = 20_000  # rows with data; a municipality has a few thousand educators, a region about 50 000
MAX_COLUMNS = 100
EXCEL_MAX_ROWS = 1_048_576  # a row number above this can only come from a crafted file
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # a zip bomb is refused before it is unpacked
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls of Excel 97–2003, and any password-protected workbook
RESAVE = "откройте его в Excel и сохраните как «Книга Excel (*.xlsx)»"


class FileRejected(Exception):
    """A file that cannot be imported at all; the message is shown to the user as is."""


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass(frozen=True)
class ExcelError:
    code: str


@dataclass
class Table:
    headers: dict[int, str]  # column index (0-based) -> header as written
    rows: list[tuple[int, list]]  # (row number as in Excel, cell values), only rows with data


def check_upload(name: str, content: bytes) -> None:
    """The checks that need no parsing: size, name, and whether the bytes are a zip archive of a workbook."""
    check_size(len(content))
    if content.startswith(OLE_MAGIC):
        raise FileRejected(f"Файл в старом формате .xls (Excel 97–2003) или защищён паролем: {RESAVE} без пароля.")
    if not name.lower().endswith(".xlsx") or not content.startswith(ZIP_MAGIC):
        raise FileRejected(f"Файл должен быть книгой Excel в формате .xlsx; если он в другом формате, {RESAVE}.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if "xl/workbook.xml" not in {member.filename for member in members}:
                raise FileRejected(f"Файл — архив, но не книга Excel .xlsx; {RESAVE}.")
            if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
                raise FileRejected("Файл слишком большой в распакованном виде; разделите его на несколько файлов.")
            if archive.testzip() is not None:
                raise FileRejected(_corrupt())
    except FileRejected:
        raise
    except Exception:  # zipfile and zlib raise many kinds of errors on damaged archives; all mean «corrupt»
        raise FileRejected(_corrupt()) from None


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_BYTES
    if not size:
        raise FileRejected("Файл пустой.")
    if size > limit:
        raise FileRejected(
            f"Файл слишком большой: {_megabytes(size)} МБ, допускается не больше {_megabytes(limit)} МБ. "
            "Разделите его на несколько файлов."
        )


def read_table(content: bytes) -> Table:
    """The first worksheet: its first row is the header, every following non-empty row is data."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it skips; they do not matter here
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
            try:
                return _table(workbook)
            finally:
                workbook.close()
    except FileRejected:
        raise
    except Exception:  # openpyxl raises a zoo of exceptions on malformed parts; all mean the same to the user
        raise FileRejected(_corrupt()) from None


def _table(workbook) -> Table:
    if not workbook.worksheets:
        raise FileRejected("В книге нет ни одного листа с таблицей.")
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the stored size may be wrong; read what is really there
    headers: dict[int, str] = {}
    rows: list[tuple[int, list]] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > EXCEL_MAX_ROWS:
            raise FileRejected(_corrupt())
        values = [_value(cell) for cell in cells[:MAX_COLUMNS]]
        if number == 1:
            headers = {index: as_text(value) for index, value in enumerate(values) if value is not None}
            if not headers:
                raise FileRejected(
                    "Первая строка первого листа пуста: в ней должны быть заголовки столбцов, как в шаблоне."
                )
        elif any(value is not None for value in values):
            rows.append((number, values))
            if len(rows) > MAX_ROWS:
                raise FileRejected(
                    f"В файле больше {_thousands(MAX_ROWS)} строк с данными; разделите его на несколько файлов."
                )
    if not headers:
        raise FileRejected("Лист пуст: нет ни заголовков, ни данных.")
    if not rows:
        raise FileRejected("В файле нет строк с данными: под строкой заголовков ничего не заполнено.")
    return Table(headers=headers, rows=rows)


def _value(cell):
    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", None)
    if value is None:
        return None
    if kind == "f":
        return Formula(str(value))
    if kind == "e":
        return ExcelError(str(value))
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u00a0")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _corrupt() -> str:
    return f"Файл повреждён или сохранён несовместимой программой: {RESAVE} ещё раз."
