"""/history filters, /export and /stats end to end, and the calendar arithmetic of Reports.stats."""

from __future__ import annotations

import csv
import html
import io
import re
import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from bot.calendars import to_persian_digits
from bot.i18n import STATE_KEYS, Texts, fa
from bot.service.reports import EXPORT_FILE_BYTES, Reports
from bot.simulator import Simulator
from bot.states import MessageState
from bot.telegram.parsing import parse_history
from bot.telegram.reports import export_words
from storage import Database, SendStatus
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings
from tests.fixtures_storage import new_message

TEHRAN = ZoneInfo("Asia/Tehran")
HEADER = [
    "id", "created (Asia/Tehran)", "created jalali (Asia/Tehran)", "recipient", "status",
    "delivery code", "delivery state", "gateway code", "smsid", "parts", "flash", "campaign",
    "scheduled (Asia/Tehran)", "text",
]
# One recipient per state, so a listing shows which messages a filter kept.
DELIVERED, UNDELIVERED, EXPIRED = "09120000001", "09120000002", "09120000003"
PENDING = "09120000004"
FAILED, UNKNOWN, SCHEDULED = "09120000005", "09120000006", "09120000007"
QUEUED, CANCELLED = "09120000008", "09120000009"
EVERYONE = (DELIVERED, UNDELIVERED, EXPIRED, PENDING, FAILED, UNKNOWN, SCHEDULED, QUEUED, CANCELLED)


async def _send_with_state(bot: RunningBot, number: str, code: str, text: str = "hi") -> None:
    """Send to `number`; the simulated operator then answers `code` for it."""
    await bot.command(f"/send {number} {text}")
    bot.simulator.force_state(str(bot.simulator.sent[-1].smsid), code)


def _reports_in(bot: RunningBot) -> int:
    return sum("📬" in m.get("text", "") for m in bot.telegram.messages_in(ADMIN))


async def _wait_reports(bot: RunningBot, count: int) -> None:
    await bot.telegram.wait_for(lambda: _reports_in(bot) >= count, timeout=10)


async def _add_campaign_rows(bot: RunningBot) -> None:
    """A queued message and a cancelled one, written beside the running bot like /bulk would."""
    db = await Database.open(bot.settings.database_path)
    try:
        fields: dict[str, Any] = dict(
            user_id=ADMIN, chat_id=ADMIN, text="bulk", flash=False, parts=1, invalid=0,
            duplicates=0, transport="soap", now=datetime.now().timestamp(),
        )
        await db.campaigns.create(recipients=[QUEUED], **fields)
        cancelled = await db.campaigns.create(recipients=[CANCELLED], **fields)
        await db.messages.cancel_queued(cancelled, now=datetime.now().timestamp())
    finally:
        await db.close()


@pytest.fixture
async def every_state(running_bot: RunningBot) -> RunningBot:
    """A message in each state: delivery outcomes, pending, failed, unknown, untracked, bulk."""
    bot = running_bot
    bot.simulator.faults.close_next(after_processing=True)  # first: no delivery check takes it
    await bot.command(f"/send {UNKNOWN} hi", timeout=10)
    await _send_with_state(bot, DELIVERED, "5")
    await _send_with_state(bot, UNDELIVERED, "6")
    await _send_with_state(bot, EXPIRED, "7")
    await bot.command(f"/send {PENDING} hi")  # the simulator's clock stands still: stays 8
    bot.simulator.faults.answer_next("-22", operation="SendSMSWithID")
    await bot.command(f"/send {FAILED} hi")
    await bot.command(f"/schedule +2h {SCHEDULED} later")
    await _add_campaign_rows(bot)
    await _wait_reports(bot, 3)
    return bot


def _listed(reply: str) -> set[str]:
    return {number for number in EVERYONE if number in reply}


# /history arguments and the recipients whose messages they should list.
STATE_FILTERS: list[tuple[str, set[str]]] = [
    ("delivered", {DELIVERED}),
    ("undelivered", {UNDELIVERED}),
    ("expired", {EXPIRED}),
    ("pending", {PENDING}),
    ("sent", {DELIVERED, UNDELIVERED, EXPIRED, PENDING}),  # the send status
    ("scheduled", {SCHEDULED}),  # held by the bot: not sent yet
    ("زمان‌بندی‌شده", {SCHEDULED}),
    ("failed", {FAILED}),
    ("unknown", {UNKNOWN}),
    ("queued", {QUEUED}),
    ("cancelled", {CANCELLED}),
    ("DELIVERED", {DELIVERED}),
    ("تحویل‌شده", {DELIVERED}),
    ("تحويلشده", {DELIVERED}),  # Arabic yeh, no joiner
    ("نرسیده", {UNDELIVERED}),
    ("ناموفق", {FAILED}),
    (f"{DELIVERED} delivered", {DELIVERED}),
    (f"50 {UNDELIVERED} sent", {UNDELIVERED}),
    (f"{UNDELIVERED} delivered", set()),
    ("", set(EVERYONE)),
]


