"""Rows of the `messages` and `message_events` tables: the column list, row mapping, inserts.

Shared by MessageStore and CampaignStore (a campaign inserts its messages in its own transaction).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import aiosqlite

from storage.models import MessageEvent, MessageRecord, NewMessage, SendStatus
from storage.sql import fetch_one

COLUMNS = (
    "id, campaign_id, recipient, text, parts, flash, scheduled_at, user_id, chat_id,"
    " command_message_id, confirmation_message_id, transport, status, smsid, gateway_code,"
    " error_kind, delivery_code, delivery_final, created_at, sent_at, updated_at,"
    " next_check_at, check_interval, track_until, checks"
)
SELECT = f"SELECT {COLUMNS} FROM messages"

_INSERT = (
    "INSERT INTO messages (campaign_id, recipient, text, parts, flash, scheduled_at, user_id,"
    " chat_id, command_message_id, transport, status, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_EVENT = (
    "INSERT INTO message_events (message_id, at, kind, value, detail) VALUES (?, ?, ?, ?, ?)"
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
    )


def to_event(row: sqlite3.Row) -> MessageEvent:
    return MessageEvent(
        message_id=row["message_id"],
        at=row["at"],
        kind=row["kind"],
        value=row["value"],
        detail=row["detail"],
    )


def _values(new: NewMessage, status: SendStatus, now: float) -> tuple[object, ...]:
    return (
        new.campaign_id, new.recipient, new.text, new.parts, int(new.flash), new.scheduled_at,
        new.user_id, new.chat_id, new.command_message_id, new.transport, status.value, now, now,
    )


async def insert_one(
    conn: aiosqlite.Connection, new: NewMessage, status: SendStatus, now: float
) -> int:
    """Insert a message and its first status event (call inside a transaction)."""
    async with conn.execute(_INSERT, _values(new, status, now)) as cursor:
        message_id = cursor.lastrowid
    assert message_id is not None  # an INSERT that did not raise always sets it
    await add_event(conn, message_id, now, "status", status.value, None)
    return message_id


async def insert_many(
    conn: aiosqlite.Connection, news: Sequence[NewMessage], status: SendStatus, now: float
) -> None:
    """Insert messages in bulk with their first status events (call inside a transaction).

    Inside a write transaction new rowids are all above the previous maximum, so the events
    can be added with one INSERT ... SELECT instead of a round trip per row.
    """
    row = await fetch_one(conn, "SELECT COALESCE(MAX(id), 0) FROM messages")
    before = int(row[0]) if row is not None else 0
    await conn.executemany(_INSERT, [_values(new, status, now) for new in news])
    await conn.execute(
        "INSERT INTO message_events (message_id, at, kind, value, detail)"
        " SELECT id, ?, 'status', ?, NULL FROM messages WHERE id > ? ORDER BY id",
        (now, status.value, before),
    )


async def add_event(
    conn: aiosqlite.Connection,
    message_id: int,
    at: float,
    kind: str,
    value: str,
    detail: str | None,
) -> None:
    await conn.execute(_INSERT_EVENT, (message_id, at, kind, value, detail))
