"""Recipient lists: message lines and .txt/.csv files into normalised, de-duplicated numbers."""

from __future__ import annotations

import pytest

from bot.recipients import (
    MAX_FILE_BYTES,
    InvalidLine,
    Recipients,
    RecipientsError,
    parse_file,
    parse_message,
)


def test_message_lines_blank_line_then_text() -> None:
    recipients, text = parse_message(
        "/bulk\n0912 123 4567\n۰۹۳۵۱۲۳۴۵۶۷\nhello\n+989121234567\n\nFirst line\n\nsecond paragraph\n"
    )
    assert recipients == Recipients(
        ("09121234567", "09351234567"), (InvalidLine(4, "hello"),), duplicates=1
    )
    assert text == "First line\n\nsecond paragraph"


def test_message_number_on_the_command_line_and_bot_suffix() -> None:
    recipients, text = parse_message("/bulk@smsbridge_bot 09121234567\r\n09351234567\r\n\r\nHi")
    assert recipients.numbers == ("09121234567", "09351234567")
    assert text == "Hi"


def test_message_without_text_or_numbers() -> None:
    recipients, text = parse_message("/bulk\n\n09121234567\n09351234567")
    assert recipients.numbers == ("09121234567", "09351234567") and text == ""
    recipients, text = parse_message("/bulk")
    assert recipients == Recipients((), (), 0) and text == ""


def test_invalid_lines_keep_their_number_and_a_short_content() -> None:
    recipients, _ = parse_message("/bulk\n021 8888 1234\n" + "x" * 100 + "\n09121234567\n\nHi")
    assert recipients.invalid == (InvalidLine(2, "021 8888 1234"), InvalidLine(3, "x" * 40))
    assert recipients.numbers == ("09121234567",)


def test_txt_one_number_a_line_any_line_ending_and_bom() -> None:
    content = "\ufeff09121234567\r\n\r\n9351234567\n\"0912-123-4567\"\nname\n".encode()
    recipients = parse_file("Numbers.TXT", content)
    assert recipients == Recipients(
        ("09121234567", "09351234567"), (InvalidLine(5, "name"),), duplicates=1
    )


@pytest.mark.parametrize("header", ["phone", "Mobile", " NUMBER ", "شماره"])
def test_csv_number_column_by_header(header: str) -> None:
    content = f"name,{header},city\nAli,09121234567,Tehran\nSara,,Shiraz\nReza,0912,Yazd\n"
    recipients = parse_file("list.csv", content.encode())
    assert recipients.numbers == ("09121234567",)
    assert recipients.invalid == (InvalidLine(3, "Sara,,Shiraz"), InvalidLine(4, "0912"))


def test_csv_semicolons_tabs_quotes_and_a_one_column_header() -> None:
    assert parse_file("a.csv", b'"id";"mobile"\n1;"09121234567"\n').numbers == ("09121234567",)
    assert parse_file("b.csv", b"x\tphone\n1\t09351234567\n").numbers == ("09351234567",)
    assert parse_file("c.csv", b"mobile\n09121234567\n").numbers == ("09121234567",)


def test_csv_without_a_known_header_reads_whole_lines() -> None:
    recipients = parse_file("list.csv", b"09121234567\nAli,09351234567\n")
    assert recipients.numbers == ("09121234567",)
    assert recipients.invalid == (InvalidLine(2, "Ali,09351234567"),)


def test_utf16_and_windows_1256_files() -> None:
    text = "شماره\n۰۹۱۲۱۲۳۴۵۶۷\n"
    assert parse_file("a.csv", text.encode("utf-16")).numbers == ("09121234567",)
    legacy = "نام,شماره\nعلي,09121234567\n".encode("cp1256")  # Arabic yeh: cp1256 has no Persian one
    assert parse_file("b.csv", legacy).numbers == ("09121234567",)


def test_empty_file() -> None:
    assert parse_file("empty.txt", b"\n \n") == Recipients((), (), 0)


def test_refused_files() -> None:
    with pytest.raises(RecipientsError) as refused:
        parse_file("list.xls", b"09121234567")
    assert refused.value.key == "bulk.bad_file"
    with pytest.raises(RecipientsError) as refused:
        parse_file("list.xlsx", b"09121234567")
    assert refused.value.key == "bulk.bad_workbook"
    with pytest.raises(RecipientsError) as refused:
        parse_file("list.txt", b"0" * (MAX_FILE_BYTES + 1))
    assert refused.value.key == "bulk.file_too_big"
    assert refused.value.values == {"limit": MAX_FILE_BYTES // 1024}
