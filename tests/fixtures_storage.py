"""Storage fixtures: a real SQLite file per test, and a NewMessage builder."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from storage import Database, MessageEvent, MessageRecord, NewMessage

_BASE_MESSAGE = NewMessage(
    recipient="09121234567",
    text="hello",
    parts=1,
    flash=False,
    scheduled_at=None,
    user_id=111,
    chat_id=222,
    command_message_id=None,  # not a chat command: any number of these may be stored
    transport="soap",
)


def new_message(**changes: Any) -> NewMessage:
    """A valid NewMessage; pass fields to change."""
    return dataclasses.replace(_BASE_MESSAGE, **changes)


def events_of(path: Path, message_id: int) -> list[MessageEvent]:
    """A message's state history as the database file holds it, oldest first (the bot writes it
    for whoever inspects the file; nothing in the bot reads it back)."""
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT message_id, at, kind, value, detail FROM message_events"
            " WHERE message_id = ? ORDER BY id",
            (message_id,),
        ).fetchall()
    return [MessageEvent(*row) for row in rows]


async def queued_in(db: Database, campaign_id: int, *, limit: int) -> list[MessageRecord]:
    """The campaign's QUEUED messages, by id."""
    return await db.campaigns.queued_after(campaign_id, after_id=0, limit=limit)


@pytest.fixture
def storage_path(tmp_path: Path) -> Path:
    """A database path whose folder does not exist yet (Database.open creates it)."""
    return tmp_path / "data" / "smsbridge.db"


@pytest.fixture
async def storage_db(storage_path: Path) -> AsyncIterator[Database]:
    db = await Database.open(storage_path)
    yield db
    await db.close()


async def store_tracked(
    db: Database, smsids: list[str], *, interval: float = 30.0, track_hours: float = 48.0
) -> None:
    """One SENT row per smsid, tracked, due for a check now (benchmarks and tests seed with it)."""
    now = time.time()
    new = new_message(text="tracked", user_id=1, chat_id=1, command_message_id=None)
    await db.messages.create_many([new] * len(smsids), now=now)
    ids = [record.id async for record in db.messages.iter_since(0)]
    for message_id, smsid in zip(ids, smsids, strict=True):
        await db.messages.mark_sent(
            message_id, code=smsid, smsid=smsid, now=now, next_check_at=now,
            check_interval=interval, track_until=now + track_hours * 3600,
        )
