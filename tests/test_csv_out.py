"""The one CSV writer: every file the bot produces opens in a spreadsheet without running a formula."""

from __future__ import annotations

import csv
import io

import pytest

from bot.csv_out import CsvParts, csv_bytes, safe_cell
from tests.fixtures_bot import ADMIN, RunningBot

ATTACKS = [
    "=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1)", "\t=1", "\r=1",
]


def _table(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_formula_gets_a_leading_apostrophe(attack: str) -> None:
    assert safe_cell(attack) == "'" + attack


@pytest.mark.parametrize("cell", ["-22", "-3", "-1.5", "09121234567", "سلام", "a=b", 5, None])
def test_numbers_codes_and_plain_text_stay_as_they_are(cell: object) -> None:
    assert safe_cell(cell) == cell


def test_csv_bytes_escapes_every_cell_and_starts_with_the_header() -> None:
    content = csv_bytes(["number", "text"], [["09121234567", attack] for attack in ATTACKS])
    header, *rows = _table(content)
    assert header == ["number", "text"]
    assert [row[1] for row in rows] == ["'" + attack for attack in ATTACKS]


def test_parts_escape_every_cell_of_every_file() -> None:
    parts = CsvParts(["text"], limit=200)
    try:
        for attack in ATTACKS * 10:
            parts.write([attack])
        files = parts.finish("out")
        tables = [_table(part.file.read()) for part in files]
    finally:
        parts.close()
    assert len(files) > 1 and all(table[0] == ["text"] for table in tables)
    cells = [row[0] for table in tables for row in table[1:]]
    assert cells == ["'" + attack for attack in ATTACKS * 10]


async def test_the_failures_file_neutralises_a_formula_from_the_gateway(
    running_bot: RunningBot,
) -> None:
    attack = "-2+3+cmd|' /C calc'!A0"
    running_bot.simulator.faults.answer_next(attack, operation="SendSMSWithID")
    update = running_bot.telegram.send_text(ADMIN, "/bulk\n09120000001\n09120000002\n\nHi")
    confirmation = await running_bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)
    running_bot.telegram.press_button(ADMIN, confirmation, "bulk:send:1")
    # the failures file, then the results file (issue 14): both neutralise the formula
    calls = await running_bot.telegram.wait_for_call("sendDocument", count=2, timeout=15)
    [content] = [c.files["campaign-1-failures.csv"] for c in calls if "campaign-1-failures.csv" in c.files]
    cells = [cell for row in _table(content)[1:] for cell in row]
    assert "'" + attack in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
