"""Recipient files as people have them: .xlsx workbooks, Excel's numbers, and fields per row."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from bot.recipients import InvalidLine, RecipientsError, parse_file
from bot.spreadsheets import read_xlsx


def _workbook(*sheets: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    for index, rows in enumerate(sheets):
        sheet = first if index == 0 else book.create_sheet()
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_first_sheet_with_excel_numbers_and_fields() -> None:
    content = _workbook(
        [["Name", "Mobile", "Visit"], ["Ali", 9121234567, date(2026, 12, 1)],
         [None, None, None], ["Sara", 9351234567.0, None], ["Bad", "9.12123E+09", None]],
        [["phone"], ["09150000000"]],  # a second sheet is not read
    )
    recipients = parse_file("list.xlsx", content)
    assert recipients.numbers == ("09121234567", "09351234567")
    assert recipients.fields == (
        {"Name": "Ali", "Visit": "2026-12-01"}, {"Name": "Sara", "Visit": ""},
    )
    assert recipients.invalid == (InvalidLine(5, "9.12123E+09"),)
    assert recipients.scientific == 1


def test_a_sheet_without_a_header_is_numbers_in_the_first_column() -> None:
    recipients = parse_file("x.xlsx", _workbook([[9121234567], ["0935 123 4567"], ["nope"]]))
    assert recipients.numbers == ("09121234567", "09351234567")
    assert recipients.invalid == (InvalidLine(3, "nope"),) and recipients.fields == ()


def test_persian_headers_and_a_csv_with_fields() -> None:
    content = "نام;موبایل\nعلی;09121234567\nسارا;09121234567\n".encode()
    recipients = parse_file("a.csv", content)
    assert recipients.numbers == ("09121234567",) and recipients.duplicates == 1
    assert recipients.fields == ({"نام": "علی"},)  # the first row of a number keeps its fields
    assert parse_file("b.csv", "تلفن\n9121234567\n".encode()).numbers == ("09121234567",)


def test_scientific_numbers_in_a_csv_are_refused_and_counted() -> None:
    recipients = parse_file("c.csv", b"mobile\n9.12123E+09\n9.12e+9\n09121234567\n")
    assert recipients.numbers == ("09121234567",) and recipients.scientific == 2


def test_an_empty_or_broken_workbook() -> None:
    assert read_xlsx(_workbook([])).rows == ()
    assert parse_file("e.xlsx", _workbook([])).numbers == ()
    with pytest.raises(RecipientsError) as refused:
        parse_file("f.xlsx", b"PK\x03\x04 not really a zip")
    assert refused.value.key == "bulk.bad_workbook"
