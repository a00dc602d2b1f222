"""Storage fixtures: a real SQLite file per test, and a NewMessage builder."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from storage import Database, MessageRecord, NewMessage

_BASE_MESSAGE = NewMessage(
    recipient="09121234567",
    text="hello",
    parts=1,
    flash=False,
    scheduled_at=None,
    user_id=111,
    chat_id=222,
    command_message_id=333,
    transport="soap",
)


def new_message(**changes: Any) -> NewMessage:
    """A valid NewMessage; pass fields to change."""
    return dataclasses.replace(_BASE_MESSAGE, **changes)


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
