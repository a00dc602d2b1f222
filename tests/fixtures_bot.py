"""The whole bot, end to end: the real PTB Application polling the fake Bot API and talking to the
gateway simulator through the real zeep client, with a real SQLite file."""

from __future__ import annotations

import asyncio
import io
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.app import serve
from bot.config import Settings
from bot.simulator import ManualClock, Simulator, SimulatorConfig
from tests.fake_telegram import FakeTelegram

ADMIN = 111
STRANGER = 999


@dataclass
class RunningBot:
    telegram: FakeTelegram
    simulator: Simulator
    settings: Settings
    task: asyncio.Task[None] | None = None
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)

    async def start(self) -> None:
        self.stop_event = asyncio.Event()
        notices = len(self.startup_notices())
        self.task = asyncio.create_task(serve(self.settings, self.stop_event))
        await self.telegram.wait_for(lambda: len(self.startup_notices()) > notices, timeout=10)

    def startup_notices(self) -> list[dict[str, Any]]:
        return [m for m in self.telegram.messages_in(ADMIN) if "🟢" in m.get("text", "")]

    async def stop(self) -> None:
        if self.task is None:
            return
        self.stop_event.set()
        await asyncio.wait_for(self.task, timeout=15)
        self.task = None

    async def handled(self, *updates: dict[str, Any], timeout: float = 10.0) -> None:
        """Returns once the bot has taken `updates` and every handler and job they started ended.

        The bot processes updates concurrently, so neither its next getUpdates nor a later reply
        proves an earlier update's handlers are done. PTB's `Application.stop()` is the point that
        does: it returns only after every update it fetched was processed, running jobs ended and
        tasks made with `create_task` finished. So this stops the bot; `start()` goes on.
        """
        await self.telegram.wait_fetched(*updates, timeout=timeout)
        await self.stop()

    async def __aenter__(self) -> RunningBot:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def command(self, text: str, *, user: int = ADMIN, timeout: float = 5.0) -> str:
        """Send `text` as the admin and return the bot's reply to it (its text, or the caption
        of a photo or document)."""
        update = self.telegram.send_text(user, text, language_code="en")
        message_id = update["message"]["message_id"]
        reply = await self.reply_to(message_id, chat_id=user, timeout=timeout)
        return str(reply["text"] if "text" in reply else reply["caption"])

    async def reply_to(self, message_id: int, *, chat_id: int, timeout: float = 5.0) -> dict[str, Any]:
        def found() -> dict[str, Any] | None:
            for message in self.telegram.messages_in(chat_id):
                reply = message.get("reply_to_message") or {}
                if reply.get("message_id") == message_id:
                    return message
            return None

        await self.telegram.wait_for(lambda: found() is not None, timeout=timeout)
        result = found()
        assert result is not None
        return result

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        """Rows of a query on the bot's database file, read beside the bot."""
        with sqlite3.connect(self.settings.database_path) as conn:
            return list(conn.execute(sql, params).fetchall())

    def outbox_texts(self, marker: str = "") -> list[str]:
        """What the bot has decided to tell a chat outside a reply, sent or not yet: one per item."""
        return [str(text) for (text,) in self.rows("SELECT text FROM outbox ORDER BY id")
                if marker in str(text)]

    def gateway_requests(self, operation: str | None = None) -> list[Any]:
        return [
            r for r in self.simulator.requests
            if r.operation is not None and (operation is None or r.operation == operation)
        ]


def bot_settings(
    telegram: FakeTelegram, simulator: Simulator, database: Path, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": telegram.token,
        "telegram_api_url": telegram.base_url,
        "admin_ids": str(ADMIN),
        "sms_username": simulator.config.username,
        "sms_password": simulator.config.password,
        "sms_sender": simulator.config.sender,
        "sms_endpoint": simulator.soap_url,
        "sms_link_url": simulator.link_url,
        "sms_timeout": 3,
        "database_path": database,
        "delivery_poll_first": 0.3,
        "delivery_poll_max": 0.6,
        "balance_check_minutes": 0,
        "bot_language": "en",
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)


def bot_environment(telegram: FakeTelegram, simulator: Simulator, database: Path) -> dict[str, str]:
    """The same configuration as environment variables, for a bot in its own process."""
    return {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.base_url,
        "ADMIN_IDS": str(ADMIN),
        "SMS_USERNAME": simulator.config.username,
        "SMS_PASSWORD": simulator.config.password,
        "SMS_SENDER": simulator.config.sender,
        "SMS_ENDPOINT": simulator.soap_url,
        "SMS_LINK_URL": simulator.link_url,
        "SMS_TIMEOUT": "5",
        "DATABASE_PATH": str(database),
        "BALANCE_CHECK_MINUTES": "0",
        "BOT_LANGUAGE": "en",
        "LOG_LEVEL": "WARNING",
    }


@pytest.fixture
async def bot_simulator() -> AsyncIterator[Simulator]:
    """The gateway simulator on today's clock (the bot sends real times), moved by hand."""
    async with Simulator(SimulatorConfig(), ManualClock(start=time.time())) as simulator:
        yield simulator


@pytest.fixture
async def running_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    simulator = bot_simulator
    settings = bot_settings(fake_telegram, simulator, tmp_path / "bot.db")
    async with RunningBot(fake_telegram, simulator, settings) as bot:
        yield bot


@pytest.fixture
async def gateway_schedule_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """A bot with SCHEDULE_MODE=gateway: /schedule hands the message to SendSMSWithTime."""
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db",
                            schedule_mode="gateway")
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        yield bot


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """A buffer for a test to log into; the root logger's level and handlers restored after."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    buffer = io.StringIO()
    yield buffer
    root.handlers[:] = saved[1]
    root.setLevel(saved[0])
