"""Excel workbooks (.xlsx) as the rows of their first sheet: bytes in, header and rows out.

openpyxl reads the sheet in read-only mode (streamed, no styles); it is imported on the first
workbook, not with this module: with what it brings along (numpy, Pillow) it would weigh on every
start and on idle memory. Cells become text the way a
person reads them: a whole number stored as a number loses no digit (`9121234567`, whose
leading 0 Excel dropped, stays `9121234567`), and an empty cell is "".
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time


class SpreadsheetError(ValueError):
    """The bytes are not a workbook openpyxl can read."""


@dataclass(frozen=True, slots=True)
class Sheet:
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (1-based row number, cells), blank rows left out


def read_xlsx(content: bytes) -> Sheet:
    """The non-blank rows of the workbook's first sheet, each cell as text."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(str(error)) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return Sheet(())
        return Sheet(tuple(_rows(sheet.iter_rows(values_only=True))))
    finally:
        workbook.close()


def _rows(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[int, tuple[str, ...]]]:
    for number, row in enumerate(rows, start=1):
        cells = tuple(cell_text(value) for value in row)
        if any(cell.strip() for cell in cells):
            yield number, cells


def cell_text(value: object) -> str:
    """A cell as text: whole floats without ".0", dates and times in ISO form, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()  # a date cell: Excel stores days as midnights
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)
