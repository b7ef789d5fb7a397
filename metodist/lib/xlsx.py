"""Writing formatted .xlsx workbooks (exports, import templates) with openpyxl."""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence] = ()
    widths: Sequence[int] = field(default_factory=tuple)
    notes: Sequence[str] = ()  # lines written above the table (e.g. the filters of an export)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One workbook, one worksheet per Sheet: bold frozen header row, autofilter, column widths."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title[:31])
        for note in sheet.notes:
            worksheet.append([note])
        header_row = len(sheet.notes) + 1
        worksheet.append(list(sheet.headers))
        for cell in worksheet[header_row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in sheet.rows:
            worksheet.append(list(row))
        for index, header in enumerate(sheet.headers, start=1):
            width = sheet.widths[index - 1] if index <= len(sheet.widths) else max(12, min(len(header) + 2, 40))
            worksheet.column_dimensions[get_column_letter(index)].width = width
        worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
        last = get_column_letter(max(len(sheet.headers), 1))
        worksheet.auto_filter.ref = f"A{header_row}:{last}{max(worksheet.max_row, header_row)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
