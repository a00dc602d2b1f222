"""MessageStore: the life of an SMS, every change committed before the call returns.

Each state change also appends a row to the message's event history, in the same transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import aiosqlite

from storage.message_reads import MessageReads
from storage.message_rows import SELECT, add_event, insert_many, insert_one, to_record
from storage.models import MessageRecord, NewMessage, RecordNotFound, SendStatus
from storage.sql import WriteResult, execute, fetch_all, fetch_one

_INTERRUPTED = "interrupted"


class MessageStore(MessageReads):
    async def create(
        self, new: NewMessage, *, status: SendStatus = SendStatus.SENDING, now: float
    ) -> int:
        async with self._sql.transaction() as conn:
            return await insert_one(conn, new, status, now)

    async def create_many(self, news: Sequence[NewMessage], *, now: float) -> None:
        """All QUEUED, in one transaction."""
        async with self._sql.transaction() as conn:
            await insert_many(conn, news, SendStatus.QUEUED, now)

    async def claim(self, message_id: int, *, now: float) -> bool:
        """QUEUED -> SENDING; False when the row is not QUEUED (claimed, cancelled, missing)."""
        async with self._sql.transaction() as conn:
            result = await execute(
                conn,
                "UPDATE messages SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                (SendStatus.SENDING.value, now, message_id, SendStatus.QUEUED.value),
            )
            if result.rowcount == 0:
                return False
            await add_event(conn, message_id, now, "status", SendStatus.SENDING.value, None)
            return True

    async def release(self, message_id: int, *, now: float) -> bool:
        """SENDING -> QUEUED, for a claim whose gateway call surely never started (a send
        cancelled between the two); False when the row is not SENDING."""
        async with self._sql.transaction() as conn:
            result = await execute(
                conn,
                "UPDATE messages SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                (SendStatus.QUEUED.value, now, message_id, SendStatus.SENDING.value),
            )
            if result.rowcount == 0:
                return False
            await add_event(conn, message_id, now, "status", SendStatus.QUEUED.value, "released")
            return True

    async def mark_sent(
        self,
        message_id: int,
        *,
        code: str,
        smsid: str | None,
        now: float,
        next_check_at: float | None,
        check_interval: float | None,
        track_until: float | None,
    ) -> None:
        async with self._sql.transaction() as conn:
            result = await execute(
                conn,
                "UPDATE messages SET status = ?, gateway_code = ?, smsid = ?, sent_at = ?,"
                " updated_at = ?, next_check_at = ?, check_interval = ?, track_until = ?"
                " WHERE id = ?",
                (SendStatus.SENT.value, code, smsid, now, now, next_check_at, check_interval,
                 track_until, message_id),
            )
            _require(result, message_id)
            await add_event(conn, message_id, now, "status", SendStatus.SENT.value, code)

    async def mark_failed(
        self, message_id: int, *, code: str, error_kind: str, now: float
    ) -> None:
        async with self._sql.transaction() as conn:
            result = await execute(
                conn,
                "UPDATE messages SET status = ?, gateway_code = ?, error_kind = ?, updated_at = ?"
                " WHERE id = ?",
                (SendStatus.FAILED.value, code, error_kind, now, message_id),
            )
            _require(result, message_id)
            await add_event(conn, message_id, now, "status", SendStatus.FAILED.value, code)

    async def mark_unknown(
        self, message_id: int, *, reason: str, code: str | None, now: float
    ) -> None:
        """The request may have reached the gateway; `reason` goes to the event history."""
        async with self._sql.transaction() as conn:
            result = await execute(
                conn,
                "UPDATE messages SET status = ?, gateway_code = ?, updated_at = ? WHERE id = ?",
                (SendStatus.UNKNOWN.value, code, now, message_id),
            )
            _require(result, message_id)
            await add_event(conn, message_id, now, "status", SendStatus.UNKNOWN.value, reason)

    async def cancel_queued(self, campaign_id: int, *, now: float) -> int:
        """QUEUED -> CANCELLED for a campaign; returns how many were cancelled."""
        async with self._sql.transaction() as conn:
            await conn.execute(
                "INSERT INTO message_events (message_id, at, kind, value, detail)"
                " SELECT id, ?, 'status', ?, NULL FROM messages"
                " WHERE campaign_id = ? AND status = ? ORDER BY id",
                (now, SendStatus.CANCELLED.value, campaign_id, SendStatus.QUEUED.value),
            )
            result = await execute(
                conn,
                "UPDATE messages SET status = ?, updated_at = ?"
                " WHERE campaign_id = ? AND status = ?",
                (SendStatus.CANCELLED.value, now, campaign_id, SendStatus.QUEUED.value),
            )
            return result.rowcount

    async def set_confirmation(self, message_id: int, confirmation_message_id: int) -> None:
        result = await self._sql.execute(
            "UPDATE messages SET confirmation_message_id = ? WHERE id = ?",
            (confirmation_message_id, message_id),
        )
        _require(result, message_id)

    async def recover_interrupted(self, *, now: float) -> list[MessageRecord]:
        """At start-up: every SENDING row (a crash mid-call) becomes UNKNOWN, never re-sent."""
        sending = (SendStatus.SENDING.value,)
        async with self._sql.transaction() as conn:
            rows = await fetch_all(conn, f"{SELECT} WHERE status = ? ORDER BY id", sending)
            await conn.execute(
                "INSERT INTO message_events (message_id, at, kind, value, detail)"
                " SELECT id, ?, 'status', ?, ? FROM messages WHERE status = ? ORDER BY id",
                (now, SendStatus.UNKNOWN.value, _INTERRUPTED, *sending),
            )
            await conn.execute(
                "UPDATE messages SET status = ?, updated_at = ? WHERE status = ?",
                (SendStatus.UNKNOWN.value, now, *sending),
            )
        return [
            dataclasses.replace(to_record(row), status=SendStatus.UNKNOWN, updated_at=now)
            for row in rows
        ]

    async def record_delivery(
        self,
        message_id: int,
        *,
        code: str,
        final: bool,
        now: float,
        next_check_at: float | None,
        check_interval: float | None,
    ) -> bool:
        """Count a check and reschedule it (None stops tracking). When `code` differs from the
        stored delivery code, store it with `final`, add a "delivery" event and return True."""
        async with self._sql.transaction() as conn:
            changed = await _delivery_changed(conn, message_id, code)
            await conn.execute(
                "UPDATE messages SET checks = checks + 1, next_check_at = ?, check_interval = ?,"
                " updated_at = ? WHERE id = ?",
                (next_check_at, check_interval, now, message_id),
            )
            if changed:
                await conn.execute(
                    "UPDATE messages SET delivery_code = ?, delivery_final = ? WHERE id = ?",
                    (code, int(final), message_id),
                )
                await add_event(conn, message_id, now, "delivery", code, None)
            return changed

    async def postpone_check(
        self, message_id: int, *, next_check_at: float, check_interval: float
    ) -> None:
        """Reschedule a delivery check that got no answer; not counted in `checks`."""
        result = await self._sql.execute(
            "UPDATE messages SET next_check_at = ?, check_interval = ? WHERE id = ?",
            (next_check_at, check_interval, message_id),
        )
        _require(result, message_id)


async def _delivery_changed(conn: aiosqlite.Connection, message_id: int, code: str) -> bool:
    row = await fetch_one(conn, "SELECT delivery_code FROM messages WHERE id = ?", (message_id,))
    if row is None:
        raise RecordNotFound(f"message {message_id} does not exist")
    return bool(row["delivery_code"] != code)


def _require(result: WriteResult, message_id: int) -> None:
    if result.rowcount == 0:
        raise RecordNotFound(f"message {message_id} does not exist")
