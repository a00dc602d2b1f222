"""Replies about single sends (issue #10 §3 and §4): a long text is confirmed first, and the
reply about a send that happened arrives even when Telegram refuses it at first."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.simulator import Simulator
from storage import Database, MessageFilter
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings
from tests.test_bot_bulk import _buttons, _press, _with

JSON = dict[str, Any]
LONG = "x" * (153 * 2 + 1)  # three GSM-7 parts


@pytest.fixture
async def careful_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    # SCHEDULE_MODE=gateway: /schedule goes to SendSMSWithTime once confirmed (the held
    # schedule's confirmation is tested in test_bot_schedules).
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db", send_confirm_parts=2,
                            schedule_mode="gateway")
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        yield bot


async def _stored(bot: RunningBot) -> list[Any]:
    db = await Database.open(bot.settings.database_path)
    try:
        return await db.messages.find(MessageFilter(), limit=100)
    finally:
        await db.close()


async def test_a_long_text_is_sent_only_after_its_button(careful_bot: RunningBot) -> None:
    bot = careful_bot
    update = bot.telegram.send_text(ADMIN, f"/send 09121234567 {LONG}", language_code="en")
    command_id = update["message"]["message_id"]
    ask = await bot.reply_to(command_id, chat_id=ADMIN)
    assert "3 part(s)" in ask["text"] and "costs 3 credit" in ask["text"]
    assert "current credit: 10,000" in ask["text"]
    assert _buttons(ask) == [f"send:confirm:{command_id}"]
    assert await _stored(bot) == [] and bot.gateway_requests("SendSMSWithID") == []
    await _press(bot, ask, f"send:confirm:{command_id}")
    await bot.telegram.wait_for(lambda: bool(_with(bot, "smsid")))
    [sent] = _with(bot, "smsid")
    assert sent["reply_to_message"]["message_id"] == command_id
    assert [r.fields["text"] for r in bot.gateway_requests("SendSMSWithID")] == [LONG]
    again = await _press(bot, ask, f"send:confirm:{command_id}", check=False)
    assert again == ""  # answered; the command is found already handled
    await bot.telegram.wait_for(lambda: bool(_with(bot, "already handled")))
    assert len(bot.gateway_requests("SendSMSWithID")) == 1


async def test_a_short_text_is_sent_at_once(careful_bot: RunningBot) -> None:
    assert "smsid" in await careful_bot.command("/send 09121234567 short")


async def test_a_refused_confirmation_arrives_through_the_outbox(running_bot: RunningBot) -> None:
    bot = running_bot
    bot.telegram.fail_next("sendMessage")  # the direct reply to the send
    update = bot.telegram.send_text(ADMIN, "/send 09121234567 hello", language_code="en")
    command_id = update["message"]["message_id"]
    confirmation = await bot.reply_to(command_id, chat_id=ADMIN, timeout=10)
    assert "smsid" in confirmation["text"]
    assert _with(bot, "Something went wrong") == []
    assert len(bot.simulator.sent) == 1
    # The confirmation that came through the outbox is the one delivery reports reply to.
    [record] = await _stored(bot)
    assert record.confirmation_message_id == confirmation["message_id"]
    bot.simulator.force_state(str(bot.simulator.sent[0].smsid), "5")
    await bot.telegram.wait_for(lambda: bool(_with(bot, "📬")), timeout=10)
    [report] = _with(bot, "📬")
    assert report["reply_to_message"]["message_id"] == confirmation["message_id"]


async def test_a_refused_outcome_unknown_reply_arrives_too(running_bot: RunningBot) -> None:
    bot = running_bot
    bot.simulator.faults.close_next()
    bot.telegram.fail_next("sendMessage")
    update = bot.telegram.send_text(ADMIN, "/send 09121234567 hello", language_code="en")
    reply = await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN, timeout=10)
    assert "outcome unknown" in reply["text"]
    assert _with(bot, "Something went wrong") == []


@pytest.mark.parametrize(
    ("command", "operation", "reply"),
    [("/flash", "SendSMSWithID", "Flash SMS sent"), ("/schedule +30m", "SendSMSWithTime", "Scheduled")],
)
async def test_flash_and_schedule_confirm_a_long_text_too(
    careful_bot: RunningBot, command: str, operation: str, reply: str
) -> None:
    bot = careful_bot
    update = bot.telegram.send_text(ADMIN, f"{command} 09121234567 {LONG}", language_code="en")
    command_id = update["message"]["message_id"]
    ask = await bot.reply_to(command_id, chat_id=ADMIN)
    assert "3 part(s)" in ask["text"] and bot.gateway_requests() == [
        r for r in bot.gateway_requests() if r.operation == "RemainSms"
    ]
    await _press(bot, ask, f"send:confirm:{command_id}")
    await bot.telegram.wait_for(lambda: bool(_with(bot, reply)))
    [request] = bot.gateway_requests(operation)
    assert request.fields["text"] == LONG
