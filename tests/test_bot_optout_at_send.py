"""The opt-out list checked when a held message goes out, end to end over the fake Bot API and the
simulator: a number blocked after `/schedule` or after a campaign was made is never sent to, and
the admin is told why. Also: /history shows a scheduled row's due time.

A schedule is made due by moving its stored due time into the past (the bot's clock is real)."""

from __future__ import annotations

import csv
import io
import sqlite3
import time
from typing import Any

from tests.fixtures_bot import ADMIN, RunningBot
from tests.fixtures_team import press

JSON = dict[str, Any]


async def _ask(bot: RunningBot, text: str) -> JSON:
    update = bot.telegram.send_text(ADMIN, text, language_code="en")
    return await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)


def _sql(bot: RunningBot, statement: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(bot.settings.database_path) as conn:
        return list(conn.execute(statement, params))


def _make_due(bot: RunningBot) -> None:
    _sql(bot, "UPDATE messages SET scheduled_at = ? WHERE status = 'scheduled'",
         (time.time() - 1.0,))


def _replies_to(bot: RunningBot, message_id: int, mark: str) -> list[JSON]:
    return [
        m for m in bot.telegram.messages_in(ADMIN)
        if (m.get("reply_to_message") or {}).get("message_id") == message_id
        and mark in m.get("text", "")
    ]


def _with(bot: RunningBot, mark: str) -> list[JSON]:
    return [m for m in bot.telegram.messages_in(ADMIN) if mark in m.get("text", "")]


async def _press(bot: RunningBot, message: JSON, data: str) -> None:
    """Press a button as the admin and wait for the bot's answer to the press."""
    await press(bot, ADMIN, message, data)


def _sent_to(bot: RunningBot) -> list[str]:
    return [r.fields["mobileno"] for r in bot.gateway_requests() if "mobileno" in r.fields]


async def test_a_number_blocked_after_its_schedule_is_not_sent_to(running_bot: RunningBot) -> None:
    bot = running_bot
    confirmation = await _ask(bot, "/schedule +2h 09121234567 see you")
    assert "Scheduled #" in confirmation["text"]
    kept = await _ask(bot, "/schedule +2h 09351234567 still welcome")
    assert "is blocked" in (await _ask(bot, "/block 09121234567 asked us to stop"))["text"]

    _make_due(bot)
    await bot.telegram.wait_for(lambda: bool(_replies_to(bot, kept["message_id"], "sent to")))
    await bot.telegram.wait_for(
        lambda: bool(_replies_to(bot, confirmation["message_id"], "not sent"))
    )
    [notice] = _replies_to(bot, confirmation["message_id"], "not sent")
    assert "09121234567" in notice["text"] and "asked us to stop" in notice["text"]
    assert "/unblock 09121234567" in notice["text"]
    assert _sent_to(bot) == ["09351234567"]
    assert _sql(bot, "SELECT status, status_detail FROM messages WHERE recipient = ?",
                ("09121234567",)) == [("cancelled", "blocked")]
    history = await bot.command("/history 09121234567")
    assert "cancelled (blocked)" in history


async def test_each_run_of_a_repeat_checks_the_list(running_bot: RunningBot) -> None:
    bot = running_bot
    confirmation = await _ask(bot, "/schedule every day 09:30 09121234567 daily news")
    assert "every day" in confirmation["text"]
    await _ask(bot, "/block 09121234567")

    _make_due(bot)
    await bot.telegram.wait_for(
        lambda: bool(_replies_to(bot, confirmation["message_id"], "not sent"))
    )
    [notice] = _replies_to(bot, confirmation["message_id"], "not sent")
    assert "The series goes on" in notice["text"]
    assert not _sent_to(bot)
    rows = _sql(bot, "SELECT status, status_detail FROM messages ORDER BY id")
    assert rows == [("cancelled", "blocked"), ("scheduled", None)]  # the next run waits

    await _ask(bot, "/unblock 09121234567")
    _make_due(bot)
    await bot.telegram.wait_for(
        lambda: bool(_replies_to(bot, confirmation["message_id"], "sent to"))
    )
    assert _sent_to(bot) == ["09121234567"]


async def test_a_number_blocked_after_the_campaign_was_made_is_skipped_and_counted(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    numbers = ["09121234561", "09121234562", "09121234563"]
    reply = await _ask(bot, "/bulk\n" + "\n".join(numbers) + "\n\nHello all")
    assert "Recipients: 3" in reply["text"]
    await _ask(bot, "/block 09121234562 changed their mind")

    await _press(bot, reply, "bulk:send:1")
    await bot.telegram.wait_for(lambda: bool(_with(bot, "Campaign #1 finished")), timeout=15)
    [summary] = _with(bot, "Campaign #1 finished")
    assert "Skipped, blocked after the campaign was made: 1" in summary["text"]
    assert "not sent 0" in summary["text"]
    assert sorted(_sent_to(bot)) == ["09121234561", "09121234563"]

    def results() -> list[Any]:
        return [c for c in bot.telegram.calls_to("sendDocument")
                if "campaign-1-results.csv" in c.files and c.status]

    await bot.telegram.wait_for(lambda: bool(results()), timeout=15)
    call = results()[-1]
    rows = list(csv.reader(io.StringIO(call.files["campaign-1-results.csv"].decode("utf-8-sig"))))
    assert {row[0]: row[3] for row in rows[1:]} == {
        "09121234561": "sent", "09121234562": "cancelled (blocked)", "09121234563": "sent",
    }
    assert "reply_markup" not in call.params  # nothing to resend: the blocked one is not a failure


async def test_history_shows_a_scheduled_rows_due_time(running_bot: RunningBot) -> None:
    bot = running_bot
    confirmation = await _ask(bot, "/schedule +3d 09121234567 in three days")
    text = confirmation["text"]
    due = text[text.index(" for ") + len(" for "): text.index(" to 0912")]
    history = await bot.command("/history")
    [line] = [line for line in history.splitlines() if "09121234567" in line]
    assert line.startswith(f"scheduled for {due}")
