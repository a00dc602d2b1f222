"""ScheduleStore: messages and campaigns the bot holds until their due time (migration v4).

A scheduled message is a `messages` row in SCHEDULED with its due time in `scheduled_at`. It is
sent by claiming it (SCHEDULED -> SENDING, one atomic statement inside a transaction), exactly as
a campaign claims its QUEUED rows; the next run of a repeating series is inserted in that same
transaction, so a crash leaves either nothing changed or the claim and the next run together.
A scheduled campaign is a DRAFT campaign with a `due_at`; its rows wait in SCHEDULED too.
"""

from __future__ import annotations

from bot.states import CampaignStatus, SendStatus
from storage.campaigns import SELECT as SELECT_CAMPAIGNS
from storage.campaigns import to_campaign
from storage.message_rows import (
    CLAIM_UNLESS_BLOCKED,
    COLUMNS,
    SELECT,
    claim_params,
    insert_once_in,
    to_record,
)
from storage.models import Campaign, MessageRecord, NewMessage
from storage.sql import Sql, fetch_all

_SCHEDULED = SendStatus.SCHEDULED.value
_DRAFT = CampaignStatus.DRAFT.value


class ScheduleStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def create(self, new: NewMessage, *, now: float) -> int | None:
        """A SCHEDULED row due at `new.scheduled_at`; its series is known by its own id. None,
        and nothing written, when the chat command `new` comes from was recorded before."""
        async with self._sql.transaction() as conn:
            message_id = await insert_once_in(conn, new, SendStatus.SCHEDULED, now)
            if message_id is not None:
                await conn.execute("UPDATE messages SET series_id = id WHERE id = ?", (message_id,))
            return message_id

    async def due(
        self, *, now: float, after: tuple[float, int], limit: int
    ) -> list[MessageRecord]:
        """SCHEDULED rows due by `now`, not held, after `after` (due time, id): the earliest
        first, page by page, from the partial index."""
        rows = await self._sql.fetch_all(
            # Literals, not bound values: SQLite matches them to the partial index's own WHERE.
            f"{SELECT} INDEXED BY messages_scheduled WHERE status = 'scheduled' AND held = 0"
            " AND scheduled_at <= ? AND (scheduled_at, id) > (?, ?)"
            " ORDER BY scheduled_at, id LIMIT ?",
            (now, *after, limit),
        )
        return [to_record(row) for row in rows]

    async def waiting(self, series_id: int) -> MessageRecord | None:
        """The SCHEDULED row of a series (held or not), if any."""
        row = await self._sql.fetch_one(
            f"{SELECT} WHERE series_id = ? AND status = ? AND campaign_id IS NULL LIMIT 1",
            (series_id, _SCHEDULED),
        )
        return to_record(row) if row is not None else None

    async def claim(
        self, record: MessageRecord, *, next_at: float | None, now: float
    ) -> SendStatus | None:
        """SCHEDULED -> SENDING, or CANCELLED (`BLOCKED`) when the recipient is blocked now; with
        `next_at`, the series' next run is inserted in the same transaction. The status the row
        moved to; None when it was no longer SCHEDULED (cancelled, already claimed)."""
        async with self._sql.transaction() as conn:
            claimed = await fetch_all(
                conn,
                f"UPDATE messages SET {CLAIM_UNLESS_BLOCKED}, updated_at = ?, held = 0"
                " WHERE id = ? AND status = ? RETURNING status",
                (*claim_params(), now, record.id, _SCHEDULED),
            )
            if claimed and next_at is not None:
                await conn.execute(
                    "INSERT INTO messages (campaign_id, recipient, text, parts, flash,"
                    " scheduled_at, user_id, chat_id, confirmation_message_id, transport, status,"
                    " created_at, updated_at, repeat_rule, series_id)"
                    " SELECT campaign_id, recipient, text, parts, flash, ?, user_id, chat_id,"
                    " confirmation_message_id, transport, ?, ?, ?, repeat_rule, series_id"
                    " FROM messages WHERE id = ?",
                    (next_at, _SCHEDULED, now, now, record.id),
                )
            return SendStatus(claimed[0][0]) if claimed else None

    async def hold(self, message_id: int) -> bool:
        """Keep a row whose time was missed out of the due-time job; False if not SCHEDULED."""
        rows = await self._sql.returning(
            "UPDATE messages SET held = 1 WHERE id = ? AND status = ? AND held = 0 RETURNING id",
            (message_id, _SCHEDULED),
        )
        return bool(rows)

    async def cancel(self, series_id: int, *, now: float) -> list[MessageRecord]:
        """SCHEDULED -> CANCELLED for the series (or the single schedule) `series_id`."""
        rows = await self._sql.returning(
            "UPDATE messages SET status = ?, status_detail = NULL, updated_at = ?"
            " WHERE series_id = ? AND status = ? AND campaign_id IS NULL"
            f" RETURNING {COLUMNS}",
            (SendStatus.CANCELLED.value, now, series_id, _SCHEDULED),
        )
        return [to_record(row) for row in rows]

    async def series_last(self, series_id: int) -> MessageRecord | None:
        """The latest row of a series (to say why it can no longer be cancelled)."""
        row = await self._sql.fetch_one(
            f"{SELECT} WHERE series_id = ? AND campaign_id IS NULL ORDER BY id DESC LIMIT 1",
            (series_id,),
        )
        return to_record(row) if row is not None else None

    async def pending(self, *, limit: int) -> list[MessageRecord]:
        """Single schedules waiting for their time (held ones too), the next first."""
        rows = await self._sql.fetch_all(
            f"{SELECT} WHERE status = ? AND campaign_id IS NULL"
            " ORDER BY scheduled_at, id LIMIT ?",
            (_SCHEDULED, limit),
        )
        return [to_record(row) for row in rows]

    async def set_confirmation(self, series_id: int, confirmation_message_id: int) -> None:
        await self._sql.execute(
            "UPDATE messages SET confirmation_message_id = ? WHERE series_id = ?",
            (confirmation_message_id, series_id),
        )

    # --- campaigns --------------------------------------------------------------------------

    async def schedule_campaign(self, campaign_id: int, *, due_at: float, now: float) -> bool:
        """Give a DRAFT campaign its due time; its QUEUED rows wait as SCHEDULED meanwhile."""
        async with self._sql.transaction() as conn:
            moved = await fetch_all(
                conn,
                "UPDATE campaigns SET due_at = ?, held = 0 WHERE id = ? AND status = ?"
                " AND due_at IS NULL RETURNING id",
                (due_at, campaign_id, _DRAFT),
            )
            if moved:
                await conn.execute(
                    "UPDATE messages SET status = ?, scheduled_at = ?, updated_at = ?"
                    " WHERE campaign_id = ? AND status = ?",
                    (_SCHEDULED, due_at, now, campaign_id, SendStatus.QUEUED.value),
                )
            return bool(moved)

    async def release_campaign(self, campaign_id: int, *, now: float) -> None:
        """The due time came: the campaign's SCHEDULED rows become QUEUED, ready to be claimed."""
        await self._sql.execute(
            "UPDATE messages SET status = ?, updated_at = ? WHERE campaign_id = ? AND status = ?",
            (SendStatus.QUEUED.value, now, campaign_id, _SCHEDULED),
        )

    async def due_campaigns(self, *, now: float) -> list[Campaign]:
        rows = await self._sql.fetch_all(
            f"{SELECT_CAMPAIGNS} INDEXED BY campaigns_due WHERE due_at IS NOT NULL"
            " AND status = 'draft' AND held = 0 AND due_at <= ? ORDER BY due_at, id",
            (now,),
        )
        return [to_campaign(row) for row in rows]

    async def hold_campaign(self, campaign_id: int) -> bool:
        rows = await self._sql.returning(
            "UPDATE campaigns SET held = 1 WHERE id = ? AND status = ? AND held = 0 RETURNING id",
            (campaign_id, _DRAFT),
        )
        return bool(rows)

    async def pending_campaigns(self) -> list[Campaign]:
        """DRAFT campaigns with a due time, the next first."""
        rows = await self._sql.fetch_all(
            f"{SELECT_CAMPAIGNS} WHERE due_at IS NOT NULL AND status = ? ORDER BY due_at, id",
            (_DRAFT,),
        )
        return [to_campaign(row) for row in rows]
