"""The whitelist, for every kind of update: strangers never reach the gateway or the database."""

from __future__ import annotations

import sqlite3

from tests.fixtures_bot import ADMIN, STRANGER, RunningBot


def _rows(bot: RunningBot) -> int:
    with sqlite3.connect(bot.settings.database_path) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0])


async def test_stranger_updates_of_every_type_reach_nothing(running_bot: RunningBot) -> None:
    tg = running_bot.telegram
    before = len(running_bot.gateway_requests())
    first = tg.send_text(STRANGER, "/send 09121234567 spam")
    pushed = [
        first,
        tg.send_text(STRANGER, "/balance"),
        tg.send_text(STRANGER, "/send 09121234567 in a group", chat_id=-100, chat_type="group"),
        tg.edit_text(STRANGER, first["message"]["message_id"], "/send 09121234567 edited"),
        tg.press_button(STRANGER, first["message"], "bulk:send:1", check=False),
        tg.send_document(STRANGER, "numbers.txt", b"09121234567\n", caption="/bulk hi"),
    ]
    await running_bot.handled(*pushed)
    assert len(running_bot.gateway_requests()) == before
    assert _rows(running_bot) == 0
    refusals = [m for m in tg.messages_in(STRANGER) if "private" in m["text"]]
    assert len(refusals) == 1  # one refusal a minute, not one per message
    assert str(STRANGER) in refusals[0]["text"]
    assert tg.messages_in(-100) == []  # silence in groups
    answered = tg.calls_to("answerCallbackQuery")
    assert answered and "private" in answered[-1].params.get("text", "")


async def test_admin_edit_of_a_command_is_not_run_again(running_bot: RunningBot) -> None:
    tg = running_bot.telegram
    update = tg.send_text(ADMIN, "/send 09121234567 once", language_code="en")
    await running_bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)
    edit = tg.edit_text(ADMIN, update["message"]["message_id"], "/send 09121234567 twice")
    await tg.wait_for(lambda: any("Edited" in m["text"] for m in tg.messages_in(ADMIN)))
    await running_bot.handled(edit)
    assert len(running_bot.gateway_requests("SendSMSWithID")) == 1