async def test_history_filters_by_state(every_state: RunningBot) -> None:
    # One bot with a message in every state serves all cases: setting it up is the slow part.
    for words, expected in STATE_FILTERS:
        reply = await every_state.command(f"/history 20 {words}".rstrip())
        assert _listed(reply) == expected, words
        if not expected:
            assert reply == "No messages match."


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("Delivered", MessageState.DELIVERED),
        ("not-delivered", MessageState.UNDELIVERED),
        ("canceled", MessageState.CANCELLED),
        ("\u2067تحویل\u200cشده\u2069", MessageState.DELIVERED),  # pasted inside bidi isolates
        ("منقضی‌شده", MessageState.EXPIRED),
        ("در‌انتظار", MessageState.PENDING),
        ("لغوشده", MessageState.CANCELLED),
    ],
)
def test_state_words_in_either_language(word: str, state: MessageState) -> None:
    query = parse_history(f"5 {word} ۰۹۱۲۰۰۰۰۰۰۱", zone=TEHRAN)
    assert (query.limit, query.state, query.recipient) == (5, state, DELIVERED)


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("state", list(MessageState))
def test_history_takes_the_very_state_word_it_shows(state: MessageState, language: str) -> None:
    shown = Texts(language, TEHRAN).plain(STATE_KEYS[state])  # "outcome unknown", "در صف"
    query = parse_history(f"5 {shown} 09120000001", zone=TEHRAN)
    assert (query.limit, query.state, query.recipient) == (5, state, DELIVERED)


async def test_history_lines_show_the_start_of_each_text(every_state: RunningBot) -> None:
    await every_state.command(f"/send {DELIVERED} " + "a long text that goes on and on " * 3)
    reply = await every_state.command(f"/history 1 {DELIVERED}")
    assert reply.endswith(" · a long text that goes on and…")
    assert (await every_state.command("/history 1 outcome unknown")).endswith(" · hi")


async def test_history_state_words_show_the_state(every_state: RunningBot) -> None:
    assert "· not delivered" in await every_state.command("/history undelivered")
    assert "· waiting for report" in await every_state.command("/history pending")


async def test_history_by_day_in_either_calendar(every_state: RunningBot) -> None:
    today = datetime.now(every_state.settings.zone).date()
    jalali = jdatetime.date.fromgregorian(date=today)
    assert _listed(await every_state.command(f"/history 20 {today:%Y-%m-%d}")) == set(EVERYONE)
    persian_day = to_persian_digits(f"{jalali.year}/{jalali.month}/{jalali.day}")
    assert _listed(await every_state.command(f"/history 20 failed {persian_day}")) == {FAILED}
    assert await every_state.command("/history 2020-01-01") == "No messages match."
    assert "does not exist" in await every_state.command("/history 1404-12-31")


async def _export(bot: RunningBot, command: str) -> tuple[dict[str, Any], bytes]:
    """The bot's reply to `command` and the bytes of the document it sent."""
    update = bot.telegram.send_text(ADMIN, command, language_code="en")
    reply = await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)
    [content] = bot.telegram.calls_to("sendDocument")[-1].files.values()
    return reply, content


def _rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: spreadsheets then read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


