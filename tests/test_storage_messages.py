"""MessageStore: the life of a message, recovery, delivery tracking, queries and counts."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from storage import MIGRATIONS, Database, MessageEvent, MessageFilter, RecordNotFound, SendStatus
from storage.message_rows import insert_one
from storage.migrations import migrate
from storage.sql import Sql
from tests.fixtures_storage import events_of, new_message


async def _sent(
    db: Database, *, now: float = 1.0, next_check_at: float | None = None, **fields: object
) -> int:
    message_id = await db.messages.create(new_message(**fields), now=now)
    await db.messages.mark_sent(
        message_id, code="123456789", smsid=f"9{message_id:08d}", now=now,
        next_check_at=next_check_at, check_interval=60.0 if next_check_at else None,
        track_until=now + 86400 if next_check_at else None,
    )
    return message_id



async def _tracked(db: Database) -> int:
    """Messages still under tracking: due for a check at some time."""
    return len(await db.messages.due_for_check(now=float("inf"), limit=10_000))

async def test_a_send_is_recorded_with_its_history(storage_db: Database, storage_path: Path) -> None:
    message_id = await storage_db.messages.create(new_message(flash=True), now=10.0)
    await storage_db.messages.set_confirmation(message_id, 4242)
    await storage_db.messages.mark_sent(
        message_id, code="123456789", smsid="123456789", now=11.0,
        next_check_at=71.0, check_interval=60.0, track_until=99.0,
    )
    record = await storage_db.messages.by_smsid("123456789")
    assert record is not None and record.id == message_id
    assert (record.status, record.flash, record.confirmation_message_id) == (
        SendStatus.SENT, True, 4242,
    )
    assert (record.created_at, record.sent_at, record.next_check_at, record.track_until) == (
        10.0, 11.0, 71.0, 99.0,
    )
    assert events_of(storage_path, message_id) == [
        MessageEvent(message_id, 10.0, "status", "sending", None),
        MessageEvent(message_id, 11.0, "status", "sent", "123456789"),
    ]


async def test_failed_and_unknown_keep_code_and_reason(storage_db: Database, storage_path: Path) -> None:
    failed = await storage_db.messages.create(new_message(), now=1.0)
    unknown = await storage_db.messages.create(new_message(), now=1.0)
    await storage_db.messages.mark_failed(failed, code="-19", error_kind="credit", now=2.0)
    await storage_db.messages.mark_unknown(unknown, reason="timeout", code=None, now=3.0)
    failed_record = await storage_db.messages.get(failed)
    unknown_record = await storage_db.messages.get(unknown)
    assert failed_record is not None and unknown_record is not None
    assert (failed_record.status, failed_record.gateway_code, failed_record.error_kind) == (
        SendStatus.FAILED, "-19", "credit",
    )
    assert unknown_record.status is SendStatus.UNKNOWN
    assert (events_of(storage_path, unknown))[-1].detail == "timeout"


async def test_writes_to_a_missing_message_raise(storage_db: Database) -> None:
    with pytest.raises(RecordNotFound):
        await storage_db.messages.mark_failed(77, code="-19", error_kind="credit", now=1.0)
    with pytest.raises(RecordNotFound):
        await storage_db.messages.record_delivery(
            77, code="5", final=True, now=1.0, next_check_at=None, check_interval=None
        )
    assert await storage_db.messages.get(77) is None


async def test_recover_interrupted_turns_only_sending_into_unknown(
    storage_db: Database, storage_path: Path
) -> None:
    sending = await storage_db.messages.create(new_message(), now=1.0)
    queued = await storage_db.messages.create(new_message(), status=SendStatus.QUEUED, now=1.0)
    sent = await _sent(storage_db)
    recovered = await storage_db.messages.recover_interrupted(now=5.0)
    assert [(r.id, r.status, r.updated_at) for r in recovered] == [
        (sending, SendStatus.UNKNOWN, 5.0),
    ]
    statuses = [(await storage_db.messages.get(i)) for i in (sending, queued, sent)]
    assert [r.status for r in statuses if r is not None] == [
        SendStatus.UNKNOWN, SendStatus.QUEUED, SendStatus.SENT,
    ]
    assert (events_of(storage_path, sending))[-1] == MessageEvent(
        sending, 5.0, "status", "unknown", "interrupted"
    )
    assert not await storage_db.messages.claim(sending, now=6.0)
    assert await storage_db.messages.recover_interrupted(now=7.0) == []


async def test_claim_is_atomic_within_and_across_connections(
    storage_db: Database, storage_path: Path
) -> None:
    first = await storage_db.messages.create(new_message(), status=SendStatus.QUEUED, now=1.0)
    second = await storage_db.messages.create(new_message(), status=SendStatus.QUEUED, now=1.0)
    same = await asyncio.gather(*(storage_db.messages.claim(first, now=2.0) for _ in range(5)))
    assert sorted(same) == [False] * 4 + [True]
    other = await Database.open(storage_path)
    try:
        across = await asyncio.gather(
            storage_db.messages.claim(second, now=2.0), other.messages.claim(second, now=2.0)
        )
    finally:
        await other.close()
    assert sorted(across) == [False, True]
    record = await storage_db.messages.get(second)
    assert record is not None and record.status is SendStatus.SENDING
    sending_events = [e for e in events_of(storage_path, second) if e.value == "sending"]
    assert len(sending_events) == 1


async def test_due_for_check_oldest_due_first_with_limit(storage_db: Database) -> None:
    late = await _sent(storage_db, next_check_at=30.0)
    oldest = await _sent(storage_db, next_check_at=10.0)
    middle = await _sent(storage_db, next_check_at=20.0)
    await _sent(storage_db, next_check_at=100.0)  # not due yet
    await _sent(storage_db)  # untracked
    final = await _sent(storage_db, next_check_at=5.0)
    await storage_db.messages.record_delivery(
        final, code="5", final=True, now=6.0, next_check_at=15.0, check_interval=60.0
    )
    due = await storage_db.messages.due_for_check(now=50.0, limit=10)
    assert [r.id for r in due] == [oldest, middle, late]
    limited = await storage_db.messages.due_for_check(now=50.0, limit=2)
    assert [r.id for r in limited] == [oldest, middle]
    assert await _tracked(storage_db) == 4


async def test_record_delivery_events_and_return_value(storage_db: Database, storage_path: Path) -> None:
    message_id = await _sent(storage_db, next_check_at=10.0)
    record = storage_db.messages.record_delivery
    assert await record(message_id, code="8", final=False, now=10.0,
                        next_check_at=70.0, check_interval=60.0)
    assert not await record(message_id, code="8", final=False, now=70.0,
                            next_check_at=190.0, check_interval=120.0)
    after_same = await storage_db.messages.get(message_id)
    assert after_same is not None
    assert (after_same.checks, after_same.next_check_at, after_same.check_interval) == (
        2, 190.0, 120.0,
    )
    assert await record(message_id, code="5", final=True, now=190.0,
                        next_check_at=None, check_interval=None)
    done = await storage_db.messages.get(message_id)
    assert done is not None
    assert (done.delivery_code, done.delivery_final, done.checks, done.next_check_at) == (
        "5", True, 3, None,
    )
    deliveries = [e for e in events_of(storage_path, message_id) if e.kind == "delivery"]
    assert [(e.at, e.value) for e in deliveries] == [(10.0, "8"), (190.0, "5")]
    assert await storage_db.messages.due_for_check(now=1e9, limit=10) == []
    assert await _tracked(storage_db) == 0


async def test_find_filters_and_orders_newest_first(storage_db: Database) -> None:
    old = await _sent(storage_db, now=100.0, recipient="09120000001")
    failed = await storage_db.messages.create(new_message(recipient="09120000002"), now=200.0)
    await storage_db.messages.mark_failed(failed, code="-22", error_kind="input", now=200.0)
    delivered = await _sent(storage_db, now=300.0, next_check_at=310.0, recipient="09120000001")
    await storage_db.messages.record_delivery(
        delivered, code="5", final=True, now=310.0, next_check_at=None, check_interval=None
    )
    newest = await storage_db.messages.create(new_message(recipient="09120000003"), now=400.0)

    async def ids(limit: int = 10, **filters: Any) -> list[int]:
        return [r.id for r in await storage_db.messages.find(MessageFilter(**filters), limit=limit)]

    assert await ids() == [newest, delivered, failed, old]
    assert await ids(limit=2) == [newest, delivered]
    assert await ids(recipient="09120000001") == [delivered, old]
    assert await ids(status=SendStatus.FAILED) == [failed]
    assert await ids(delivery_codes=frozenset({"5"})) == [delivered]
    assert await ids(status=SendStatus.SENT) == [delivered, old]
    assert await ids(since=200.0, until=400.0) == [delivered, failed]
    assert await ids(recipient="09120000001", since=150.0) == [delivered]


async def test_stats_counts_window_and_parts_used(storage_db: Database) -> None:
    await _sent(storage_db, now=50.0, parts=7)  # before the window
    sent = await _sent(storage_db, now=100.0, parts=2, next_check_at=110.0)
    await storage_db.messages.record_delivery(
        sent, code="5", final=True, now=110.0, next_check_at=None, check_interval=None
    )
    await _sent(storage_db, now=120.0, parts=3)
    failed = await storage_db.messages.create(new_message(parts=4), now=130.0)
    await storage_db.messages.mark_failed(failed, code="-19", error_kind="credit", now=130.0)
    await storage_db.messages.create(new_message(parts=5), status=SendStatus.QUEUED, now=140.0)
    await _sent(storage_db, now=200.0, parts=11)  # at `until`: excluded

    stats = await storage_db.messages.stats(since=100.0, until=200.0)
    assert stats.by_status == {"sent": 2, "failed": 1, "queued": 1}
    assert stats.by_delivery == {"5": 1}
    assert stats.parts_used == 5


async def test_iter_since_yields_every_row_oldest_first_across_pages(
    storage_db: Database,
) -> None:
    await storage_db.messages.create_many([new_message()] * 5, now=50.0)
    await storage_db.messages.create_many([new_message(text="a")] * 600, now=100.0)
    await storage_db.messages.create_many([new_message(text="b")] * 700, now=200.0)
    exported = [record async for record in storage_db.messages.iter_since(100.0)]
    assert len(exported) == 1300
    assert [r.text for r in exported] == ["a"] * 600 + ["b"] * 700
    ids = [r.id for r in exported]
    assert ids == sorted(set(ids))


async def test_concurrent_writers_each_get_their_own_history(
    storage_db: Database, storage_path: Path
) -> None:
    singles = [storage_db.messages.create(new_message(text=f"s{i}"), now=1.0) for i in range(20)]
    bulk = storage_db.messages.create_many([new_message(text="bulk")] * 50, now=1.0)
    created = await asyncio.gather(bulk, *singles)
    for message_id in created[1:]:
        assert message_id is not None
        assert [e.value for e in events_of(storage_path, message_id)] == ["sending"]
    queued = await storage_db.messages.find(MessageFilter(status=SendStatus.QUEUED), limit=100)
    assert len(queued) == 50
    for record in queued:
        assert [e.value for e in events_of(storage_path, record.id)] == ["queued"]


async def test_postpone_check_reschedules_without_counting(storage_db: Database) -> None:
    message_id = await _sent(storage_db, next_check_at=10.0)
    await storage_db.messages.postpone_check(message_id, next_check_at=130.0, check_interval=120.0)
    record = await storage_db.messages.get(message_id)
    assert record is not None
    assert (record.next_check_at, record.check_interval, record.checks) == (130.0, 120.0, 0)
    assert await storage_db.messages.due_for_check(now=100.0, limit=10) == []
    assert [r.id for r in await storage_db.messages.due_for_check(now=130.0, limit=10)] == [
        message_id
    ]
    with pytest.raises(RecordNotFound):
        await storage_db.messages.postpone_check(999, next_check_at=1.0, check_interval=1.0)


async def _mark_sent(db: Database, message_id: int, now: float = 2.0) -> None:
    await db.messages.mark_sent(
        message_id, code="123456789", smsid=f"7{message_id:08d}", now=now,
        next_check_at=now + 30, check_interval=30.0, track_until=now + 3600,
    )


async def test_answers_recorded_together_each_keep_their_own_values(
    storage_db: Database,
    storage_path: Path,
) -> None:
    ids = [await storage_db.messages.create(new_message(), now=1.0) for _ in range(20)]
    outcomes = await asyncio.gather(
        *(_mark_sent(storage_db, message_id, now=2.0 + n) for n, message_id in enumerate(ids)),
        _mark_sent(storage_db, 10_000),
        return_exceptions=True,
    )
    assert outcomes[:-1] == [None] * 20
    assert isinstance(outcomes[-1], RecordNotFound)
    for n, message_id in enumerate(ids):
        record = await storage_db.messages.get(message_id)
        assert record is not None
        assert (record.status, record.smsid, record.sent_at, record.next_check_at) == (
            SendStatus.SENT, f"7{message_id:08d}", 2.0 + n, 32.0 + n,
        )
        assert (events_of(storage_path, message_id))[-1] == MessageEvent(
            message_id, 2.0 + n, "status", "sent", "123456789"
        )


async def test_closing_writes_the_answers_still_waiting_for_their_batch(
    storage_path: Path,
) -> None:
    db = await Database.open(storage_path)
    first, second = [await db.messages.create(new_message(), now=1.0) for _ in range(2)]
    writing = asyncio.create_task(_mark_sent(db, first))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(_mark_sent(db, second))  # comes while the first is written
    await asyncio.sleep(0)
    await db.close()
    await asyncio.gather(writing, waiting)
    reopened = await Database.open(storage_path)
    try:
        record = await reopened.messages.get(second)
        assert record is not None and record.status is SendStatus.SENT
    finally:
        await reopened.close()


async def test_a_command_is_recorded_once(storage_db: Database) -> None:
    command = new_message(command_message_id=42)
    first = await storage_db.messages.create_once(command, now=1.0)
    again = await storage_db.messages.create_once(replace(command, text="again"), now=2.0)
    elsewhere = await storage_db.messages.create_once(replace(command, chat_id=7), now=3.0)

    assert first is not None and again is None and elsewhere not in (None, first)
    earlier = await storage_db.messages.by_command(command.chat_id, 42)
    assert earlier is not None and (earlier.id, earlier.text) == (first, "hello")


async def test_a_command_recorded_twice_before_v7_keeps_its_first_row(
    storage_path: Path,
) -> None:
    storage_path.parent.mkdir()
    conn = await aiosqlite.connect(storage_path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        await migrate(Sql(conn), MIGRATIONS[:6])
        twice = new_message(command_message_id=42)
        ids = [await insert_one(Sql(conn), twice, SendStatus.SENT, now) for now in (1.0, 2.0)]
    finally:
        await conn.close()
    db = await Database.open(storage_path)
    try:
        earlier = await db.messages.by_command(twice.chat_id, 42)
        assert await db.messages.create_once(twice, now=3.0) is None
        second = await db.messages.get(ids[1])
    finally:
        await db.close()
    assert earlier is not None and earlier.id == ids[0]
    assert second is not None and second.command_message_id is None
