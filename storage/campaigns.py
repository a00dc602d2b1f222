"""CampaignStore: a bulk send and its lifecycle; its messages live in `messages`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping, Sequence

import aiosqlite

from bot.states import CampaignStatus, SendStatus
from storage.message_rows import COLUMNS as MESSAGE_COLUMNS
from storage.message_rows import SELECT as SELECT_MESSAGES
from storage.message_rows import insert_many, to_record
from storage.models import Campaign, MessageRecord, NewMessage, RecordNotFound, ResultRow
from storage.sql import Sql, execute, fetch_all, fetch_one

SELECT = (
    "SELECT id, user_id, chat_id, text, flash, parts, status, total, invalid, duplicates,"
    " progress_message_id, created_at, started_at, finished_at, paused_kind, paused_code,"
    " resend_of, due_at, held FROM campaigns"
)
_ENDED = (CampaignStatus.FINISHED, CampaignStatus.CANCELLED)


class CampaignStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def create(
        self,
        *,
        user_id: int,
        chat_id: int,
        text: str,
        flash: bool,
        parts: int,
        recipients: Sequence[str],
        invalid: int,
        duplicates: int,
        transport: str,
        now: float,
        resend_of: int | None = None,
        texts: Sequence[tuple[str, int]] | None = None,
        fields: Sequence[Mapping[str, str]] | None = None,
    ) -> int:
        """The campaign (DRAFT) and one QUEUED message per recipient, in one transaction. With
        `resend_of`, the one campaign resending that one's recipients: made once, its id after.

        `texts`, one (text, parts) per recipient, are their own texts (a personal campaign;
        `text` is then its template); `fields`, one per recipient, are kept for its results."""
        async with self._sql.transaction() as conn:
            result = await execute(
                conn,
                "INSERT INTO campaigns (user_id, chat_id, text, flash, parts, status, total,"
                " invalid, duplicates, created_at, resend_of)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (resend_of) WHERE resend_of IS NOT NULL DO NOTHING",
                (user_id, chat_id, text, int(flash), parts, CampaignStatus.DRAFT.value,
                 len(recipients), invalid, duplicates, now, resend_of),
            )
            if result.rowcount == 0:
                row = await fetch_one(
                    conn, "SELECT id FROM campaigns WHERE resend_of = ?", (resend_of,)
                )
                assert row is not None  # the conflict was with that row
                return int(row[0])
            campaign_id = result.lastrowid
            assert campaign_id is not None  # an INSERT that did not raise always sets it
            own = texts if texts is not None else [(text, parts)] * len(recipients)
            news = [
                NewMessage(
                    recipient=recipient, text=body, parts=size, flash=flash, scheduled_at=None,
                    user_id=user_id, chat_id=chat_id, command_message_id=None,
                    transport=transport, campaign_id=campaign_id,
                )
                for recipient, (body, size) in zip(recipients, own, strict=True)
            ]
            await insert_many(conn, news, SendStatus.QUEUED, now)
            if fields:
                await _insert_fields(conn, campaign_id, fields)
            return campaign_id

    async def results(self, campaign_id: int) -> list[ResultRow]:
        """Every message of the campaign, by id, with its recipient's fields."""
        rows = await self._sql.fetch_all(
            f"SELECT {MESSAGE_COLUMNS}, f.fields AS fields FROM messages"
            " LEFT JOIN message_fields f ON f.message_id = messages.id"
            " WHERE campaign_id = ? ORDER BY messages.id",
            (campaign_id,),
        )
        return [
            ResultRow(to_record(row), json.loads(row["fields"]) if row["fields"] else {})
            for row in rows
        ]

    async def get(self, campaign_id: int) -> Campaign | None:
        row = await self._sql.fetch_one(f"{SELECT} WHERE id = ?", (campaign_id,))
        return to_campaign(row) if row is not None else None

    async def move(
        self,
        campaign_id: int,
        *,
        source: Collection[CampaignStatus],
        target: CampaignStatus,
        now: float,
    ) -> bool:
        """Set `target` only if the status is one of `source` (atomic); False otherwise.

        Stamps started_at on the first RUNNING and finished_at on FINISHED/CANCELLED. This is what
        makes a second Send or Resume press harmless.
        """
        if not source:
            return False
        marks = ", ".join("?" for _ in source)
        started = now if target is CampaignStatus.RUNNING else None
        finished = now if target in _ENDED else None
        result = await self._sql.execute(
            "UPDATE campaigns SET status = ?, started_at = COALESCE(started_at, ?),"
            " finished_at = COALESCE(?, finished_at)"
            f" WHERE id = ? AND status IN ({marks})",
            (target.value, started, finished, campaign_id, *(status.value for status in source)),
        )
        return result.rowcount == 1

    async def set_paused_by(
        self, campaign_id: int, *, kind: str | None, code: str | None
    ) -> None:
        """Why the campaign paused (None, None: stopped by a restart or an internal error)."""
        result = await self._sql.execute(
            "UPDATE campaigns SET paused_kind = ?, paused_code = ? WHERE id = ?",
            (kind, code, campaign_id),
        )
        _require(result.rowcount, campaign_id)

    async def recipients(self, campaign_id: int, status: SendStatus) -> list[str]:
        """The numbers of the campaign's messages in `status`, by message id."""
        rows = await self._sql.fetch_all(
            "SELECT recipient FROM messages WHERE campaign_id = ? AND status = ? ORDER BY id",
            (campaign_id, status.value),
        )
        return [str(row[0]) for row in rows]

    async def expire_drafts(self, *, created_before: float, now: float) -> list[int]:
        """DRAFT campaigns created before `created_before` become CANCELLED with their
        messages, in one transaction; their ids. A scheduled one (with a due time) is no
        forgotten draft: it waits for its time, however far."""
        async with self._sql.transaction() as conn:
            rows = await fetch_all(
                conn,
                "UPDATE campaigns SET status = ?, finished_at = ? WHERE status = ?"
                " AND created_at < ? AND due_at IS NULL RETURNING id",
                (CampaignStatus.CANCELLED.value, now, CampaignStatus.DRAFT.value, created_before),
            )
            ids = sorted(int(row[0]) for row in rows)
            marks = ", ".join("?" for _ in ids)
            if ids:
                await execute(
                    conn,
                    "UPDATE messages SET status = ?, status_detail = 'expired', updated_at = ?"
                    f" WHERE status = ? AND campaign_id IN ({marks})",
                    (SendStatus.CANCELLED.value, now, SendStatus.QUEUED.value, *ids),
                )
            return ids

    async def queued_after(
        self, campaign_id: int, *, after_id: int, limit: int
    ) -> list[MessageRecord]:
        """The campaign's QUEUED messages with an id above `after_id`, by id (page by page)."""
        rows = await self._sql.fetch_all(
            f"{SELECT_MESSAGES} WHERE campaign_id = ? AND status = ? AND id > ?"
            " ORDER BY id LIMIT ?",
            (campaign_id, SendStatus.QUEUED.value, after_id, limit),
        )
        return [to_record(row) for row in rows]

    async def parts(self, campaign_id: int, *, waiting: bool = False) -> int:
        """The SMS parts of the campaign's messages (each row has its own text); `waiting`: of
        those not sent yet only."""
        unsent = " AND status IN ('queued', 'scheduled')" if waiting else ""
        row = await self._sql.fetch_one(
            "SELECT COALESCE(SUM(parts), 0) FROM messages WHERE campaign_id = ?" + unsent,
            (campaign_id,),
        )
        return int(row[0]) if row is not None else 0

    async def tracking_left(self, campaign_id: int) -> int:
        """How many of the campaign's messages are still followed for delivery."""
        row = await self._sql.fetch_one(
            "SELECT COUNT(*) FROM messages WHERE campaign_id = ?"
            " AND next_check_at IS NOT NULL AND delivery_final = 0",
            (campaign_id,),
        )
        return int(row[0]) if row is not None else 0

    async def set_progress_message(self, campaign_id: int, message_id: int) -> None:
        result = await self._sql.execute(
            "UPDATE campaigns SET progress_message_id = ? WHERE id = ?", (message_id, campaign_id)
        )
        _require(result.rowcount, campaign_id)

    async def unfinished(self) -> list[Campaign]:
        """RUNNING or PAUSED campaigns, oldest first (to resume or report after a restart)."""
        rows = await self._sql.fetch_all(
            f"{SELECT} WHERE status IN (?, ?) ORDER BY id",
            (CampaignStatus.RUNNING.value, CampaignStatus.PAUSED.value),
        )
        return [to_campaign(row) for row in rows]

    async def started_between(self, since: float, until: float) -> list[Campaign]:
        """Campaigns that started in [since, until), oldest first."""
        rows = await self._sql.fetch_all(
            f"{SELECT} WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id",
            (since, until),
        )
        return [to_campaign(row) for row in rows]

    async def running_count(self) -> int:
        row = await self._sql.fetch_one(
            "SELECT COUNT(*) FROM campaigns WHERE status = ?", (CampaignStatus.RUNNING.value,)
        )
        return int(row[0]) if row is not None else 0


