"""Reading an exported workbook back in tests: the lines above the table, the header and the rows."""

import io
from dataclasses import dataclass

from openpyxl import load_workbook

from metodist.lib.xlsx import NUMBER_HEADER


@dataclass
class Table:
    lines: list  # the title block and the notes above the header (blank lines left out)
    headers: list  # the header row without «№ п/п»
    rows: list[list]  # the rows without their number
    numbers: list  # the «№ п/п» column

    def records(self) -> list[dict]:
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


def header_row(worksheet) -> int:
    """The header is the row printed on every page ('$6:$6')."""
    return int(worksheet.print_title_rows.split(":")[0].lstrip("$"))


def read_table(content: bytes, sheet: str | None = None) -> Table:
    workbook = load_workbook(io.BytesIO(content))
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    first = header_row(worksheet)
    values = [list(row) for row in worksheet.iter_rows(values_only=True)]
    header = values[first - 1]
    assert header[0] == NUMBER_HEADER, header
    body = values[first:]
    return Table(
        lines=[row[0] for row in values[: first - 1] if row[0] is not None],
        headers=header[1:],
        rows=[row[1:] for row in body],
        numbers=[row[0] for row in body],
    )


def formula_cells(content: bytes) -> list[str]:
    """Every cell of every sheet that a spreadsheet would compute (there should be none in an export)."""
    workbook = load_workbook(io.BytesIO(content))
    return [
        f"{worksheet.title}!{cell.coordinate}"
        for worksheet in workbook.worksheets
        for row in worksheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
