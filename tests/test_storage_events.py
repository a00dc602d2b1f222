"""The event history SQLite writes itself (migration v3): the same history the stores wrote before,
each change committed on its own, and databases made before v3 carried over."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from storage import MIGRATIONS, Database, MessageEvent, SendStatus, SqliteTooOld
from storage.migrations import migrate
from storage.sql import Sql
from tests.fixtures_storage import events_of, new_message, queued_in


async def _campaign(db: Database, count: int, *, now: float) -> tuple[int, list[int]]:
    """A campaign of `count` QUEUED messages: its id and theirs."""
    campaign_id = await db.campaigns.create(
        user_id=1, chat_id=2, text="salam", flash=False, parts=1,
        recipients=[f"0912000000{n}" for n in range(count)], invalid=0, duplicates=0,
        transport="soap", now=now,
    )
    return campaign_id, [m.id for m in await queued_in(db, campaign_id, limit=count)]


def _history(message_id: int, *steps: tuple[float, str, str, str | None]) -> list[MessageEvent]:
    return [MessageEvent(message_id, at, kind, value, detail) for at, kind, value, detail in steps]


async def test_a_delivered_message_has_the_history_the_stores_wrote_before(
    storage_db: Database,
    storage_path: Path,
) -> None:
    messages = storage_db.messages
    _, [message_id] = await _campaign(storage_db, 1, now=1.0)
    assert await messages.claim(message_id, now=2.0)
    await messages.mark_sent(
        message_id, code="123456789", smsid="123456789", now=3.0,
        next_check_at=4.0, check_interval=60.0, track_until=99.0,
    )
    assert await messages.record_delivery(
        message_id, code="8", final=False, now=4.0, next_check_at=64.0, check_interval=60.0
    )
    # The same code again: counted, no event, and `final` is taken only with a new code.
    assert not await messages.record_delivery(
        message_id, code="8", final=True, now=64.0, next_check_at=184.0, check_interval=120.0
    )
    middle = await messages.get(message_id)
    assert middle is not None
    assert (middle.delivery_code, middle.delivery_final, middle.checks) == ("8", False, 2)
    assert await messages.record_delivery(
        message_id, code="5", final=True, now=184.0, next_check_at=None, check_interval=None
    )
    assert events_of(storage_path, message_id) == _history(
        message_id,
        (1.0, "status", "queued", None),
        (2.0, "status", "sending", None),
        (3.0, "status", "sent", "123456789"),
        (4.0, "delivery", "8", None),
        (184.0, "delivery", "5", None),
    )
    done = await messages.get(message_id)
    assert done is not None
    assert (done.status, done.delivery_code, done.delivery_final, done.checks, done.updated_at) == (
        SendStatus.SENT, "5", True, 3, 184.0,
    )


async def test_unknown_failed_released_cancelled_and_interrupted_histories(
    storage_db: Database,
    storage_path: Path,
) -> None:
    messages = storage_db.messages
    campaign_id, [resent, cancelled, unknown, failed] = await _campaign(storage_db, 4, now=1.0)
    interrupted = await messages.create(new_message(), now=1.0)
    for message_id in (resent, cancelled, unknown, failed):
        assert await messages.claim(message_id, now=2.0)
    assert await messages.release(resent, now=3.0)
    assert await messages.release(cancelled, now=3.0)
    assert await messages.claim(resent, now=4.0)
    await messages.mark_sent(
        resent, code="2", smsid=None, now=5.0,
        next_check_at=None, check_interval=None, track_until=None,
    )
    assert await messages.cancel_queued(campaign_id, now=6.0) == 1
    await messages.mark_unknown(unknown, reason="timeout", code="-1", now=3.0)
    await messages.mark_failed(failed, code="-19", error_kind="credit", now=3.0)
    assert [r.id for r in await messages.recover_interrupted(now=7.0)] == [interrupted]

    queued, sending = (1.0, "status", "queued", None), (2.0, "status", "sending", None)
    released = (3.0, "status", "queued", "released")
    assert events_of(storage_path, resent) == _history(
        resent, queued, sending, released, (4.0, "status", "sending", None),
        (5.0, "status", "sent", "2"),
    )
    assert events_of(storage_path, cancelled) == _history(
        cancelled, queued, sending, released, (6.0, "status", "cancelled", None)
    )
    assert events_of(storage_path, unknown) == _history(
        unknown, queued, sending, (3.0, "status", "unknown", "timeout")
    )
    assert events_of(storage_path, failed) == _history(
        failed, queued, sending, (3.0, "status", "failed", "-19")
    )
    assert events_of(storage_path, interrupted) == _history(
        interrupted, (1.0, "status", "sending", None), (7.0, "status", "unknown", "interrupted")
    )


async def test_sqlite_keeps_the_history_of_any_writer(
    storage_db: Database, storage_path: Path
) -> None:
    message_id = await storage_db.messages.create(new_message(), now=1.0)
    with sqlite3.connect(storage_path) as conn:  # not through the stores at all
        conn.execute(
            "UPDATE messages SET status = 'failed', status_detail = 'by hand', updated_at = 2"
            " WHERE id = ?",
            (message_id,),
        )
        # Neither the status nor the delivery code changes: nothing to record.
        conn.execute(
            "UPDATE messages SET status = status, delivery_code = delivery_code, updated_at = 3"
            " WHERE id = ?",
            (message_id,),
        )
    assert events_of(storage_path, message_id) == _history(
        message_id, (1.0, "status", "sending", None), (2.0, "status", "failed", "by hand")
    )


def _as_another_writer(path: Path, message_id: int) -> tuple[str, str | None, int]:
    """Status, delivery code and event count, read holding the write lock; raises
    sqlite3.OperationalError at once if our connection still holds it (a write not committed)."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        status, code = conn.execute(
            "SELECT status, delivery_code FROM messages WHERE id = ?", (message_id,)
        ).fetchone()
        [events] = conn.execute(
            "SELECT COUNT(*) FROM message_events WHERE message_id = ?", (message_id,)
        ).fetchone()
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    return status, code, events