async def _insert_fields(
    conn: aiosqlite.Connection, campaign_id: int, fields: Sequence[Mapping[str, str]]
) -> None:
    # The campaign's messages were inserted in the order of `fields`: ids ascending.
    rows = await fetch_all(
        conn, "SELECT id FROM messages WHERE campaign_id = ? ORDER BY id", (campaign_id,)
    )
    await conn.executemany(
        "INSERT INTO message_fields (message_id, fields) VALUES (?, ?)",
        [
            (row[0], json.dumps(dict(values), ensure_ascii=False))
            for row, values in zip(rows, fields, strict=True)
            if values
        ],
    )


def to_campaign(row: sqlite3.Row) -> Campaign:
    return Campaign(
        id=row["id"],
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        text=row["text"],
        flash=bool(row["flash"]),
        parts=row["parts"],
        status=CampaignStatus(row["status"]),
        total=row["total"],
        invalid=row["invalid"],
        duplicates=row["duplicates"],
        progress_message_id=row["progress_message_id"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        paused_kind=row["paused_kind"],
        paused_code=row["paused_code"],
        resend_of=row["resend_of"],
        due_at=row["due_at"],
        held=bool(row["held"]),
    )


def _require(rowcount: int, campaign_id: int) -> None:
    if rowcount == 0:
        raise RecordNotFound(f"campaign {campaign_id} does not exist")
