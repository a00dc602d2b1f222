"""Reaching the Bot API at start-up: try until it answers, however long it is away.

Each failed attempt is one log line (why, and when the next one is), never a traceback; the wait
doubles up to a minute. A token Telegram rejects (401) is not an outage: it ends the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

log = logging.getLogger(__name__)

FIRST_WAIT = 1.0
LONGEST_WAIT = 60.0


class TokenRejected(Exception):
    """Telegram answered 401: TELEGRAM_BOT_TOKEN is wrong or revoked."""

    def __init__(self) -> None:
        super().__init__("Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token")


async def connect(
    app: Application[Any, Any, Any, Any, Any, Any], stop: asyncio.Event, *, via: str
) -> bool:
    """Initialize `app` (which asks Telegram getMe) once Telegram answers; False if `stop` came
    first. `via` says how Telegram is reached, for the log (no password in it)."""
    wait = FIRST_WAIT
    while not stop.is_set():
        try:
            await app.initialize()
        except InvalidToken:
            raise TokenRejected() from None
        except TelegramError as error:
            log.warning("Telegram is not reachable (%s, %s): trying again in %.0f s",
                        _reason(error), via, wait)
        else:
            return True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), wait)
        wait = min(wait * 2, LONGEST_WAIT)
    return False


def _reason(error: TelegramError) -> str:
    text = " ".join(str(error).split())  # one line, whatever httpx put in it
    return text or type(error).__name__
