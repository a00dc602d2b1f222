"""The /bulk conversation (per chat and user, persisted, with a timeout), the hints for what no
handler takes, and buttons that are always answered (issue #10 §4, issue #12)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.simulator import Simulator
from storage import Database, MessageFilter
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings
from tests.test_bot_bulk import _ask, _buttons, _confirmation, _current, _end, _press, _with

OTHER_ADMIN = 222
GROUP = -1001
JSON = dict[str, Any]


@pytest.fixture
async def two_admins(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "bot.db", admin_ids=f"{ADMIN},{OTHER_ADMIN}"
    )
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        yield bot


async def _in_group(bot: RunningBot, user: int, text: str) -> JSON:
    """`text` from `user` in the group; the bot's reply to it."""
    update = bot.telegram.send_text(user, text, chat_id=GROUP, chat_type="supergroup",
                                    language_code="en")
    return await bot.reply_to(update["message"]["message_id"], chat_id=GROUP)


async def _campaign_texts(bot: RunningBot) -> list[str]:
    db = await Database.open(bot.settings.database_path)
    try:
        rows = [r for r in await db.messages.find(MessageFilter(), limit=100) if r.campaign_id is not None]
        return sorted({r.text for r in rows})
    finally:
        await db.close()


async def test_a_list_waits_for_the_text_of_the_admin_who_sent_it(two_admins: RunningBot) -> None:
    bot = two_admins
    ask = await _in_group(bot, ADMIN, "/bulk\n09121234567\n09351234567")
    assert "send the text" in ask["text"]
    # The other admin's list and text in the same group are a conversation of their own.
    other = await _in_group(bot, OTHER_ADMIN, "/bulk\n09131234567\n\nFrom the other admin")
    assert "Campaign #1" in other["text"] and "Recipients: 1" in other["text"]
    await _in_group(bot, OTHER_ADMIN, "/bulk\n09141234567")
    confirmation = await _in_group(bot, ADMIN, "The first admin's text")
    assert "Campaign #2" in confirmation["text"] and "Recipients: 2" in confirmation["text"]
    assert "The first admin's text" in confirmation["text"]
    assert await _campaign_texts(bot) == ["From the other admin", "The first admin's text"]


async def test_an_open_list_survives_a_restart(running_bot: RunningBot) -> None:
    ask = await _ask(running_bot, "/bulk\n09121234567\n09351234567")
    assert "send the text" in ask["text"]
    await running_bot.restart()
    reply = await _ask(running_bot, "Text after the restart")
    assert "Campaign #1" in reply["text"] and "Recipients: 2" in reply["text"]
    assert await _campaign_texts(running_bot) == ["Text after the restart"]


async def test_a_waiting_list_expires_with_a_message(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "bot.db", bulk_text_wait_minutes=0.01
    )
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    try:
        update = bot.telegram.send_text(ADMIN, "/bulk\n09121234567", language_code="en")
        command_id = update["message"]["message_id"]
        await bot.telegram.wait_for(lambda: bool(_with(bot, "expired")), timeout=10)
        [expired] = _with(bot, "expired")
        assert expired["reply_to_message"]["message_id"] == command_id
        assert "/bulk" in expired["text"]
        hint = await _ask(bot, "Too late")  # no longer the text of anything
        assert "start with a command" in hint["text"]
        assert await _campaign_texts(bot) == []
    finally:
        await bot.stop()


async def test_a_list_from_before_a_restart_still_expires_with_a_message(
    running_bot: RunningBot,
) -> None:
    update = running_bot.telegram.send_text(ADMIN, "/bulk\n09121234567", language_code="en")
    command_id = update["message"]["message_id"]
    await running_bot.reply_to(command_id, chat_id=ADMIN)
    await running_bot.stop()
    db = await Database.open(running_bot.settings.database_path)
    try:  # its wait now ends a moment after the next start (PTB keeps no timeout job)
        [(key, value)] = (await db.telegram.all("user_data")).items()
        data = json.loads(value)
        for waiting in data["bulk.waiting"].values():
            waiting["until"] = time.time() + 0.5
        await db.telegram.put("user_data", key, json.dumps(data))
    finally:
        await db.close()
    await running_bot.start()
    await running_bot.telegram.wait_for(lambda: bool(_with(running_bot, "expired")))
    [expired] = _with(running_bot, "expired")
    assert expired["reply_to_message"]["message_id"] == command_id
    reply = await _ask(running_bot, "Too late")  # not taken as the text
    assert "expired" in reply["text"]
    assert await _campaign_texts(running_bot) == []


async def test_unknown_commands_and_stray_text_get_a_one_line_hint(
    running_bot: RunningBot,
) -> None:
    assert "/help" in await running_bot.command("/frobnicate")
    assert "don't know that command" in await running_bot.command("/frobnicate")
    assert "start with a command" in await running_bot.command("hello there")
    # ... and take nothing from the commands and the conversation
    assert "smsid" in await running_bot.command("/send 09121234567 still works")
    await _ask(running_bot, "/bulk\n09121234567")
    assert "Campaign #1" in (await _ask(running_bot, "The text"))["text"]


async def test_a_group_command_for_another_bot_gets_no_hint(two_admins: RunningBot) -> None:
    bot = two_admins
    bot.telegram.send_text(ADMIN, "/frobnicate@other_bot", chat_id=GROUP, chat_type="supergroup")
    hint = await _in_group(bot, ADMIN, "/frobnicate@smsbridge_test_bot")  # handled after it
    assert "don't know that command" in hint["text"]
    assert len(bot.telegram.messages_in(GROUP)) == 1


async def test_an_unknown_button_is_answered(running_bot: RunningBot) -> None:
    confirmation = await _confirmation(running_bot, ["09121234567"])
    for data in ("old:format", "bulk:frobnicate:1", "bulk:send:99999"):
        answer = await _press(running_bot, confirmation, data, check=False)
        assert "expired" in answer or "no longer" in answer


async def test_a_failed_answer_to_send_does_not_read_as_a_failure(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    confirmation = await _confirmation(bot, ["09121234567", "09351234567"])
    bot.telegram.fail_next("answerCallbackQuery")
    bot.telegram.press_button(ADMIN, confirmation, "bulk:send:1")
    summary = await _end(bot)
    assert "Sent 2" in summary["text"]
    assert _with(bot, "Something went wrong") == []


# --- drafts -----------------------------------------------------------------------------------


async def test_a_draft_is_not_queued_in_stats_and_expires_after_a_day(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    confirmation = await _confirmation(bot, ["09121234567", "09351234567"])
    assert "valid for 24 hours" in confirmation["text"]
    stats = await bot.command("/stats")
    assert "queued" not in stats and stats.count("nothing yet") == 2
    await bot.stop()
    with sqlite3.connect(bot.settings.database_path) as conn:  # made a day and a minute ago
        conn.execute("UPDATE campaigns SET created_at = created_at - ?", (24 * 3600 + 60,))
    await bot.start()
    answer = await _press(bot, confirmation, "bulk:send:1")
    assert "expired" in answer and "24 hours" in answer
    await bot.telegram.wait_for(lambda: _buttons(_current(bot, confirmation)) == [])
    assert bot.gateway_requests("SendSMSWithID") == []
    assert "already cancelled" in await _press(bot, confirmation, "bulk:send:1", check=False)
