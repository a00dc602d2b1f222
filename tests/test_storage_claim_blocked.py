"""The claim refuses a blocked recipient in the same statement: the row becomes CANCELLED with
detail `blocked` (and its event), for a campaign's QUEUED row and for a held schedule alike."""

from __future__ import annotations

from pathlib import Path

from bot.states import BLOCKED
from storage import BlockSource, Database, SendStatus
from tests.fixtures_storage import events_of, new_message, queued_in


async def _block(db: Database, number: str) -> None:
    assert await db.blocked.add(number, source=BlockSource.ADMIN, reason=None, smsid=None, now=1.0)


async def test_a_queued_row_of_a_blocked_recipient_is_cancelled_not_claimed(
    storage_db: Database, storage_path: Path,
) -> None:
    campaign_id = await storage_db.campaigns.create(
        user_id=1, chat_id=2, text="salam", flash=False, parts=1,
        recipients=["09120000001", "09120000002"], invalid=0, duplicates=0,
        transport="soap", now=1.0,
    )
    first, second = await queued_in(storage_db, campaign_id, limit=2)
    await _block(storage_db, "09120000002")
    assert await storage_db.messages.claim(first.id, now=2.0)
    assert not await storage_db.messages.claim(second.id, now=2.0)
    assert not await storage_db.messages.claim(second.id, now=3.0)  # final: never claimed later
    record = await storage_db.messages.get(second.id)
    assert record is not None
    assert (record.status, record.status_detail) == (SendStatus.CANCELLED, BLOCKED)
    assert [(e.value, e.detail) for e in events_of(storage_path, second.id)][-1] == (
        "cancelled", "blocked")
    assert await storage_db.messages.campaign_blocked(campaign_id) == 1
    assert await storage_db.messages.campaign_failures(campaign_id) == []


async def test_a_held_schedule_of_a_blocked_recipient_is_cancelled_and_its_series_goes_on(
    storage_db: Database,
) -> None:
    schedules = storage_db.schedules
    series = await schedules.create(
        new_message(recipient="09120000003", scheduled_at=10.0, repeat_rule="day 09:00"), now=1.0
    )
    assert series is not None
    await _block(storage_db, "09120000003")
    [due] = await schedules.due(now=10.0, after=(float("-inf"), 0), limit=10)
    assert await schedules.claim(due, next_at=86410.0, now=10.0) is SendStatus.CANCELLED
    assert await schedules.claim(due, next_at=86410.0, now=10.5) is None
    [waiting] = await schedules.pending(limit=10)
    assert (waiting.series_id, waiting.scheduled_at) == (series, 86410.0)
    assert await storage_db.blocked.remove("09120000003")
    assert await schedules.claim(waiting, next_at=None, now=86410.0) is SendStatus.SENDING