async def test_export_sends_a_csv_of_the_messages(running_bot: RunningBot) -> None:
    bot = running_bot
    await _send_with_state(bot, DELIVERED, "5", text="سلام، دنیا\nخط دوم")
    await bot.command(f"/flash {PENDING} =HYPERLINK(\"x\")")
    await _wait_reports(bot, 1)
    reply, content = await _export(bot, "/export")
    assert reply["caption"] == "Messages of the last 30 day(s): 2"
    assert reply["document"]["file_name"].endswith("-30d.csv")
    header, first, second = _rows(content)
    assert header == HEADER
    row = dict(zip(HEADER, first, strict=True))
    now = datetime.now(bot.settings.zone)
    jalali = jdatetime.date.fromgregorian(date=now.date())
    assert row["created (Asia/Tehran)"].startswith(f"{now:%Y-%m-%d} ")
    assert row["created jalali (Asia/Tehran)"].startswith(
        f"{jalali.year:04d}-{jalali.month:02d}-{jalali.day:02d} "
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row["created (Asia/Tehran)"])
    assert (row["recipient"], row["status"], row["delivery code"]) == (DELIVERED, "sent", "5")
    assert row["delivery state"] == "delivered to the handset"
    smsid = bot.simulator.sent[0].smsid
    assert (row["smsid"], row["gateway code"]) == (smsid, smsid)  # SendSMSWithID answers the id
    assert (row["parts"], row["flash"], row["campaign"]) == ("1", "0", "")
    assert row["text"] == "سلام، دنیا\nخط دوم"
    flash = dict(zip(HEADER, second, strict=True))
    assert (flash["recipient"], flash["flash"]) == (PENDING, "1")
    assert flash["text"] == "'=HYPERLINK(\"x\")"  # not run as a formula by a spreadsheet


async def test_a_long_export_arrives_as_several_documents(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "long.db", export_file_mb=0.002
    )
    db = await Database.open(settings.database_path)
    try:
        await db.messages.create_many(
            [new_message(text=f"message {n}") for n in range(40)], now=time.time()
        )
    finally:
        await db.close()
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        await _export(bot, "/export")
        await bot.telegram.wait_for(lambda: re.search(
            r"\(file (\d+) of \1\)$", bot.telegram.calls_to("sendDocument")[-1].params["caption"]
        ) is not None)
    calls = bot.telegram.calls_to("sendDocument")
    assert len(calls) > 1
    assert [call.params["caption"] for call in calls] == [
        f"Messages of the last 30 day(s): 40 (file {n} of {len(calls)})"
        for n in range(1, len(calls) + 1)
    ]
    tables = [_rows(content) for call in calls for content in call.files.values()]
    assert all(table[0] == HEADER for table in tables)
    assert [row[-1] for table in tables for row in table[1:]] == [f"message {n}" for n in range(40)]


async def test_export_of_nothing_and_bad_days(running_bot: RunningBot) -> None:
    assert await running_bot.command("/export") == "No messages in the last 30 day(s)."
    assert await running_bot.command("/export 7") == "No messages in the last 7 day(s)."
    for bad in ("0", "367", "abc"):
        reply = await running_bot.command(f"/export {bad}")
        assert "is not a number of days between 1 and 366" in reply and "Usage:" in reply
    assert running_bot.telegram.calls_to("sendDocument") == []


async def test_stats_count_today_by_state_and_credit_used(running_bot: RunningBot) -> None:
    bot = running_bot
    await _send_with_state(bot, DELIVERED, "5", text="x" * 200)  # two parts
    await _send_with_state(bot, UNDELIVERED, "6")
    await bot.command(f"/send {PENDING} hi")
    bot.simulator.faults.answer_next("-19", operation="SendSMSWithID")
    await bot.command(f"/send {FAILED} hi")
    await _wait_reports(bot, 2)
    reply = await bot.command("/stats")
    today, month = reply.split("This month")
    for section in (today, month):
        lines = set(section.splitlines())
        assert {"delivered: 1", "not delivered: 1", "waiting for report: 1", "failed: 1"} <= lines
        assert "credit used: 4" in lines
        assert not any(line.startswith(("expired", "outcome unknown")) for line in lines)


async def test_stats_with_nothing_sent(running_bot: RunningBot) -> None:
    reply = await running_bot.command("/stats")
    assert reply.count("nothing yet") == 2


@pytest.fixture
async def persian_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "fa.db", bot_language="fa")
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        yield bot


async def test_persian_history_stats_and_export(persian_bot: RunningBot) -> None:
    bot = persian_bot
    await _send_with_state(bot, DELIVERED, "5", text="سلام")
    await bot.command(f"/send {PENDING} hi")
    await _wait_reports(bot, 1)
    history = await bot.command("/history تحویل‌شده")
    assert _listed(history) == {DELIVERED} and "تحویل‌شده" in history
    stats = await bot.command("/stats")
    assert "تحویل‌شده: ۱" in stats and "در انتظار گزارش: ۱" in stats
    assert stats.count("اعتبار مصرف‌شده: ۲") == 2
    reply, content = await _export(bot, "/export ۷")
    assert reply["caption"] == "پیامک‌های ۷ روز اخیر: ۲"
    header, first, _ = _rows(content)
    # The admin's column names, from the catalogue, in the same order as the English ones.
    assert header == html.unescape(fa.TEXTS["export.csv_columns"]).format(zone="Asia/Tehran").split("|")
    assert header[3] == "گیرنده"
    row = dict(zip(HEADER, first, strict=True))
    assert (row["delivery state"], row["text"]) == ("رسیده به گوشی", "سلام")


