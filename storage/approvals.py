"""ApprovalStore: a campaign's request for approval, decided once (the first decision wins, in
one statement), and the messages that asked the approvers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from storage.sql import Sql


class ApprovalState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Approval:
    campaign_id: int
    requested_by: int
    state: ApprovalState
    decided_by: int | None


class ApprovalStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def request(self, campaign_id: int, *, by: int, now: float) -> bool:
        """Ask for approval; False when the campaign was already asked for."""
        result = await self._sql.execute(
            "INSERT INTO approvals (campaign_id, requested_by, requested_at, state)"
            " VALUES (?, ?, ?, 'pending') ON CONFLICT (campaign_id) DO NOTHING",
            (campaign_id, by, now),
        )
        return result.rowcount == 1

    async def get(self, campaign_id: int) -> Approval | None:
        row = await self._sql.fetch_one(
            "SELECT campaign_id, requested_by, state, decided_by FROM approvals"
            " WHERE campaign_id = ?",
            (campaign_id,),
        )
        if row is None:
            return None
        decided_by = int(row[3]) if row[3] is not None else None
        return Approval(int(row[0]), int(row[1]), ApprovalState(row[2]), decided_by)

    async def decide(
        self, campaign_id: int, state: ApprovalState, *, by: int, now: float
    ) -> bool:
        """Record the decision if none was made yet; True when this call made it."""
        rows = await self._sql.returning(
            "UPDATE approvals SET state = ?, decided_by = ?, decided_at = ?"
            " WHERE campaign_id = ? AND state = 'pending' RETURNING campaign_id",
            (state.value, by, now, campaign_id),
        )
        return bool(rows)

    async def note_message(self, campaign_id: int, chat_id: int, message_id: int) -> None:
        await self._sql.execute(
            "INSERT INTO approval_messages (campaign_id, chat_id, message_id) VALUES (?, ?, ?)"
            " ON CONFLICT (campaign_id, chat_id) DO UPDATE SET message_id = excluded.message_id",
            (campaign_id, chat_id, message_id),
        )

    async def messages(self, campaign_id: int) -> list[tuple[int, int]]:
        """(chat id, message id) of each request sent for the campaign."""
        rows = await self._sql.fetch_all(
            "SELECT chat_id, message_id FROM approval_messages WHERE campaign_id = ?",
            (campaign_id,),
        )
        return [(int(row[0]), int(row[1])) for row in rows]
