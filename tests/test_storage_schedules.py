"""ScheduleStore and migration v6: 'scheduled' rows, their atomic claim, and a schema widened
without losing a row, an event, an index or a trigger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

from storage import MIGRATIONS, Database, SendStatus
from storage.migrations import migrate
from storage.sql import Sql
from tests.fixtures_storage import events_of, new_message

V6_INDEXES = {"messages_scheduled", "campaigns_due"}
# v7, applied after it, makes the command index UNIQUE under another name.
V7_INDEXES = ({"messages_command"}, {"messages_command_once"})
# Indexes the migrations after v7 add (Database.open applies them all): v8, the contacts; v9,
# the team.
LATER_INDEXES = {"contacts_number", "audit_user", "messages_user_created"}


def _schema(path: Path, kind: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%'", (kind,)
        )
        return {str(name) for (name,) in rows}


async def test_v6_keeps_every_row_event_index_and_trigger_of_a_v5_database(
    storage_path: Path,
) -> None:
    storage_path.parent.mkdir()
    conn = await aiosqlite.connect(storage_path, isolation_level=None)
    try:
        await migrate(Sql(conn), MIGRATIONS[:5])
        await conn.execute(
            "INSERT INTO messages (id, recipient, text, parts, flash, user_id, chat_id, transport,"
            " status, status_detail, created_at, updated_at)"
            " VALUES (5, '09121234567', 'old', 1, 0, 1, 2, 'soap', 'sending', NULL, 1.0, 1.0)"
        )
        await conn.execute(
            "UPDATE messages SET status = 'sent', status_detail = '2', updated_at = 2.0"
        )
    finally:
        await conn.close()
    indexes, triggers = _schema(storage_path, "index"), _schema(storage_path, "trigger")
    db = await Database.open(storage_path)
    try:
        new_id = await db.schedules.create(new_message(scheduled_at=50.0), now=3.0)
        assert new_id is not None
        await db.messages.recover_interrupted(now=4.0)
        record = await db.messages.get(new_id)
    finally:
        await db.close()
    before, events = events_of(storage_path, 5), events_of(storage_path, new_id)
    assert [(e.value, e.detail) for e in before] == [("sending", None), ("sent", "2")]
    assert [(e.at, e.value) for e in events] == [(3.0, "scheduled")]
    assert record is not None and (record.status, record.series_id) == (SendStatus.SCHEDULED, new_id)
    dropped, added = V7_INDEXES
    assert _schema(storage_path, "index") == (indexes - dropped) | V6_INDEXES | added | LATER_INDEXES
    assert _schema(storage_path, "trigger") == triggers and len(triggers) == 3
    with sqlite3.connect(storage_path) as check:
        assert check.execute("PRAGMA foreign_key_check").fetchall() == []
        [(events_sql,)] = check.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'message_events'").fetchall()
    assert "REFERENCES messages (id) ON DELETE CASCADE" in events_sql


async def test_a_schedule_is_claimed_once_and_a_series_gets_its_next_run_with_the_claim(
    storage_db: Database,
) -> None:
    schedules = storage_db.schedules
    series = await schedules.create(new_message(scheduled_at=10.0, repeat_rule="day 09:00"),
                                    now=1.0)
    assert series is not None
    assert await schedules.due(now=9.0, after=(float("-inf"), 0), limit=10) == []
    [due] = await schedules.due(now=10.0, after=(float("-inf"), 0), limit=10)
    assert await schedules.claim(due, next_at=86410.0, now=10.0)
    assert not await schedules.claim(due, next_at=86410.0, now=10.5)  # a second claim: nothing
    claimed = await storage_db.messages.get(series)
    [waiting] = await schedules.pending(limit=10)
    assert claimed is not None and claimed.status is SendStatus.SENDING
    assert (waiting.series_id, waiting.scheduled_at, waiting.repeat_rule) == (
        series, 86410.0, "day 09:00")
    [cancelled] = await schedules.cancel(series, now=11.0)
    assert cancelled.id == waiting.id and await schedules.pending(limit=10) == []


async def test_the_due_query_reads_the_partial_index(storage_db: Database, storage_path: Path) -> None:
    for n in range(5):
        await storage_db.schedules.create(new_message(scheduled_at=100.0 + n), now=1.0)
    assert await storage_db.schedules.hold(1)
    due = await storage_db.schedules.due(now=1000.0, after=(float("-inf"), 0), limit=10)
    assert [record.id for record in due] == [2, 3, 4, 5]  # held ones wait for their admin
    with sqlite3.connect(storage_path) as conn:
        plan = " ".join(str(row[-1]) for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM messages INDEXED BY messages_scheduled"
            " WHERE status = 'scheduled' AND held = 0 AND scheduled_at <= 1000"
            " ORDER BY scheduled_at, id"))
    assert "messages_scheduled" in plan


async def test_a_scheduling_command_is_recorded_once(storage_db: Database) -> None:
    command = new_message(scheduled_at=10.0, command_message_id=42)
    first = await storage_db.schedules.create(command, now=1.0)
    again = await storage_db.schedules.create(command, now=2.0)
    assert first is not None and again is None
    earlier = await storage_db.messages.by_command(command.chat_id, 42)
    assert earlier is not None and earlier.id == first