# --- Reports.stats on a fixed clock: which messages "today" and "this month" take ---


def _at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=TEHRAN).timestamp()


def _reports(db: Database, language: str, *, file_bytes: int = EXPORT_FILE_BYTES) -> Reports:
    texts = Texts(language, TEHRAN)
    return Reports(
        db, words=export_words(texts), jalali_months=texts.jalali, zone=TEHRAN,
        clock=lambda: NOW, file_bytes=file_bytes,
    )


# 2026-03-25 is 1405-01-05: the Jalali month began on 2026-03-21, the Gregorian one on 03-01.
NOW = _at("2026-03-25 12:00")


async def _sent_at(db: Database, created: str, parts: int = 1) -> None:
    message_id = await db.messages.create(new_message(parts=parts), now=_at(created))
    await db.messages.mark_sent(
        message_id, code="2", smsid=None, now=_at(created), next_check_at=None,
        check_interval=None, track_until=None,
    )


@pytest.mark.parametrize(
    ("language", "month_start", "month_sent", "month_parts"),
    [("en", "2026-03-01", 3, 7), ("fa", "2026-03-21", 2, 3)],
)
async def test_stats_windows_follow_the_admins_calendar(
    storage_db: Database, language: str, month_start: str, month_sent: int, month_parts: int
) -> None:
    await _sent_at(storage_db, "2026-02-28 23:59", parts=100)  # last month in both calendars
    await _sent_at(storage_db, "2026-03-15 10:00", parts=4)  # Esfand 1404, March 2026
    await _sent_at(storage_db, "2026-03-21 00:00", parts=2)  # Farvardin 1405 begins
    await _sent_at(storage_db, "2026-03-25 00:30", parts=1)  # today
    queued_at = _at("2026-03-25 11:00")
    await storage_db.messages.create(new_message(), status=SendStatus.QUEUED, now=queued_at)
    await _sent_at(storage_db, "2026-03-26 00:00", parts=50)  # tomorrow: not yet counted
    reports = _reports(storage_db, language)
    stats = await reports.stats()
    assert str(stats.month_start) == month_start
    assert stats.today.counts == {MessageState.SENT: 1, MessageState.QUEUED: 1}
    assert stats.today.parts_used == 1
    assert stats.month.counts == {MessageState.SENT: month_sent, MessageState.QUEUED: 1}
    assert stats.month.parts_used == month_parts


async def test_export_streams_every_row_of_the_window(storage_db: Database) -> None:
    await storage_db.messages.create_many([new_message(text="old")] * 3, now=NOW - 8 * 86400)
    await storage_db.messages.create_many([new_message(text="new")] * 1200, now=NOW - 86400)
    reports = _reports(storage_db, "en")
    export = await reports.export(7)
    try:
        [part] = export.files
        rows = _rows(part.file.read())
    finally:
        export.close()
    assert export.count == 1200 and len(rows) == 1201
    assert {row[-1] for row in rows[1:]} == {"new"}
    assert part.name == "smsbridge-2026-03-25-7d.csv"


async def test_an_export_larger_than_a_document_comes_as_whole_csv_files(
    storage_db: Database,
) -> None:
    await storage_db.messages.create_many(
        [new_message(text=f"پیام شماره {n}") for n in range(1200)], now=NOW - 86400
    )
    limit = 30_000
    reports = _reports(storage_db, "en", file_bytes=limit)
    export = await reports.export(7)
    try:
        contents = [part.file.read() for part in export.files]
        names = [part.name for part in export.files]
    finally:
        export.close()
    assert len(contents) > 2 and all(len(content) <= limit for content in contents)
    assert names == [f"smsbridge-2026-03-25-7d-{n}of{len(names)}.csv" for n in range(1, 1 + len(names))]
    tables = [_rows(content) for content in contents]
    assert all(table[0] == HEADER for table in tables)
    texts = [row[-1] for table in tables for row in table[1:]]
    assert texts == [f"پیام شماره {n}" for n in range(1200)]
