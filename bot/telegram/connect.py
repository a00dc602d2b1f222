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
from telegram.request import HTTPXRequest

from bot.config import Settings
from bot.gateway.http import tls_context
from bot.proxy import masked

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


def telegram_request(settings: Settings, pool: int) -> HTTPXRequest:
    """PTB's own defaults, but on the process's one TLS context (loading CA bundles is slow),
    through TELEGRAM_PROXY if set (else httpx reads HTTPS_PROXY/ALL_PROXY, as it always did)."""
    return HTTPXRequest(
        connection_pool_size=pool, proxy=settings.telegram_proxy or None,
        httpx_kwargs={"verify": tls_context()},
    )


def telegram_route(settings: Settings) -> str:
    """How Telegram is reached, as it may be shown (no password)."""
    if settings.telegram_proxy:
        return f"through TELEGRAM_PROXY {masked(settings.telegram_proxy)}"
    return "directly (or through HTTPS_PROXY/ALL_PROXY if set)"
