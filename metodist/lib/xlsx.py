"""Writing formatted .xlsx workbooks (exports, import templates) with openpyxl.

`workbook_bytes` writes plain tables (import templates: the header in the first row, as the reader expects).
`export_bytes` writes what a user sends upward: each sheet gets a title block (what, territory, filters,
who exported and when), a «№ п/п» column, and no sheet is left empty. Both give every sheet the same
print setup (A4, landscape when wide, one page wide, the header row repeated on every page), write dates as
date cells shown дд.мм.гггг, times in settings.TIME_ZONE, and never write a formula: a value such as
`=HYPERLINK(…)` stays text.
"""

import io
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
NUMBER_HEADER = "№ п/п"
NUMBER_WIDTH = 6
# Wider than this (in character widths) a table does not fit an A4 portrait page at a readable scale.
PORTRAIT_WIDTH = 100
# A spreadsheet reads a text beginning with these as a formula (or, for tab and CR, hides what follows).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TIME_ZONE_NAMES = {"Europe/Moscow": "МСК"}
NOTHING_FOUND = "Записей, удовлетворяющих отбору, нет."
LINE_HEIGHT = 15  # points per line of text in the default 11-point font
NOT_APPLICABLE = "—"  # a value that does not apply to the row (never written as 0)


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence] = ()
    widths: Sequence[int] = field(default_factory=tuple)
    notes: Sequence[str] = ()  # lines written above the table (e.g. what the sheet holds)


@dataclass(frozen=True)
class Export:
    """What an exported workbook says about itself in the title block of every sheet."""

    title: str  # «Педагогические работники на 01.12.2026»
    place: str  # the municipality (or the scope) the data are of
    filters: str  # the filters applied, in words («нет» without any)
    author: str  # the full name (or the login) of the user who exported
    at: datetime  # when (aware; written in settings.TIME_ZONE)

    @classmethod
    def by(cls, user, *, title: str, filters: str, place: str | None = None) -> "Export":
        """An export made now by `user`; the place defaults to the user's scope."""
        return cls(
            title=title,
            place=place if place is not None else user.scope_name(),
            filters=filters or "нет",
            author=user.get_full_name() or user.username,
            at=timezone.now(),
        )

    def lines(self) -> list[str]:
        local = timezone.localtime(self.at, ZoneInfo(settings.TIME_ZONE))
        return [
            self.title,
            f"Территория: {self.place}",
            f"Отбор: {self.filters}",
            f"Выгрузил(а): {self.author}, {local:%d.%m.%Y %H:%M} ({time_zone_name(local)})",
        ]


def time_zone_name(moment: datetime) -> str:
    """«МСК» for Moscow time, else the offset from UTC, e.g. «UTC+05:00»."""
    name = TIME_ZONE_NAMES.get(settings.TIME_ZONE)
    if name:
        return name
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def export_filename(kind: str, place: str, on: date) -> str:
    """«Педагоги_Городской-округ-Энск_2026-12-01.xlsx»: what, where (words joined by hyphens), the date."""
    words = re.findall(r"[\w№]+", place)
    return "_".join(part for part in (kind, "-".join(words), f"{on:%Y-%m-%d}") if part) + ".xlsx"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An attachment; a non-ASCII name goes as RFC 6266 `filename*=utf-8''…`."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One workbook, one worksheet per Sheet: bold frozen header row, autofilter, column widths."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write(workbook, sheet, above=list(sheet.notes))
    return _save(workbook)


