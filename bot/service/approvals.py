"""Approvals: an operator's campaign of more than BULK_APPROVAL_OVER recipients (0: every
campaign) is not started by the operator's Send; it waits for an owner or an admin. The first
decision wins (one conditional UPDATE), and nothing is sent before an approval."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.service.audit import Action, Audit
from bot.service.team import Role
from storage import Approval, ApprovalState, Campaign, Database


class Gate(StrEnum):
    """What a Send press on a draft campaign leads to."""

    GO = "go"  # start it
    ASK = "ask"  # ask the approvers first
    WAITING = "waiting"  # asked, not decided yet
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Decision:
    won: bool  # this press made the decision
    approval: Approval  # the decision in force (this one, or the earlier one)


class Approvals:
    def __init__(self, db: Database, audit: Audit, *, over: int) -> None:
        self._db = db
        self._audit = audit
        self._over = over

    def needed(self, campaign: Campaign, role: Role) -> bool:
        return role is Role.OPERATOR and (self._over == 0 or campaign.total > self._over)

    async def get(self, campaign_id: int) -> Approval | None:
        return await self._db.approvals.get(campaign_id)

    async def gate(self, campaign: Campaign, role: Role) -> Gate:
        approval = await self._db.approvals.get(campaign.id)
        if approval is not None:
            return {
                ApprovalState.PENDING: Gate.WAITING,
                ApprovalState.REJECTED: Gate.REJECTED,
                ApprovalState.APPROVED: Gate.GO,  # started by the approval: Send finds it running
            }[approval.state]
        return Gate.ASK if self.needed(campaign, role) else Gate.GO

    async def request(self, campaign: Campaign, *, by: int, now: float) -> bool:
        """Ask for approval; False when it was asked for already (a second press)."""
        if not await self._db.approvals.request(campaign.id, by=by, now=now):
            return False
        await self._audit.record(
            by, Action.APPROVAL_ASKED, detail=f"#{campaign.id}", recipients=campaign.total,
            parts=await self._db.campaigns.parts(campaign.id),
        )
        return True

    async def decide(
        self, campaign: Campaign, *, by: int, approve: bool, now: float
    ) -> Decision | None:
        """The first decision wins; None when the campaign was never asked for."""
        state = ApprovalState.APPROVED if approve else ApprovalState.REJECTED
        won = await self._db.approvals.decide(campaign.id, state, by=by, now=now)
        approval = await self._db.approvals.get(campaign.id)
        if approval is None:
            return None
        if won:
            await self._audit.record(
                by, Action.APPROVED if approve else Action.REJECTED, detail=f"#{campaign.id}",
                recipients=campaign.total, parts=await self._db.campaigns.parts(campaign.id),
            )
        return Decision(won, approval)

    async def note_message(self, campaign_id: int, chat_id: int, message_id: int) -> None:
        await self._db.approvals.note_message(campaign_id, chat_id, message_id)

    async def messages(self, campaign_id: int) -> list[tuple[int, int]]:
        return await self._db.approvals.messages(campaign_id)
