"""Builders for the diagnostics module's tests and benchmark: valid SNILS numbers and results workbooks."""

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook


def snils_of(number: int) -> str:
    """A valid SNILS (checksum included) made of a nine-digit `number` above 001-001-998."""
    digits = f"{number:09d}"
    total = sum(int(d) * w for d, w in zip(digits, range(9, 0, -1), strict=True))
    if total > 101:
        total %= 101
    return digits + f"{0 if total in (100, 101) else total:02d}"


def workbook(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """An .xlsx of one sheet: the header row, then `rows` (written in write-only mode: fast for big files)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Результаты")
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
