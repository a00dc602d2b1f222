"""Recipient lists for /bulk: the lines of a message, or a .txt/.csv/.xlsx file, read into numbers.

A line (or CSV cell) holds one number, as `read_mobile` takes it, or several separated by commas
or semicolons; nothing else is split or joined. Every number is normalised and kept once, in the
order of first appearance; a line that is not made of mobile numbers is kept with its line number
so the admin can fix it. Blank lines are skipped. Pure functions: text or bytes in, a `Recipients`
or a `RecipientsError` out. A file with a header row keeps its other columns as each recipient's
fields (for placeholders).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from bot.phone import PhoneError, read_mobile
from bot.spreadsheets import SpreadsheetError, read_xlsx
from bot.text_files import NotText, decode_upload
from bot.typed import COMMAND

MAX_FILE_BYTES = 1024 * 1024
FILE_SUFFIXES = (".txt", ".csv", ".xlsx")
# A header cell naming the number column (compared case-insensitively).
NUMBER_COLUMNS = frozenset({"phone", "mobile", "number", "شماره", "موبایل", "تلفن"})
# A number Excel shows in scientific notation ("9.12123E+09"): its last digits are lost.
_SCIENTIFIC = re.compile(r"^\d+(?:[.,/٫]\d+)?[eE]\+?\d+$")
_DELIMITERS = ",;\t"
_SEPARATORS = re.compile(r"[,;،؛]")  # ASCII and Arabic comma and semicolon
_SHOWN_CONTENT = 40  # characters of an invalid line kept for the answer


class RecipientsError(ValueError):
    """The list cannot be read at all; `key` names the catalogue text, `values` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class InvalidLine:
    line: int  # 1-based, as the admin counts the lines of the message or file
    content: str


Fields = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Recipients:
    numbers: tuple[str, ...]  # normalised 09xxxxxxxxx, each once
    invalid: tuple[InvalidLine, ...]
    duplicates: int
    fields: tuple[Fields, ...] = ()  # one per number (the columns of its row), or none at all
    scientific: int = 0  # invalid lines that are numbers Excel wrote as 9.12123E+09

    def fields_of(self, index: int) -> Fields:
        return self.fields[index] if self.fields else {}


def read_lines(lines: Iterable[tuple[int, str]]) -> Recipients:
    """One candidate number per (line number, text); blank texts are skipped."""
    return read_rows((line, raw, None) for line, raw in lines)


def read_rows(rows: Iterable[tuple[int, str, Fields | None]]) -> Recipients:
    """The numbers of each (line number, text, fields of that row); the first row of a number
    keeps its fields. Fields are kept when any row has them."""
    numbers: dict[str, Fields] = {}  # ordered
    invalid: list[InvalidLine] = []
    duplicates = scientific = 0
    with_fields = False
    for line, raw, fields in rows:
        candidate = _unquoted(raw)
        if not candidate:
            continue
        found = _numbers_in(raw)
        if found is None:
            invalid.append(InvalidLine(line, raw.strip()[:_SHOWN_CONTENT]))
            scientific += bool(_SCIENTIFIC.match(candidate))
            continue
        for number in found:
            if number in numbers:
                duplicates += 1
                continue
            numbers[number] = fields or {}
            with_fields = with_fields or bool(fields)
    kept = tuple(numbers.values()) if with_fields else ()
    return Recipients(tuple(numbers), tuple(invalid), duplicates, kept, scientific)


def read_table(
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]], *, delimiter: str = ","
) -> Recipients:
    """Rows under a header naming the number column; every other named column is a field. A
    row without a number is shown whole, its cells joined by `delimiter`."""
    index = next(
        (at for at, cell in enumerate(header) if cell.strip().casefold() in NUMBER_COLUMNS), None
    )
    if index is None:
        return read_lines((line, cells[0] if cells else "") for line, cells in rows)
    names = [(at, cell.strip()) for at, cell in enumerate(header) if at != index and cell.strip()]

    def cells() -> Iterable[tuple[int, str, Fields | None]]:
        for line, row in rows:
            fields = {name: row[at].strip() if at < len(row) else "" for at, name in names}
            if index < len(row) and row[index].strip():
                yield line, row[index], fields
            elif any(cell.strip() for cell in row):
                yield line, delimiter.join(row), None  # the number cell is missing
    return read_rows(cells())


