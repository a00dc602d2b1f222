"""A team for end-to-end tests: its people and their roles, and the helpers that speak for them
over the fake Bot API (a message and its reply, a press and its answer) and read what the bot
stored."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.simulator import Simulator
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, STRANGER, RunningBot, bot_settings

JSON = dict[str, Any]
OWNER = ADMIN
ADMIN_A, ADMIN_B, OPERATOR, VIEWER = 222, 223, 333, 444
OPERATOR_B = 334
GROUP = -100777
NAMES = {OWNER: "Olga Owner", ADMIN_A: "Ali Admin", ADMIN_B: "Bita Admin",
         OPERATOR: "Omid Operator", VIEWER: "Vida Viewer", STRANGER: "Stan",
         OPERATOR_B: "Omar Operator"}
REFUSED = "does not allow"


def db_count(bot: RunningBot, sql: str) -> int:
    with sqlite3.connect(bot.settings.database_path) as conn:
        return int(conn.execute(sql).fetchone()[0])


def gateway_sends(bot: RunningBot) -> int:
    """Send requests the simulator saw (delivery checks go on in the background)."""
    return sum(r.operation.startswith("SendSMS") or r.operation == "link"
               for r in bot.gateway_requests())


def message_rows(bot: RunningBot) -> int:
    return db_count(bot, "SELECT COUNT(*) FROM messages")


def audit_rows(bot: RunningBot) -> list[tuple[int, str, str, int, int]]:
    with sqlite3.connect(bot.settings.database_path) as conn:
        rows = conn.execute(
            "SELECT user_id, action, detail, recipients, parts FROM audit ORDER BY id"
        ).fetchall()
    return [tuple(row) for row in rows]


async def ask(
    bot: RunningBot, user: int, text: str, *, chat_id: int | None = None, timeout: float = 5.0
) -> JSON:
    """`text` from `user` (in their private chat, or a group); the bot's reply to it."""
    chat = chat_id if chat_id is not None else user
    update = bot.telegram.send_text(
        user, text, chat_id=chat, chat_type="group" if chat < 0 else "private",
        first_name=NAMES.get(user, "User"), language_code="en",
    )
    return await bot.reply_to(update["message"]["message_id"], chat_id=chat, timeout=timeout)


def words(message: JSON) -> str:
    return str(message.get("text") or message.get("caption") or "")


async def press(bot: RunningBot, user: int, message: JSON, data: str) -> str:
    """Press a button as `user`; the text the bot answered the press with."""
    query = bot.telegram.press_button(user, message, data)["callback_query"]
    return await answer_to(bot, query["id"])


async def answer_to(bot: RunningBot, query_id: str) -> str:
    def answer() -> JSON | None:
        calls = bot.telegram.calls_to("answerCallbackQuery")
        found = [c for c in calls if c.params.get("callback_query_id") == query_id]
        return found[0].params if found and found[0].status == 200 else None

    await bot.telegram.wait_for(lambda: answer() is not None)
    return str((answer() or {}).get("text", ""))


def said(bot: RunningBot, chat: int, mark: str) -> list[JSON]:
    return [m for m in bot.telegram.messages_in(chat) if mark in words(m)]


def buttons(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


async def give_roles(bot: RunningBot, **roles: int) -> None:
    """The owner gives each user id its role."""
    for role, user in roles.items():
        reply = await ask(bot, OWNER, f"/users add {user} {role.rstrip('_ab')}")
        assert "is now" in reply["text"], reply["text"]


async def team_of_four(bot: RunningBot) -> None:
    await give_roles(bot, admin_a=ADMIN_A, admin_b=ADMIN_B, operator=OPERATOR, viewer=VIEWER)
    for user in (ADMIN_A, ADMIN_B, OPERATOR):  # each writes once: the bot learns their names
        await ask(bot, user, "/help")


@pytest.fixture
async def approving_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """A bot where an operator's campaign of more than 2 recipients waits for an approval."""
    bot = RunningBot(
        fake_telegram, bot_simulator,
        bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db", bulk_approval_over=2),
    )
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