async def test_each_change_is_committed_with_its_event_when_the_call_returns(
    storage_db: Database, storage_path: Path
) -> None:
    messages = storage_db.messages
    message_id = await messages.create(new_message(), status=SendStatus.QUEUED, now=1.0)
    assert _as_another_writer(storage_path, message_id) == ("queued", None, 1)
    assert await messages.claim(message_id, now=2.0)
    assert _as_another_writer(storage_path, message_id) == ("sending", None, 2)
    await messages.mark_sent(
        message_id, code="1", smsid="1", now=3.0,
        next_check_at=4.0, check_interval=60.0, track_until=99.0,
    )
    assert _as_another_writer(storage_path, message_id) == ("sent", None, 3)
    assert await messages.record_delivery(
        message_id, code="8", final=False, now=4.0, next_check_at=64.0, check_interval=60.0
    )
    assert _as_another_writer(storage_path, message_id) == ("sent", "8", 4)


_OLD_ROWS = (
    "INSERT INTO messages (id, recipient, text, parts, flash, user_id, chat_id, transport, status,"
    " smsid, delivery_code, checks, created_at, updated_at) VALUES"
    " (7, '09121234567', 'old', 1, 0, 1, 2, 'soap', 'sending', NULL, NULL, 0, 1.0, 1.0),"
    " (8, '09121234567', 'old', 1, 0, 1, 2, 'soap', 'sent', '123', '8', 2, 1.0, 1.5)",
    "INSERT INTO message_events (message_id, at, kind, value, detail) VALUES"
    " (7, 1.0, 'status', 'sending', NULL), (8, 1.0, 'status', 'sending', NULL),"
    " (8, 1.0, 'status', 'sent', '123'), (8, 1.5, 'delivery', '8', NULL)",
)


async def test_a_database_made_before_v3_keeps_its_history_and_gains_the_triggers(
    storage_path: Path,
) -> None:
    storage_path.parent.mkdir()
    conn = await aiosqlite.connect(storage_path, isolation_level=None)
    try:
        await migrate(Sql(conn), MIGRATIONS[:2])
        for statement in _OLD_ROWS:
            await conn.execute(statement)
    finally:
        await conn.close()
    db = await Database.open(storage_path)
    try:
        messages = db.messages
        await messages.mark_unknown(7, reason="timeout", code=None, now=2.0)
        assert not await messages.record_delivery(
            8, code="8", final=False, now=2.0, next_check_at=3.0, check_interval=60.0
        )
        assert await messages.record_delivery(
            8, code="5", final=True, now=3.0, next_check_at=None, check_interval=None
        )
        unknown, delivered = events_of(storage_path, 7), events_of(storage_path, 8)
    finally:
        await db.close()
    assert unknown == _history(
        7, (1.0, "status", "sending", None), (2.0, "status", "unknown", "timeout")
    )
    assert delivered == _history(
        8, (1.0, "status", "sending", None), (1.0, "status", "sent", "123"),
        (1.5, "delivery", "8", None), (3.0, "delivery", "5", None),
    )


async def test_an_sqlite_without_returning_is_refused_before_the_file_is_made(
    storage_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(SqliteTooOld, match=r"3\.31\.1 is too old.*3\.35\.0"):
        await Database.open(storage_path)
    assert not storage_path.parent.exists()
