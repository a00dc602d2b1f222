"""MessageStore: the life of an SMS, every change committed before the call returns.

Each change of a message is one statement, and one trip to the database thread: the schema's
triggers append the matching event (migration v3) within that statement, so both commit together.
A write that changes `status` sets `status_detail` (the event's detail) and `updated_at` with it.
Answers that arrive together (a campaign's) share one statement: see `storage.batching`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from bot.states import SendStatus
from storage.batching import Batcher
from storage.message_reads import MessageReads
from storage.message_rows import (
    CLAIM_UNLESS_BLOCKED,
    COLUMNS,
    claim_params,
    insert_many,
    insert_once,
    insert_one,
    to_record,
)
from storage.models import MessageRecord, NewMessage, RecordNotFound
from storage.sql import Params, Sql

_INTERRUPTED = "interrupted"
_RELEASED = "released"
# While answers keep coming, they are written one batch every SENT_SPACING seconds, at most
# SENT_BATCH rows a batch.
SENT_SPACING = 0.01
SENT_BATCH = 64


class _Sent(NamedTuple):
    """The gateway accepted a message: what `mark_sent` writes, in `_SENT_COLUMNS` order."""

    message_id: int
    code: str
    smsid: str | None
    at: float
    next_check_at: float | None
    check_interval: float | None
    track_until: float | None


_SENT_COLUMNS = "id, code, smsid, at, next_check_at, check_interval, track_until"
_SENT_WIDTH = len(_SENT_COLUMNS.split(","))


class MessageStore(MessageReads):
    def __init__(self, sql: Sql, *, batch_answers: bool = True) -> None:
        """`batch_answers=False`: each answer written on its own (`mark_sent`'s plain path)."""
        super().__init__(sql)
        self._sent: Batcher[_Sent, bool] = Batcher(
            self._write_sent, spacing=SENT_SPACING, size=SENT_BATCH
        )
        self._write_answer = self._sent.write if batch_answers else self._write_one

    async def create(
        self, new: NewMessage, *, status: SendStatus = SendStatus.SENDING, now: float
    ) -> int:
        return await insert_one(self._sql, new, status, now)

    async def create_once(
        self, new: NewMessage, *, status: SendStatus = SendStatus.SENDING, now: float
    ) -> int | None:
        """Like `create`, for the message of a chat command (`new.command_message_id`): None, and
        nothing written, when that command was recorded before."""
        return await insert_once(self._sql, new, status, now)

    async def create_many(self, news: Sequence[NewMessage], *, now: float) -> None:
        """All QUEUED, in one transaction."""
        async with self._sql.transaction() as conn:
            await insert_many(conn, news, SendStatus.QUEUED, now)

    async def claim(self, message_id: int, *, now: float) -> bool:
        """QUEUED -> SENDING; False when the row is not QUEUED (claimed, cancelled, missing), or
        when its recipient is blocked: then the same statement makes it CANCELLED (`BLOCKED`)."""
        rows = await self._sql.returning(
            f"UPDATE messages SET {CLAIM_UNLESS_BLOCKED}, updated_at = ?"
            " WHERE id = ? AND status = ? RETURNING status",
            (*claim_params(), now, message_id, SendStatus.QUEUED.value),
        )
        return bool(rows) and rows[0][0] == SendStatus.SENDING.value

    async def release(self, message_id: int, *, now: float) -> bool:
        """SENDING -> QUEUED, for a claim whose gateway call surely never started (a send
        cancelled between the two); False when the row is not SENDING."""
        return await self._move(message_id, SendStatus.SENDING, SendStatus.QUEUED, _RELEASED, now)

    async def requeue(self, message_id: int, *, reason: str, now: float) -> bool:
        """SENDING -> QUEUED after a send the gateway surely did not carry out (refused for the
        account, or never reached): a resumed campaign sends it. `reason` goes to the events."""
        return await self._move(message_id, SendStatus.SENDING, SendStatus.QUEUED, reason, now)

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
        """The gateway accepted it: SENT, with its smsid and when to check delivery. Written
        in one batch with the answers that arrive meanwhile (`SENT_SPACING`)."""
        sent = _Sent(message_id, code, smsid, now, next_check_at, check_interval, track_until)
        if not await self._write_answer(sent):
            raise RecordNotFound(f"message {message_id} does not exist")

    async def flush(self) -> None:
        """Write the answers still waiting for their batch (before closing)."""
        await self._sent.flush()

    async def mark_failed(
        self, message_id: int, *, code: str, error_kind: str, now: float
    ) -> None:
        await self._update(
            message_id,
            "status = ?, status_detail = ?, gateway_code = ?, error_kind = ?, updated_at = ?",
            (SendStatus.FAILED.value, code, code, error_kind, now),
        )

    async def mark_unknown(
        self, message_id: int, *, reason: str, code: str | None, now: float
    ) -> None:
        """The request may have reached the gateway; `reason` goes to the event history."""
        await self._update(
            message_id,
            "status = ?, status_detail = ?, gateway_code = ?, updated_at = ?",
            (SendStatus.UNKNOWN.value, reason, code, now),
        )

    async def cancel_queued(self, campaign_id: int, *, now: float) -> int:
        """QUEUED (or SCHEDULED) -> CANCELLED for a campaign; returns how many were cancelled."""
        result = await self._sql.execute(
            "UPDATE messages SET status = ?, status_detail = NULL, updated_at = ?"
            " WHERE campaign_id = ? AND status IN (?, ?)",
            (SendStatus.CANCELLED.value, now, campaign_id, SendStatus.QUEUED.value,
             SendStatus.SCHEDULED.value),
        )
        return result.rowcount

    async def set_confirmation(self, message_id: int, confirmation_message_id: int) -> None:
        await self._update(message_id, "confirmation_message_id = ?", (confirmation_message_id,))

    async def recover_interrupted(self, *, now: float) -> list[MessageRecord]:
        """At start-up: every SENDING row (a crash mid-call) becomes UNKNOWN, never re-sent."""
        rows = await self._sql.returning(
            "UPDATE messages SET status = ?, status_detail = ?, updated_at = ? WHERE status = ?"
            f" RETURNING {COLUMNS}",
            (SendStatus.UNKNOWN.value, _INTERRUPTED, now, SendStatus.SENDING.value),
        )
        return sorted((to_record(row) for row in rows), key=lambda record: record.id)

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
        # SET reads the row as it was: `final` and this check's number are stored only with a
        # new code (whose event the trigger adds); RETURNING reads the row as it is now.
        row = await self._update(
            message_id,
            "checks = checks + 1, next_check_at = ?, check_interval = ?, updated_at = ?,"
            " delivery_final = CASE WHEN delivery_code IS ? THEN delivery_final ELSE ? END,"
            " delivery_check = CASE WHEN delivery_code IS ? THEN delivery_check ELSE checks + 1 END,"
            " delivery_code = ?",
            (next_check_at, check_interval, now, code, int(final), code, code),
            returning="delivery_check IS checks",
        )
        return bool(row[0])

    async def postpone_check(
        self, message_id: int, *, next_check_at: float, check_interval: float
    ) -> None:
        """Reschedule a delivery check that got no answer; not counted in `checks`."""
        await self._update(
            message_id, "next_check_at = ?, check_interval = ?", (next_check_at, check_interval)
        )

    async def _move(
        self,
        message_id: int,
        source: SendStatus,
        target: SendStatus,
        detail: str | None,
        now: float,
    ) -> bool:
        """`source` -> `target` (atomic); False when the row is not in `source`."""
        rows = await self._sql.returning(
            "UPDATE messages SET status = ?, status_detail = ?, updated_at = ?"
            " WHERE id = ? AND status = ? RETURNING id",
            (target.value, detail, now, message_id, source.value),
        )
        return bool(rows)

    async def _write_one(self, sent: _Sent) -> bool:
        [written] = await self._write_sent([sent])
        return written

    async def _write_sent(self, batch: Sequence[_Sent]) -> list[bool]:
        """One UPDATE for the whole batch; for each row, whether its message exists."""
        # Padded to a power of two with rows that match nothing: few distinct statements, so
        # they stay in the connection's statement cache.
        rows = 1 << (len(batch) - 1).bit_length()
        params: list[object] = []
        for sent in batch:
            params += sent
        params += [None] * (_SENT_WIDTH * (rows - len(batch)))
        params.append(SendStatus.SENT.value)
        values = ", ".join(["(" + ", ".join("?" * _SENT_WIDTH) + ")"] * rows)
        found = await self._sql.returning(
            f"WITH sent ({_SENT_COLUMNS}) AS (VALUES {values})"
            " UPDATE messages SET status = ?, status_detail = sent.code,"
            " gateway_code = sent.code, smsid = sent.smsid, sent_at = sent.at,"
            " updated_at = sent.at, next_check_at = sent.next_check_at,"
            " check_interval = sent.check_interval, track_until = sent.track_until"
            " FROM sent WHERE messages.id = sent.id RETURNING messages.id",
            params,
        )
        ids = {row[0] for row in found}
        return [sent.message_id in ids for sent in batch]

    async def _update(
        self, message_id: int, assignments: str, params: Params, *, returning: str = "id"
    ) -> sqlite3.Row:
        """One UPDATE of the message's row, and what `returning` reads of it afterwards;
        RecordNotFound when there is no such row."""
        rows = await self._sql.returning(
            f"UPDATE messages SET {assignments} WHERE id = ? RETURNING {returning}",
            (*params, message_id),
        )
        if not rows:
            raise RecordNotFound(f"message {message_id} does not exist")
        return rows[0]
