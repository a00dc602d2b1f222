"""Schedules held by the bot (SCHEDULE_MODE=bot), end to end: nothing reaches the gateway before
the due time; then SendSMSWithID, tracked, reported as a reply to the schedule's confirmation.

A schedule is made due by moving its stored due time into the past (the bot's clock is real)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from bot.simulator import Simulator
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings

JSON = dict[str, Any]


async def _schedule(bot: RunningBot, text: str) -> JSON:
    update = bot.telegram.send_text(ADMIN, text, language_code="en")
    return await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)


def _sql(bot: RunningBot, statement: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(bot.settings.database_path) as conn:
        return list(conn.execute(statement, params))


def _make_due(bot: RunningBot, series_id: int, *, ago: float = 1.0) -> None:
    _sql(bot, "UPDATE messages SET scheduled_at = ? WHERE series_id = ? AND status = 'scheduled'",
         (time.time() - ago, series_id))


def _series(reply: JSON) -> int:
    [data] = _buttons(reply)
    return int(data.rsplit(":", 1)[1])


def _buttons(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


def _replies_to(bot: RunningBot, message_id: int, mark: str) -> list[JSON]:
    return [
        m for m in bot.telegram.messages_in(ADMIN)
        if (m.get("reply_to_message") or {}).get("message_id") == message_id
        and mark in m.get("text", "")
    ]


async def _press(bot: RunningBot, message: JSON, data: str) -> str:
    query = bot.telegram.press_button(ADMIN, message, data)["callback_query"]

    def answer() -> JSON | None:
        calls = bot.telegram.calls_to("answerCallbackQuery")
        found = [c for c in calls if c.params.get("callback_query_id") == query["id"]]
        return found[0].params if found and found[0].status == 200 else None

    await bot.telegram.wait_for(lambda: answer() is not None)
    return str((answer() or {}).get("text", ""))


async def test_a_schedule_is_held_until_due_then_sent_tracked_and_reported(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    reply = await _schedule(bot, "/schedule +2h 09121234567 later")
    assert "Scheduled #" in reply["text"] and "(14" in reply["text"]  # both calendars
    series = _series(reply)
    assert _buttons(reply) == [f"sched:cancel:{series}"]
    assert _sql(bot, "SELECT status FROM messages") == [("scheduled",)]
    assert "scheduled" in await bot.command("/history")
    assert not bot.gateway_requests("SendSMSWithID") and not bot.gateway_requests("SendSMSWithTime")

    _make_due(bot, series)
    await bot.telegram.wait_for(lambda: bool(_replies_to(bot, reply["message_id"], "sent to")))
    [request] = bot.gateway_requests("SendSMSWithID")
    assert (request.fields["mobileno"], request.fields["text"]) == ("09121234567", "later")
    smsid = bot.simulator.sent[-1].smsid
    assert str(smsid) in _replies_to(bot, reply["message_id"], "sent to")[0]["text"]
    bot.simulator.force_state(str(smsid), "5")
    await bot.telegram.wait_for(lambda: bool(_replies_to(bot, reply["message_id"], "📬")))
    [(status, smsid_stored)] = _sql(bot, "SELECT status, smsid FROM messages")
    assert (status, smsid_stored) == ("sent", str(smsid))


async def test_cancelled_schedules_never_reach_the_gateway(running_bot: RunningBot) -> None:
    bot = running_bot
    by_button = await _schedule(bot, "/schedule +3h 09121234567 first")
    by_command = await _schedule(bot, "/schedule +1h 09351234567 second")
    kept = await _schedule(bot, "/schedule +5h 09191234567 third")
    listing = await bot.command("/scheduled")
    assert listing.index("09351234567") < listing.index("09121234567") < listing.index("09191234567")
    assert "second" in listing

    answer = await _press(bot, by_button, f"sched:cancel:{_series(by_button)}")
    assert "cancelled" in answer
    await bot.telegram.wait_for(lambda: bool(_replies_to(bot, by_button["message_id"], "✖️")))
    assert "cancelled" in await bot.command(f"/cancel {_series(by_command)}")
    assert "no longer waiting" in await bot.command(f"/cancel {_series(by_command)}")
    listing = await bot.command("/scheduled")
    assert "09191234567" in listing and "09121234567" not in listing

    for reply in (by_button, by_command, kept):
        _make_due(bot, _series(reply))
    await bot.telegram.wait_for(lambda: bool(_replies_to(bot, kept["message_id"], "sent to")))
    assert [r.fields["text"] for r in bot.gateway_requests("SendSMSWithID")] == ["third"]


async def test_a_row_being_sent_can_no_longer_be_cancelled(running_bot: RunningBot) -> None:
    bot = running_bot
    reply = await _schedule(bot, "/schedule +1h 09121234567 hi")
    _sql(bot, "UPDATE messages SET status = 'sending'")  # as a claim in progress leaves it
    assert "can no longer be cancelled" in await bot.command(f"/cancel {_series(reply)}")
    assert "There is no schedule" in await bot.command("/cancel 999")


async def test_a_time_missed_beyond_the_grace_is_held_and_its_admin_asked(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    reply = await _schedule(bot, "/schedule +1h 09121234567 late one")
    series = _series(reply)
    _make_due(bot, series, ago=2 * 3600)  # SCHEDULE_GRACE is an hour
    await bot.telegram.wait_for(lambda: bool(_replies_to(bot, reply["message_id"], "⏰")))
    [question] = _replies_to(bot, reply["message_id"], "⏰")
    assert _buttons(question) == [f"sched:send:{series}", f"sched:cancel:{series}"]
    assert not bot.gateway_requests("SendSMSWithID")
    assert "waiting for you" in await bot.command("/scheduled")

    assert "Sending now" in await _press(bot, question, f"sched:send:{series}")
    [request] = bot.gateway_requests("SendSMSWithID")
    assert request.fields["text"] == "late one"
    assert "no longer waiting" in await bot.command(f"/cancel {series}")

    def buttons_now() -> list[str]:
        [now] = [m for m in bot.telegram.messages_in(ADMIN)
                 if m["message_id"] == question["message_id"]]
        return _buttons(now)

    await bot.telegram.wait_for(lambda: buttons_now() == [])  # answered: the question closes


async def test_a_repeat_sends_each_run_as_its_own_message_until_cancelled(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    reply = await _schedule(bot, "/schedule every week monday 09:30 09121234567 weekly")
    assert "every Monday at 09:30" in reply["text"]
    series = _series(reply)
    _make_due(bot, series)
    await bot.telegram.wait_for(lambda: bool(_replies_to(bot, reply["message_id"], "sent to")))
    rows = _sql(bot, "SELECT status, scheduled_at FROM messages ORDER BY id")
    assert [status for status, _ in rows] == ["sent", "scheduled"]
    assert rows[1][1] > time.time() + 3600  # next Monday 09:30, not right away
    assert "every Monday" in await bot.command("/scheduled")
    assert "cancelled" in await bot.command(f"/cancel {series}")
    assert await bot.command("/scheduled") == "Nothing is scheduled."
    assert len(bot.gateway_requests("SendSMSWithID")) == 1


async def test_a_campaign_scheduled_from_its_confirmation_starts_at_its_time(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    numbers = ["09120000001", "09120000002"]
    confirmation = await _schedule(bot, "/bulk\n" + "\n".join(numbers) + "\n\nHello all")
    campaign = int(_buttons(confirmation)[0].rsplit(":", 1)[1])
    assert _buttons(confirmation) == [f"bulk:send:{campaign}", f"bulk:schedule:{campaign}",
                                      f"bulk:cancel:{campaign}"]
    await _press(bot, confirmation, f"bulk:schedule:{campaign}")
    await bot.telegram.wait_for(lambda: any(
        "When should campaign" in m.get("text", "") for m in bot.telegram.messages_in(ADMIN)))
    assert "could not read the time" in await bot.command("tomorrow")
    reply = await bot.command("+2h")
    assert f"Campaign #{campaign} will start at" in reply and "(14" in reply

    def buttons_now() -> list[str]:
        [now] = [m for m in bot.telegram.messages_in(ADMIN)
                 if m["message_id"] == confirmation["message_id"]]
        return _buttons(now)

    await bot.telegram.wait_for(lambda: buttons_now() == [f"bulk:cancel:{campaign}"])
    assert f"C{campaign}" in await bot.command("/scheduled")
    assert "scheduled" in await bot.command("/history")
    assert not bot.gateway_requests("SendSMSWithID")

    _sql(bot, "UPDATE campaigns SET due_at = ?", (time.time() - 1,))
    await bot.telegram.wait_for(
        lambda: any("🏁" in m.get("text", "") for m in bot.telegram.messages_in(ADMIN)), timeout=10
    )
    assert sorted(r.fields["mobileno"] for r in bot.gateway_requests("SendSMSWithID")) == numbers


async def test_a_time_missed_within_the_grace_is_sent_at_start_up(running_bot: RunningBot) -> None:
    bot = running_bot
    reply = await _schedule(bot, "/schedule +1h 09121234567 while down")
    await bot.stop()
    _make_due(bot, _series(reply), ago=600)  # ten minutes ago, SCHEDULE_GRACE is an hour
    await bot.start()
    await bot.telegram.wait_for(lambda: bool(_replies_to(bot, reply["message_id"], "sent to")))
    [request] = bot.gateway_requests("SendSMSWithID")
    assert request.fields["text"] == "while down"
    assert _sql(bot, "SELECT status FROM messages") == [("sent",)]


async def test_a_long_text_is_scheduled_only_after_its_button(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db", send_confirm_parts=2)
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        long = "x" * (153 * 2 + 1)  # three GSM-7 parts
        update = bot.telegram.send_text(ADMIN, f"/schedule +1h 09121234567 {long}",
                                        language_code="en")
        command_id = update["message"]["message_id"]
        ask = await bot.reply_to(command_id, chat_id=ADMIN)
        assert "3 part(s)" in ask["text"] and _sql(bot, "SELECT id FROM messages") == []
        await _press(bot, ask, f"send:confirm:{command_id}")
        await bot.telegram.wait_for(lambda: any(
            "Scheduled #" in m.get("text", "") for m in bot.telegram.messages_in(ADMIN)))
        assert _sql(bot, "SELECT status, text FROM messages") == [("scheduled", long)]
        assert not bot.gateway_requests("SendSMSWithID")
