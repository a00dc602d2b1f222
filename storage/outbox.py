"""OutboxStore: Telegram messages to deliver, durable across restarts, each queued once."""

from __future__ import annotations

import sqlite3

from storage.models import OutboxItem, RecordNotFound
from storage.sql import Sql, execute


class OutboxStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def enqueue(
        self,
        *,
        chat_id: int,
        text: str,
        reply_to_message_id: int | None = None,
        markup: str | None = None,
        dedupe_key: str | None = None,
        confirms_message_id: int | None = None,
        photo: bytes | None = None,
        now: float,
    ) -> int | None:
        """The new item's id, or None when an item with this `dedupe_key` already exists.
        `confirms_message_id`: the item confirms that message's send (see `mark_sent`). With a
        `photo` (PNG bytes) the item is sent as that photo, `text` as its caption."""
        result = await self._sql.execute(
            "INSERT INTO outbox (chat_id, text, reply_to_message_id, markup, dedupe_key,"
            " confirms_message_id, photo, next_attempt_at, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
            (chat_id, text, reply_to_message_id, markup, dedupe_key, confirms_message_id, photo,
             now, now),
        )
        return result.lastrowid if result.rowcount == 1 else None

    async def queued(self, dedupe_key: str) -> bool:
        """Whether an item with this `dedupe_key` exists (sent or not)."""
        row = await self._sql.fetch_one("SELECT 1 FROM outbox WHERE dedupe_key = ?", (dedupe_key,))
        return row is not None

    async def due(self, *, now: float, limit: int) -> list[OutboxItem]:
        """Unsent items whose next attempt is due, the longest waiting first."""
        rows = await self._sql.fetch_all(
            "SELECT id, chat_id, text, reply_to_message_id, markup, attempts, next_attempt_at,"
            " created_at, confirms_message_id, photo FROM outbox"
            " WHERE sent_at IS NULL AND next_attempt_at <= ?"
            " ORDER BY next_attempt_at, id LIMIT ?",
            (now, limit),
        )
        return [_to_item(row) for row in rows]

    async def mark_sent(
        self, item_id: int, *, telegram_message_id: int | None, now: float
    ) -> None:
        """Done with the item (also the way to give one up: `telegram_message_id` None). An item
        confirming a send becomes that message's confirmation, in the same transaction:
        delivery reports reply to it. A photo's bytes are let go: Telegram has it now, and the
        row stays only for its dedupe key."""
        async with self._sql.transaction() as conn:
            result = await execute(
                conn,
                "UPDATE outbox SET sent_at = ?, telegram_message_id = ?, photo = NULL WHERE id = ?",
                (now, telegram_message_id, item_id),
            )
            _require(result.rowcount, item_id)
            if telegram_message_id is not None:
                await execute(
                    conn,
                    "UPDATE messages SET confirmation_message_id = ? WHERE id ="
                    " (SELECT confirms_message_id FROM outbox WHERE id = ?)",
                    (telegram_message_id, item_id),
                )

    async def mark_retry(self, item_id: int, *, error: str, next_attempt_at: float) -> None:
        result = await self._sql.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
            " WHERE id = ?",
            (error, next_attempt_at, item_id),
        )
        _require(result.rowcount, item_id)

    async def pending(self) -> int:
        row = await self._sql.fetch_one("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
        return int(row[0]) if row is not None else 0

    async def oldest_pending(self) -> float | None:
        """When the longest-waiting unsent item was queued; None when nothing waits."""
        row = await self._sql.fetch_one("SELECT MIN(created_at) FROM outbox WHERE sent_at IS NULL")
        return float(row[0]) if row is not None and row[0] is not None else None


def _to_item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        chat_id=row["chat_id"],
        text=row["text"],
        reply_to_message_id=row["reply_to_message_id"],
        markup=row["markup"],
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        created_at=row["created_at"],
        confirms_message_id=row["confirms_message_id"],
        photo=row["photo"],
    )


def _require(rowcount: int, item_id: int) -> None:
    if rowcount == 0:
        raise RecordNotFound(f"outbox item {item_id} does not exist")
