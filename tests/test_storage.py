"""Database-level behaviour: opening, migrations, pragmas, durability, text fidelity."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path

import aiosqlite
import pytest

from storage import MIGRATIONS, Database, MessageFilter, SchemaTooNew, SendStatus
from storage.migrations import migrate
from storage.sql import Sql
from tests.fixtures_storage import new_message


def _second_connection(path: Path) -> sqlite3.Connection:
    """A plain connection on the same file; read-write but never creating it."""
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True)


def _file_pragma(path: Path, name: str) -> object:
    with _second_connection(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def _tables(path: Path) -> set[str]:
    with _second_connection(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


async def test_open_creates_the_folder_and_sets_the_schema_version(storage_path: Path) -> None:
    assert not storage_path.parent.exists()
    db = await Database.open(storage_path)
    await db.close()
    assert _file_pragma(storage_path, "user_version") == len(MIGRATIONS)
    assert {"messages", "message_events", "campaigns", "outbox", "state"} <= _tables(storage_path)


async def test_reopening_keeps_data_and_applies_nothing_twice(storage_path: Path) -> None:
    db = await Database.open(storage_path)
    message_id = await db.messages.create(new_message(), now=1.0)
    await db.close()
    for _ in range(2):
        db = await Database.open(storage_path)
        record = await db.messages.get(message_id)
        await db.close()
        assert record is not None and record.text == "hello"
    assert _file_pragma(storage_path, "user_version") == len(MIGRATIONS)


async def test_a_failing_migration_leaves_the_previous_version(storage_path: Path) -> None:
    db = await Database.open(storage_path)
    await db.close()
    broken = ("CREATE TABLE half_done (x INTEGER)", "INSERT INTO no_such_table VALUES (1)")
    conn = await aiosqlite.connect(storage_path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError):
            await migrate(Sql(conn), (*MIGRATIONS, broken))
    finally:
        await conn.close()
    assert _file_pragma(storage_path, "user_version") == len(MIGRATIONS)
    assert "half_done" not in _tables(storage_path)


async def test_a_newer_schema_is_refused(storage_path: Path) -> None:
    db = await Database.open(storage_path)
    await db.close()
    with _second_connection(storage_path) as conn:
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(SchemaTooNew):
        await Database.open(storage_path)


async def test_wal_foreign_keys_and_sync_are_on(storage_db: Database, storage_path: Path) -> None:
    assert _file_pragma(storage_path, "journal_mode") == "wal"
    # foreign_keys, synchronous and busy_timeout are per connection: ask the product's own one.
    answers = {}
    for name in ("foreign_keys", "synchronous", "busy_timeout", "wal_autocheckpoint"):
        row = await storage_db._sql.fetch_one(f"PRAGMA {name}")
        assert row is not None
        answers[name] = row[0]
    assert answers["foreign_keys"] == 1
    assert answers["synchronous"] == 1  # NORMAL
    assert answers["busy_timeout"] > 0
    assert answers["wal_autocheckpoint"] == 0  # no commit checkpoints: the Checkpointer does
    with pytest.raises(sqlite3.IntegrityError):
        await storage_db.messages.create(new_message(campaign_id=999), now=1.0)


async def test_a_created_row_is_visible_to_a_second_connection_at_once(
    storage_db: Database, storage_path: Path
) -> None:
    message_id = await storage_db.messages.create(new_message(), now=1.0)
    other = await Database.open(storage_path)
    try:
        record = await other.messages.get(message_id)
    finally:
        await other.close()
    assert record is not None
    assert record.status is SendStatus.SENDING


async def _until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Polls `condition` until it holds; AssertionError after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() >= deadline:
            raise AssertionError(f"not so within {timeout} s")
        await asyncio.sleep(0.01)


def _checkpointed(path: Path, rows: int) -> bool:
    """Whether a checkpoint has brought `rows` messages into the main file (the schema too)."""
    try:
        return _rows_in_the_database_file(path) == rows
    # No table yet (the schema is still only in the WAL), or a page a checkpoint is writing right
    # now: `immutable` promises SQLite the file does not change, so a read may see it half done.
    except sqlite3.DatabaseError:
        return False


def _rows_in_the_database_file(path: Path) -> int:
    """Messages in the main file alone: `immutable` reads it as it is, ignoring the WAL."""
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM messages").fetchone()[0])


async def test_the_wal_is_checkpointed_while_open_and_emptied_on_close(storage_path: Path) -> None:
    db = await Database.open(storage_path, checkpoint_every=0.05)
    try:
        for _ in range(20):
            await db.messages.create(new_message(), now=1.0)
        await _until(lambda: _checkpointed(storage_path, 20))
        await db.messages.create(new_message(), now=2.0)
    finally:
        await db.close()
    assert _rows_in_the_database_file(storage_path) == 21
    wal = storage_path.with_name(storage_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


async def test_memory_database_works() -> None:
    db = await Database.open(":memory:")
    try:
        message_id = await db.messages.create(new_message(), now=1.0)
        assert (await db.messages.get(message_id)) is not None
    finally:
        await db.close()


async def test_ping_answers_until_closed(storage_path: Path) -> None:
    db = await Database.open(storage_path)
    assert await db.ping()
    await db.close()
    assert not await db.ping()


PERSIAN = "سلام دنیا\u200cها ۱۲۳۴ – تست «پیامک» 😀"


async def test_persian_text_round_trips(storage_db: Database) -> None:
    message_id = await storage_db.messages.create(new_message(text=PERSIAN), now=1.0)
    record = await storage_db.messages.get(message_id)
    assert record is not None and record.text == PERSIAN
    await storage_db.outbox.enqueue(chat_id=1, text=PERSIAN, dedupe_key=PERSIAN, now=1.0)
    assert [item.text for item in await storage_db.outbox.due(now=1.0, limit=5)] == [PERSIAN]
    await storage_db.state.set(PERSIAN, PERSIAN)
    assert await storage_db.state.get(PERSIAN) == PERSIAN


HOSTILE = "Robert'); DROP TABLE messages; -- \"quoted\" 'single' \\ % _ ?"


async def test_hostile_text_is_stored_verbatim(storage_db: Database) -> None:
    message_id = await storage_db.messages.create(
        new_message(text=HOSTILE, recipient=HOSTILE), now=1.0
    )
    find = storage_db.messages.find
    assert await find(MessageFilter(recipient="' OR '1'='1"), limit=5) == []
    assert await find(MessageFilter(delivery_codes=frozenset({"x' OR 1=1 --"})), limit=5) == []
    [record] = await find(MessageFilter(recipient=HOSTILE), limit=5)
    assert record.id == message_id
    assert record.text == HOSTILE
    await storage_db.state.set(HOSTILE, HOSTILE)
    assert await storage_db.state.get(HOSTILE) == HOSTILE
    assert await storage_db.messages.get(message_id) == record  # the table is still there