def export_bytes(export: Export, sheets: Sequence[Sheet]) -> bytes:
    """An export: every sheet with the title block and a «№ п/п» column; sheets without rows are left out
    (if all are empty, the first stays with a line saying that nothing was found)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    filled = []
    for sheet in sheets:
        rows = list(sheet.rows)
        if rows:
            filled.append((sheet, rows))
    for sheet, rows in filled or [(sheets[0], [])]:
        widths = _widths(sheet)
        numbered = Sheet(
            title=sheet.title,
            headers=[NUMBER_HEADER, *sheet.headers],
            rows=([number, *row] for number, row in enumerate(rows, start=1)),
            widths=[NUMBER_WIDTH, *widths],
        )
        above = [*export.lines(), *sheet.notes, ""]
        worksheet = _write(workbook, numbered, above, merged=True)
        if not rows:
            _merged_line(worksheet, len(above) + 2, NOTHING_FOUND, len(numbered.headers), numbered.widths)
    return _save(workbook)


def _widths(sheet: Sheet) -> list[int]:
    return [
        sheet.widths[index] if index < len(sheet.widths) else max(12, min(len(header) + 2, 40))
        for index, header in enumerate(sheet.headers)
    ]


def _write(workbook: Workbook, sheet: Sheet, above: list[str], merged: bool = False) -> Worksheet:
    """The sheet with `above` lines over the table; `merged`: a title block, its first line bold and every
    line merged across the table so that it wraps inside the printed width."""
    worksheet = workbook.create_sheet(title=sheet.title[:31])
    widths = _widths(sheet)
    columns = max(len(sheet.headers), 1)
    for row_number, line in enumerate(above, start=1):
        if merged:
            _merged_line(worksheet, row_number, line, columns, widths, bold=row_number == 1)
        else:
            worksheet.cell(row=row_number, column=1, value=_text(line))
    header_row = len(above) + 1
    for column, header in enumerate(sheet.headers, start=1):
        cell = worksheet.cell(row=header_row, column=column, value=_text(header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
    worksheet.row_dimensions[header_row].height = LINE_HEIGHT * _lines(sheet.headers, widths, bold=True)
    # Styling a cell looks its style objects up in the workbook; a large export copies the style of the first
    # cell of each kind instead, which is most of the writing time saved.
    styles = {}
    for row_number, row in enumerate(sheet.rows, start=header_row + 1):
        for column, value in enumerate(row, start=1):
            cell = worksheet.cell(row=row_number, column=column)
            kind = _put(cell, value)
            if kind in styles:
                cell._style = copy(styles[kind])
            else:
                _style(cell, kind)
                styles[kind] = copy(cell._style)
        lines = _lines(row, widths)
        if lines > 1:
            worksheet.row_dimensions[row_number].height = LINE_HEIGHT * lines
    for column, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    last = get_column_letter(columns)
    worksheet.auto_filter.ref = f"A{header_row}:{last}{max(worksheet.max_row, header_row)}"
    _page_setup(worksheet, header_row, sum(widths))
    return worksheet


def _lines(values, widths, bold: bool = False) -> int:
    """The lines the tallest cell of a row wraps to. Spreadsheets do not all grow a row to fit wrapped text
    when they open a file (LibreOffice prints such rows one line high), so the height is written."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        text = str(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""
        room = max(int(width * (0.85 if bold else 1.0)) - 1, 1)
        if len(text) > room:
            lines = max(lines, len(textwrap.wrap(text, room)))
    return lines


def _merged_line(worksheet: Worksheet, row: int, text: str, columns: int, widths, bold: bool = False) -> None:
    cell = worksheet.cell(row=row, column=1, value=_text(text))
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True, size=13)
    if columns > 1:
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    # A merged cell does not grow with its text: the height is set for the lines the text takes.
    lines = max(1, math.ceil(len(text) * (1.3 if bold else 1.0) / max(sum(widths), 1)))
    worksheet.row_dimensions[row].height = (18 if bold else LINE_HEIGHT) * lines


def _page_setup(worksheet: Worksheet, header_row: int, width: int) -> None:
    """A4, landscape when wide, scaled to one page wide (any number of pages high), the header on every page."""
    setup = worksheet.page_setup
    setup.paperSize = worksheet.PAPERSIZE_A4
    setup.orientation = worksheet.ORIENTATION_LANDSCAPE if width > PORTRAIT_WIDTH else worksheet.ORIENTATION_PORTRAIT
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = f"{header_row}:{header_row}"
    worksheet.page_margins.left = worksheet.page_margins.right = 0.4
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.6
    worksheet.oddFooter.center.text = "Страница &P из &N"


def _text(value: str) -> str:
    """Characters a workbook cannot hold (control characters) are dropped rather than failing the export."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _put(cell, value) -> str:
    """Writes the value and answers the kind of style it needs: dates as date cells, aware times in
    settings.TIME_ZONE, yes/no in words, and text that looks like a formula kept as text ("quoted")."""
    if isinstance(value, bool):
        cell.value = "да" if value else "нет"
    elif isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
        cell.value = value
        return "datetime"
    elif isinstance(value, date):
        cell.value = value
        return "date"
    elif isinstance(value, str):
        cell.value = _text(value)
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
            return "quoted"
    else:
        cell.value = value
    return "plain"


def _style(cell, kind: str) -> None:
    """A bordered, wrapped table cell; дд.мм.гггг for a date; a quote prefix (as Excel marks '=…) for text that
    would otherwise be read as a formula when the cell is edited."""
    cell.border = BORDER
    cell.alignment = WRAP
    if kind == "date":
        cell.number_format = DATE_FORMAT
    elif kind == "datetime":
        cell.number_format = DATETIME_FORMAT
    elif kind == "quoted":
        cell.quotePrefix = True


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
