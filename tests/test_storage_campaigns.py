"""CampaignStore: creation in one transaction, lifecycle stamps, and the campaign's messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, cast

import pytest

from storage import CampaignStatus, CampaignStore, Database, MessageFilter, SendStatus
from tests.fixtures_storage import events_of, queued_in

RECIPIENTS = ["09120000001", "09120000002", "09120000003"]


async def _campaign(db: Database, **changes: Any) -> int:
    fields: dict[str, Any] = {
        "user_id": 1, "chat_id": 2, "text": "سلام", "flash": False, "parts": 2,
        "recipients": RECIPIENTS, "invalid": 4, "duplicates": 5, "transport": "soap", "now": 10.0,
    }
    return await db.campaigns.create(**(fields | changes))



async def _set(campaigns: CampaignStore, campaign_id: int, status: CampaignStatus, *, now: float) -> None:
    assert await campaigns.move(campaign_id, source=tuple(CampaignStatus), target=status, now=now)

async def test_create_stores_the_campaign_and_one_queued_message_each(
    storage_db: Database,
) -> None:
    campaign_id = await _campaign(storage_db)
    campaign = await storage_db.campaigns.get(campaign_id)
    assert campaign is not None
    assert (campaign.status, campaign.total, campaign.invalid, campaign.duplicates) == (
        CampaignStatus.DRAFT, 3, 4, 5,
    )
    assert (campaign.started_at, campaign.finished_at, campaign.progress_message_id) == (
        None, None, None,
    )
    queued = await queued_in(storage_db, campaign_id, limit=10)
    assert [m.recipient for m in queued] == RECIPIENTS
    assert {(m.text, m.parts, m.transport, m.campaign_id, m.chat_id) for m in queued} == {
        ("سلام", 2, "soap", campaign_id, 2),
    }
    assert [m.recipient for m in await queued_in(storage_db, campaign_id, limit=2)] == RECIPIENTS[:2]
    counts = await storage_db.messages.campaign_counts(campaign_id)
    assert counts[SendStatus.QUEUED] == 3
    assert sum(counts.values()) == 3 and set(counts) == set(SendStatus)


async def test_create_is_all_or_nothing(storage_db: Database) -> None:
    broken = [*RECIPIENTS, cast(str, None)]  # the last row violates NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        await _campaign(storage_db, recipients=broken)
    assert await storage_db.campaigns.get(1) is None
    assert await storage_db.messages.find(MessageFilter(), limit=10) == []


async def test_lifecycle_stamps_and_unfinished(storage_db: Database) -> None:
    running = await _campaign(storage_db)
    paused = await _campaign(storage_db)
    finished = await _campaign(storage_db)
    await _campaign(storage_db)  # stays DRAFT
    campaigns = storage_db.campaigns
    await _set(campaigns, running, CampaignStatus.RUNNING, now=20.0)
    await _set(campaigns, running, CampaignStatus.PAUSED, now=30.0)
    await _set(campaigns, running, CampaignStatus.RUNNING, now=40.0)
    await _set(campaigns, paused, CampaignStatus.RUNNING, now=20.0)
    await _set(campaigns, paused, CampaignStatus.PAUSED, now=25.0)
    await _set(campaigns, finished, CampaignStatus.RUNNING, now=20.0)
    await _set(campaigns, finished, CampaignStatus.FINISHED, now=50.0)
    await campaigns.set_progress_message(running, 777)

    again = await campaigns.get(running)
    assert again is not None
    assert (again.status, again.started_at, again.finished_at, again.progress_message_id) == (
        CampaignStatus.RUNNING, 20.0, None, 777,
    )
    done = await campaigns.get(finished)
    assert done is not None and (done.started_at, done.finished_at) == (20.0, 50.0)
    assert [c.id for c in await campaigns.unfinished()] == [running, paused]


async def test_cancel_queued_leaves_claimed_and_sent_rows(storage_db: Database, storage_path: Path) -> None:
    campaign_id = await _campaign(storage_db)
    other_campaign = await _campaign(storage_db)
    first, second, third = await queued_in(storage_db, campaign_id, limit=10)
    assert await storage_db.messages.claim(first.id, now=11.0)
    await storage_db.messages.mark_sent(
        first.id, code="2", smsid=None, now=12.0,
        next_check_at=None, check_interval=None, track_until=None,
    )
    assert await storage_db.messages.claim(second.id, now=13.0)
    assert await storage_db.messages.cancel_queued(campaign_id, now=14.0) == 1
    assert not await storage_db.messages.claim(third.id, now=15.0)
    counts = await storage_db.messages.campaign_counts(campaign_id)
    assert {s: n for s, n in counts.items() if n} == {
        SendStatus.SENT: 1, SendStatus.SENDING: 1, SendStatus.CANCELLED: 1,
    }
    assert [e.value for e in events_of(storage_path, third.id)] == [
        "queued", "cancelled",
    ]
    assert (await storage_db.messages.campaign_counts(other_campaign))[SendStatus.QUEUED] == 3


async def test_failures_and_delivery_counts(storage_db: Database) -> None:
    campaign_id = await _campaign(storage_db)
    first, second, third = await queued_in(storage_db, campaign_id, limit=10)
    messages = storage_db.messages
    for message in (first, second, third):
        assert await messages.claim(message.id, now=11.0)
    await messages.mark_sent(
        first.id, code="123456789", smsid="123456789", now=12.0,
        next_check_at=20.0, check_interval=60.0, track_until=1000.0,
    )
    await messages.record_delivery(
        first.id, code="6", final=True, now=20.0, next_check_at=None, check_interval=None
    )
    await messages.mark_failed(second.id, code="-22", error_kind="input", now=12.0)
    await messages.mark_unknown(third.id, reason="timeout", code=None, now=12.0)
    assert [m.id for m in await messages.campaign_failures(campaign_id)] == [second.id, third.id]
    assert await messages.campaign_delivery_counts(campaign_id) == {"6": 1}


async def test_parts_sum_each_recipients_own_text_and_waiting_leaves_out_the_sent(
    storage_db: Database,
) -> None:
    # a personal campaign: the template counts 3 parts, the recipients' texts 1, 2 and 3
    campaign_id = await storage_db.campaigns.create(
        user_id=1, chat_id=1, text="{long}", flash=False, parts=3,
        recipients=["09121234561", "09121234562", "09121234563"], invalid=0, duplicates=0,
        transport="soap", now=1.0, texts=[("a", 1), ("bb", 2), ("ccc", 3)],
    )
    assert await storage_db.campaigns.parts(campaign_id) == 6  # not 3 recipients x 3 parts
    [first, *_] = await queued_in(storage_db, campaign_id, limit=3)
    assert await storage_db.messages.claim(first.id, now=2.0)
    assert await storage_db.campaigns.parts(campaign_id, waiting=True) == 6 - first.parts
