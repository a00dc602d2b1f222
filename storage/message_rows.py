"""Rows of the `messages` and `message_events` tables: the column list, row mapping, inserts.

Shared by MessageStore and CampaignStore (a campaign inserts its messages in its own transaction).
The events are written by the schema's triggers (migration v3), with the statement that changes
the message.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import aiosqlite

from bot.states import BLOCKED, SendStatus
from storage.models import MessageRecord, NewMessage
from storage.sql import Sql

COLUMNS = (
    "id, campaign_id, recipient, text, parts, flash, scheduled_at, user_id, chat_id,"
    " command_message_id, confirmation_message_id, transport, status, smsid, gateway_code,"
    " error_kind, delivery_code, delivery_final, created_at, sent_at, updated_at,"
    " next_check_at, check_interval, track_until, checks, repeat_rule, series_id, held,"
    " status_detail"
)
SELECT = f"SELECT {COLUMNS} FROM messages"

# The assignments of a claim: SENDING, or CANCELLED with detail BLOCKED when the recipient is on
# the opt-out list now (a primary-key lookup in the claim itself, no trip of its own).
_IS_BLOCKED = "EXISTS (SELECT 1 FROM blocked WHERE blocked.number = messages.recipient)"
CLAIM_UNLESS_BLOCKED = (
    f"status = CASE WHEN {_IS_BLOCKED} THEN ? ELSE ? END,"
    f" status_detail = CASE WHEN {_IS_BLOCKED} THEN ? END"
)


def claim_params() -> tuple[str, str, str]:
    """The values `CLAIM_UNLESS_BLOCKED` binds, in order."""
    return SendStatus.CANCELLED.value, SendStatus.SENDING.value, BLOCKED


_INSERT = (
    "INSERT INTO messages (campaign_id, recipient, text, parts, flash, scheduled_at, user_id,"
    " chat_id, command_message_id, transport, status, created_at, updated_at, repeat_rule)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def to_record(row: sqlite3.Row) -> MessageRecord:
    return MessageRecord(
        id=row["id"],
        campaign_id=row["campaign_id"],
        recipient=row["recipient"],
        text=row["text"],
        parts=row["parts"],
        flash=bool(row["flash"]),
        scheduled_at=row["scheduled_at"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        command_message_id=row["command_message_id"],
        confirmation_message_id=row["confirmation_message_id"],
        transport=row["transport"],
        status=SendStatus(row["status"]),
        smsid=row["smsid"],
        gateway_code=row["gateway_code"],
        error_kind=row["error_kind"],
        delivery_code=row["delivery_code"],
        delivery_final=bool(row["delivery_final"]),
        created_at=row["created_at"],
        sent_at=row["sent_at"],
        updated_at=row["updated_at"],
        next_check_at=row["next_check_at"],
        check_interval=row["check_interval"],
        track_until=row["track_until"],
        checks=row["checks"],
        repeat_rule=row["repeat_rule"],
        series_id=row["series_id"],
        held=bool(row["held"]),
        status_detail=row["status_detail"],
    )


def _values(new: NewMessage, status: SendStatus, now: float) -> tuple[object, ...]:
    return (
        new.campaign_id, new.recipient, new.text, new.parts, int(new.flash), new.scheduled_at,
        new.user_id, new.chat_id, new.command_message_id, new.transport, status.value, now, now,
        new.repeat_rule,
    )


async def insert_one(sql: Sql, new: NewMessage, status: SendStatus, now: float) -> int:
    """Insert a message; its first status event comes with it (one statement, one trip)."""
    [row] = await sql.returning(f"{_INSERT} RETURNING id", _values(new, status, now))
    return int(row["id"])


async def insert_in(
    conn: aiosqlite.Connection, new: NewMessage, status: SendStatus, now: float
) -> int:
    """Insert a message within a transaction the caller holds; returns its id."""
    [row] = await conn.execute_fetchall(f"{_INSERT} RETURNING id", _values(new, status, now))
    return int(row[0])


# A chat command's row is written once: a second copy of the command inserts nothing.
_INSERT_ONCE = (
    f"{_INSERT} ON CONFLICT (chat_id, command_message_id)"
    " WHERE command_message_id IS NOT NULL DO NOTHING RETURNING id"
)


async def insert_once(sql: Sql, new: NewMessage, status: SendStatus, now: float) -> int | None:
    """Insert the message of a chat command; None when that command has its row already."""
    rows = await sql.returning(_INSERT_ONCE, _values(new, status, now))
    return int(rows[0]["id"]) if rows else None


async def insert_once_in(
    conn: aiosqlite.Connection, new: NewMessage, status: SendStatus, now: float
) -> int | None:
    """`insert_once` within a transaction the caller holds."""
    rows = list(await conn.execute_fetchall(_INSERT_ONCE, _values(new, status, now)))
    return int(rows[0][0]) if rows else None


async def insert_many(
    conn: aiosqlite.Connection, news: Sequence[NewMessage], status: SendStatus, now: float
) -> None:
    """Insert messages in bulk, each with its first status event (call inside a transaction)."""
    await conn.executemany(_INSERT, [_values(new, status, now) for new in news])
