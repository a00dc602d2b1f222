"""The team's storage: the first approval decision wins when several race, and the parts a person
used count only what costs credit."""

from __future__ import annotations

import asyncio

from storage import ApprovalState, CampaignStatus, Database


async def _campaign(db: Database, user_id: int = 5, numbers: int = 3) -> int:
    return await db.campaigns.create(
        user_id=user_id, chat_id=user_id, text="hi", flash=False, parts=1,
        recipients=tuple(f"0912000000{n}" for n in range(numbers)), invalid=0, duplicates=0,
        transport="soap", now=1000.0,
    )


async def test_racing_decisions_one_wins(storage_db: Database) -> None:
    campaign_id = await _campaign(storage_db)
    assert await storage_db.approvals.request(campaign_id, by=5, now=1.0)
    assert not await storage_db.approvals.request(campaign_id, by=5, now=2.0)
    decisions = [
        storage_db.approvals.decide(campaign_id, state, by=by, now=3.0)
        for by, state in ((7, ApprovalState.APPROVED), (8, ApprovalState.REJECTED),
                          (9, ApprovalState.APPROVED))
    ]
    won = await asyncio.gather(*decisions)
    assert sum(won) == 1
    approval = await storage_db.approvals.get(campaign_id)
    assert approval is not None and approval.decided_by == (7, 8, 9)[won.index(True)]
    assert approval.state is (ApprovalState.REJECTED if won[1] else ApprovalState.APPROVED)


async def test_parts_used_leave_out_drafts(storage_db: Database) -> None:
    campaign_id = await _campaign(storage_db, numbers=3)
    assert await storage_db.team.parts_used(5, since=0, until=2000) == 0  # a draft costs nothing
    await storage_db.campaigns.move(
        campaign_id, source=(CampaignStatus.DRAFT,), target=CampaignStatus.RUNNING, now=1001.0
    )
    assert await storage_db.team.parts_used(5, since=0, until=2000) == 3
    assert await storage_db.team.parts_used(5, since=1500, until=2000) == 0
    assert await storage_db.team.parts_used(6, since=0, until=2000) == 0
