"""Delivers queued chat messages (reports, alerts, notices) at least once and at most once each.

Everything to say to a chat outside of a direct reply goes through the persisted outbox, so a Telegram
outage or a 429 only delays it. One pump runs at a time (a lock), so no item is sent twice concurrently.
`run` pumps every second, and at once when `wake` is set (the notifier sets it on each new item).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from storage import Database, OutboxItem

log = logging.getLogger(__name__)

BATCH = 20
MAX_BACKOFF = 60.0
TICK = 1.0


class OutboxPump:
    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock
        self._lock = asyncio.Lock()
        self._stopping = False

    async def run(self, bot: Bot, wake: asyncio.Event) -> None:
        """Pump until `stop` (then set `wake`); a failed round is logged, the next tries again."""
        while not self._stopping:
            wake.clear()
            try:
                await self.pump(bot)
            except Exception:
                log.exception("outbox round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), TICK)

    def stop(self) -> None:
        """The item being sent is finished and marked; the rest waits for the next start."""
        self._stopping = True

    async def pump(self, bot: Bot) -> int:
        """Send what is due; returns how many went out."""
        sent = 0
        async with self._lock:
            for item in await self._db.outbox.due(now=self._clock(), limit=BATCH):
                if self._stopping:
                    break
                outcome = await self._deliver(bot, item)
                if outcome is None:
                    break  # rate-limited or Telegram away: the rest waits for the next round
                sent += outcome
        return sent

    async def _deliver(self, bot: Bot, item: OutboxItem) -> int | None:
        try:
            message = await _send(bot, item)
        except RetryAfter as error:
            await self._retry(item, f"429 retry after {error.retry_after}", _seconds(error))
            return None
        except (Forbidden, BadRequest) as error:
            # Permanent: the chat is gone or the text is refused. Logged, not retried forever.
            log.error("outbox item %s dropped: %s", item.id, error)
            await self._db.outbox.mark_sent(item.id, telegram_message_id=None, now=self._clock())
            return 0
        except NetworkError as error:
            await self._retry(item, str(error), min(MAX_BACKOFF, 2.0**item.attempts))
            return None
        await self._db.outbox.mark_sent(
            item.id, telegram_message_id=message.message_id, now=self._clock()
        )
        return 1

    async def _retry(self, item: OutboxItem, error: str, delay: float) -> None:
        log.warning("outbox item %s not delivered (%s), retrying in %.0fs", item.id, error, delay)
        await self._db.outbox.mark_retry(
            item.id, error=error, next_attempt_at=self._clock() + delay
        )


async def _send(bot: Bot, item: OutboxItem) -> Message:
    reply_parameters = _reply_to(item.reply_to_message_id)
    markup = _markup(item.markup)
    if item.photo is not None:
        return await bot.send_photo(
            chat_id=item.chat_id, photo=item.photo, caption=item.text,
            reply_parameters=reply_parameters, reply_markup=markup,
        )
    return await bot.send_message(
        chat_id=item.chat_id, text=item.text, reply_parameters=reply_parameters,
        reply_markup=markup,
    )


def _seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value if isinstance(value, int | float) else value.total_seconds()


def _reply_to(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


def _markup(raw: str | None) -> InlineKeyboardMarkup | None:
    if raw is None:
        return None
    markup = InlineKeyboardMarkup.de_json(json.loads(raw), None)
    return markup
