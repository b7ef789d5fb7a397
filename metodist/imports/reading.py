"""Reading an uploaded file into a table of raw cell values, refusing anything that is not a sound .xlsx workbook.

The checks look at the content, not only the name: an .xlsx is a zip archive holding xl/workbook.xml.
A formula or an Excel error in a cell is kept as a marker, so that the row check can name the cell.

Every row streamed costs time, empty or not, and a small file can hold a million empty rows (they compress to
nothing). So the rows are counted while streaming: data rows up to MAX_ROWS, empty rows between them up to
MAX_ROWS too, and the sheet ends after EMPTY_RUN empty rows in a row; the rest is not read at all.
"""

import io
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from openpyxl import load_workbook

from .cells import as_text

MAX_ROWS = 20_000  # rows with data; a municipality has a few thousand educators, a region about 50 000
MAX_COLUMNS = 100
EXCEL_MAX_ROWS = 1_048_576  # a row number above this can only come from a crafted file
EMPTY_RUN = 1_000  # empty rows in a row that end the sheet: formatting left below the data, or a crafted file
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
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """What is stored on the batch, so that the file is parsed once (ImportBatch.table)."""
        return {
            "headers": [[index, header] for index, header in self.headers.items()],
            "rows": [[number, [_cell_json(value) for value in values]] for number, values in self.rows],
            "warnings": self.warnings,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Table":
        return cls(
            headers=dict(data["headers"]),  # JSON object keys are strings: the pairs keep the int indexes
            rows=[(number, [_cell_value(value) for value in values]) for number, values in data["rows"]],
            warnings=list(data["warnings"]),
        )


# A cell value that JSON cannot hold as is, by its tag; strings, numbers, booleans and empty cells are kept as is.
CELL_TYPES = {
    "datetime": (datetime, datetime.isoformat, datetime.fromisoformat),
    "date": (date, date.isoformat, date.fromisoformat),
    "time": (time, time.isoformat, time.fromisoformat),
    "timedelta": (timedelta, timedelta.total_seconds, lambda seconds: timedelta(seconds=seconds)),
    "formula": (Formula, lambda value: value.text, Formula),
    "error": (ExcelError, lambda value: value.code, ExcelError),
}


def _cell_json(value):
    for tag, (kind, dump, _) in CELL_TYPES.items():  # datetime before date: a datetime is a date too
        if isinstance(value, kind):
            return {tag: dump(value)}
    return value


def _cell_value(value):
    if isinstance(value, dict):
        ((tag, text),) = value.items()
        return CELL_TYPES[tag][2](text)
    return value


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


def read_table(content: bytes, progress=None) -> Table:
    """The first worksheet: its first row is the header, every following non-empty row is data.

    `progress(rows read, None, unit)` is called every PROGRESS_EVERY rows, for the job that reads the file.
    """
    return _with_workbook(content, lambda sheet: _table(sheet, progress))


def read_headers(content: bytes) -> dict[int, str]:
    """The header row alone: what the upload form checks before the file is stored (the rows are read once, later)."""
    return _with_workbook(content, lambda sheet: _headers(next(_rows(sheet), (1, ()))[1]))


PROGRESS_EVERY = 500


def _with_workbook(content: bytes, read):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it skips; they do not matter here
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
            try:
                if not workbook.worksheets:
                    raise FileRejected("В книге нет ни одного листа с таблицей.")
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # the stored size may be wrong; read what is really there
                return read(sheet)
            finally:
                workbook.close()
    except FileRejected:
        raise
    except Exception:  # openpyxl raises a zoo of exceptions on malformed parts; all mean the same to the user
        raise FileRejected(_corrupt()) from None


def _rows(sheet):
    """(row number, cell values) of every row, empty ones included, as openpyxl streams them."""
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > EXCEL_MAX_ROWS:
            raise FileRejected(_corrupt())
        yield number, [_value(cell) for cell in cells[:MAX_COLUMNS]]


def _headers(values) -> dict[int, str]:
    headers = {index: as_text(value) for index, value in enumerate(values) if value is not None}
    if not headers:
        raise FileRejected("Первая строка первого листа пуста: в ней должны быть заголовки столбцов, как в шаблоне.")
    return headers


def _table(sheet, progress) -> Table:
    stream = _rows(sheet)
    first = next(stream, None)
    if first is None:
        raise FileRejected("Лист пуст: нет ни заголовков, ни данных.")
    headers = _headers(first[1])
    rows: list[tuple[int, list]] = []
    table = Table(headers=headers, rows=rows)
    empty_between = run = 0  # empty rows followed by data; empty rows since the last data row
    for number, values in stream:
        if progress and number % PROGRESS_EVERY == 0:
            progress(number, None, "Прочитано строк")
        if all(value is None for value in values):
            run += 1
            if run >= EMPTY_RUN:
                if next(stream, None) is not None:
                    table.warnings.append(_not_read_below(rows[-1][0] if rows else 1))
                break
            continue
        empty_between, run = empty_between + run, 0
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise FileRejected(
                f"В файле больше {_thousands(MAX_ROWS)} строк с данными; разделите его на несколько файлов."
            )
        if empty_between > MAX_ROWS:
            raise FileRejected(
                f"Между строками с данными больше {_thousands(MAX_ROWS)} пустых строк; удалите пустые строки и "
                "загрузите файл снова."
            )
    if not rows:
        raise FileRejected("В файле нет строк с данными: под строкой заголовков ничего не заполнено.")
    return table


def _not_read_below(number: int) -> str:
    return (
        f"Лист прочитан до строки {number}: за ней {_thousands(EMPTY_RUN)} пустых строк подряд, строки ниже не "
        "проверялись. Если ниже есть данные, удалите пустые строки и загрузите файл снова."
    )


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