def _numbers_in(raw: str) -> list[str] | None:
    """The numbers of a line split at its commas and semicolons, or None unless every piece is one."""
    pieces = [_unquoted(piece) for piece in _SEPARATORS.split(raw)]
    try:
        return [read_mobile(piece) for piece in pieces if piece]
    except PhoneError:
        return None


def _unquoted(text: str) -> str:
    return text.strip().strip('"').strip()


def parse_message(text: str) -> tuple[Recipients, str]:
    """`/bulk`, one number a line, a blank line, then the SMS text ("" when there is none).

    A number may also follow `/bulk` on its first line. Line numbers count the lines of the
    whole message, the command's line being line 1.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    lines[0] = COMMAND.sub("", lines[0].lstrip(), count=1)
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1  # blank lines before the first number
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    recipients = read_lines((index + 1, lines[index]) for index in range(start, end))
    return recipients, "\n".join(lines[end:]).strip()


def check_upload(name: str, size: int, *, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuses, before any download, a file that is not .txt/.csv/.xlsx or larger than
    `max_bytes`."""
    if PurePath(name.lower()).suffix not in FILE_SUFFIXES:
        raise RecipientsError("bulk.bad_file")
    if size > max_bytes:
        raise RecipientsError("bulk.file_too_big", limit=max_bytes // 1024)


def parse_file(name: str, content: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> Recipients:
    """A .txt, .csv or .xlsx upload: one number a line (or row), or a column named in
    NUMBER_COLUMNS whose other columns are fields."""
    check_upload(name, len(content), max_bytes=max_bytes)
    if PurePath(name.lower()).suffix == ".xlsx":
        return _parse_workbook(content)
    try:
        text = decode_upload(content)
    except NotText:
        raise RecipientsError("upload.bad_encoding") from None
    return read_text(text)


def read_text(text: str) -> Recipients:
    """The recipients of a decoded file: one number a line, or a column named in NUMBER_COLUMNS."""
    lines = text.splitlines()
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Recipients((), (), 0)
    column = _number_column(lines[first])
    if column is None:
        return read_lines(enumerate(lines, start=1))
    return _read_column(lines, first, column)


def _number_column(header: str) -> tuple[str, int] | None:
    """(delimiter, index) of the number column when `header` is a header row naming one."""
    for delimiter in _DELIMITERS:
        if delimiter not in header:
            continue
        cells = _cells(header, delimiter)
        for index, cell in enumerate(cells):
            if cell.strip().casefold() in NUMBER_COLUMNS:
                return delimiter, index
    if header.strip().strip('"').strip().casefold() in NUMBER_COLUMNS:
        return ",", 0  # a one-column file with a header
    return None


def _read_column(lines: list[str], header: int, column: tuple[str, int]) -> Recipients:
    delimiter, _ = column
    rows = (
        (number, _cells(line, delimiter))
        for number, line in enumerate(lines[header + 1 :], start=header + 2)
    )
    return read_table(_cells(lines[header], delimiter), rows, delimiter=delimiter)


def _parse_workbook(content: bytes) -> Recipients:
    """The first sheet: a header row naming the number column, or numbers in the first column."""
    try:
        rows = read_xlsx(content).rows
    except SpreadsheetError:
        raise RecipientsError("bulk.bad_workbook") from None
    if not rows:
        return Recipients((), (), 0)
    (_, header), *rest = rows
    if any(cell.strip().casefold() in NUMBER_COLUMNS for cell in header):
        return read_table(header, rest)
    return read_table(("number",), rows)


def _cells(line: str, delimiter: str) -> list[str]:
    """The cells of one CSV line; a line csv cannot read (a cell too long) is one cell."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]
