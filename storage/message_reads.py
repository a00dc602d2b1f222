"""The read side of MessageStore: lookups, lists, exports and counts."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from bot.states import BLOCKED, CampaignStatus, SendStatus
from storage.message_rows import SELECT, to_record
from storage.models import (
    DayStateCount,
    MessageFilter,
    MessageRecord,
    MessageStats,
    StateCount,
)
from storage.sql import Sql

_EXPORT_PAGE = 500  # rows per query while exporting: no cursor stays open across a yield
_WINDOW = "created_at >= ? AND created_at < ?"
# A draft campaign's messages are not queued yet: nobody pressed Send (and may never). A
# scheduled campaign's are: they are counted, as scheduled.
_NOT_DRAFT = (
    "(campaign_id IS NULL OR campaign_id NOT IN"
    " (SELECT id FROM campaigns WHERE status = ? AND due_at IS NULL))"
)


class MessageReads:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def get(self, message_id: int) -> MessageRecord | None:
        row = await self._sql.fetch_one(f"{SELECT} WHERE id = ?", (message_id,))
        return to_record(row) if row is not None else None

    async def by_smsid(self, smsid: str) -> MessageRecord | None:
        row = await self._sql.fetch_one(
            f"{SELECT} WHERE smsid = ? ORDER BY id DESC LIMIT 1", (smsid,)
        )
        return to_record(row) if row is not None else None

    async def by_command(self, chat_id: int, command_message_id: int) -> MessageRecord | None:
        """The single message a chat command produced, if it was already handled."""
        row = await self._sql.fetch_one(
            f"{SELECT} WHERE chat_id = ? AND command_message_id = ? AND campaign_id IS NULL"
            " ORDER BY id LIMIT 1",
            (chat_id, command_message_id),
        )
        return to_record(row) if row is not None else None

    async def due_for_check(self, *, now: float, limit: int) -> list[MessageRecord]:
        """Tracked, not final, due by `now`; the longest overdue first."""
        rows = await self._sql.fetch_all(
            f"{SELECT} WHERE next_check_at IS NOT NULL AND delivery_final = 0"
            " AND next_check_at <= ? ORDER BY next_check_at, id LIMIT ?",
            (now, limit),
        )
        return [to_record(row) for row in rows]

    async def find(self, where: MessageFilter, *, limit: int) -> list[MessageRecord]:
        """Messages matching `where`, newest first."""
        clauses, params = _filter_sql(where)
        condition = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = await self._sql.fetch_all(
            f"{SELECT}{condition} ORDER BY created_at DESC, id DESC LIMIT ?", (*params, limit)
        )
        return [to_record(row) for row in rows]

    async def iter_since(self, since: float) -> AsyncIterator[MessageRecord]:
        """Every message created at or after `since`, oldest first, read page by page."""
        # (created_at, id) > (since, -1) is exactly created_at >= since for the first page.
        key: tuple[float, int] = (since, -1)
        while True:
            rows = await self._sql.fetch_all(
                f"{SELECT} WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?",
                (*key, _EXPORT_PAGE),
            )
            for row in rows:
                yield to_record(row)
            if len(rows) < _EXPORT_PAGE:
                return
            key = (rows[-1]["created_at"], rows[-1]["id"])

    async def stats(self, *, since: float, until: float) -> MessageStats:
        """Messages created in [since, until) by send status and by delivery code, and the parts
        of messages the gateway accepted in that window (by `sent_at`: the credit spent)."""
        by_status = await self._counts(
            f"SELECT status, COUNT(*) FROM messages WHERE {_WINDOW} GROUP BY status",
            (since, until),
        )
        by_delivery = await self._counts(
            "SELECT delivery_code, COUNT(*) FROM messages"
            f" WHERE {_WINDOW} AND delivery_code IS NOT NULL GROUP BY delivery_code",
            (since, until),
        )
        row = await self._sql.fetch_one(
            "SELECT COALESCE(SUM(parts), 0) FROM messages"
            " WHERE status = ? AND sent_at >= ? AND sent_at < ?",
            (SendStatus.SENT.value, since, until),
        )
        parts_used = int(row[0]) if row is not None else 0
        return MessageStats(by_status=by_status, by_delivery=by_delivery, parts_used=parts_used)

    async def state_counts(self, *, since: float, until: float) -> list[StateCount]:
        """Messages created in [since, until), counted by send status, delivery code and whether
        a delivery check is scheduled: enough to tell where each stands."""
        rows = await self._sql.fetch_all(
            "SELECT status, delivery_code, next_check_at IS NOT NULL AS tracked, COUNT(*)"
            f" FROM messages WHERE {_WINDOW} AND {_NOT_DRAFT}"
            " GROUP BY status, delivery_code, tracked",
            (since, until, CampaignStatus.DRAFT.value),
        )
        return [StateCount(SendStatus(row[0]), row[1], bool(row[2]), row[3]) for row in rows]

    async def daily_state_counts(
        self, windows: Sequence[tuple[float, float]]
    ) -> list[DayStateCount]:
        """Like `state_counts`, for each [start, end) window (a day each) at once: one grouped
        query. A row's `day` is its window's index in `windows`."""
        if not windows:
            return []
        values = ", ".join("(?, ?, ?)" for _ in windows)
        params = [value for day, (start, end) in enumerate(windows) for value in (day, start, end)]
        rows = await self._sql.fetch_all(
            f"WITH days (day, start, stop) AS (VALUES {values})"
            " SELECT days.day, status, delivery_code, next_check_at IS NOT NULL AS tracked,"
            " COUNT(*) FROM days JOIN messages"
            " ON messages.created_at >= days.start AND messages.created_at < days.stop"
            " GROUP BY days.day, status, delivery_code, tracked",
            tuple(params),
        )
        return [
            DayStateCount(row[0], SendStatus(row[1]), row[2], bool(row[3]), row[4]) for row in rows
        ]

    async def due_count(self, *, now: float) -> int:
        """Tracked messages whose delivery check is due by `now`."""
        row = await self._sql.fetch_one(
            "SELECT COUNT(*) FROM messages WHERE next_check_at IS NOT NULL AND delivery_final = 0"
            " AND next_check_at <= ?",
            (now,),
        )
        return int(row[0]) if row is not None else 0

    async def campaign_counts(self, campaign_id: int) -> dict[SendStatus, int]:
        """Every send status, with 0 for those no message of the campaign is in."""
        counts = await self._counts(
            "SELECT status, COUNT(*) FROM messages WHERE campaign_id = ? GROUP BY status",
            (campaign_id,),
        )
        return {status: counts.get(status.value, 0) for status in SendStatus}

    async def campaign_blocked(self, campaign_id: int) -> int:
        """Rows CANCELLED when due because their recipient was blocked by then."""
        row = await self._sql.fetch_one(
            "SELECT COUNT(*) FROM messages WHERE campaign_id = ? AND status = ?"
            " AND status_detail = ?",
            (campaign_id, SendStatus.CANCELLED.value, BLOCKED),
        )
        return int(row[0]) if row is not None else 0

    async def campaign_delivery_counts(self, campaign_id: int) -> dict[str, int]:
        return await self._counts(
            "SELECT delivery_code, COUNT(*) FROM messages"
            " WHERE campaign_id = ? AND delivery_code IS NOT NULL GROUP BY delivery_code",
            (campaign_id,),
        )

    async def campaign_failures(self, campaign_id: int) -> list[MessageRecord]:
        """FAILED and UNKNOWN rows, by id."""
        return await self._campaign_rows(campaign_id, (SendStatus.FAILED, SendStatus.UNKNOWN), -1)

    async def _campaign_rows(
        self, campaign_id: int, statuses: tuple[SendStatus, ...], limit: int
    ) -> list[MessageRecord]:
        """Rows of a campaign in the given statuses, by id; a negative limit means all."""
        marks = ", ".join("?" for _ in statuses)
        rows = await self._sql.fetch_all(
            f"{SELECT} WHERE campaign_id = ? AND status IN ({marks}) ORDER BY id LIMIT ?",
            (campaign_id, *(status.value for status in statuses), limit),
        )
        return [to_record(row) for row in rows]

    async def _counts(self, sql: str, params: tuple[object, ...]) -> dict[str, int]:
        return {row[0]: row[1] for row in await self._sql.fetch_all(sql, params)}


def _filter_sql(where: MessageFilter) -> tuple[list[str], list[object]]:
    """The WHERE clauses and their parameters for a MessageFilter (values always bound)."""
    clauses: list[str] = []
    params: list[object] = []
    if where.recipient is not None:
        clauses.append("recipient = ?")
        params.append(where.recipient)
    if where.status is not None:
        clauses.append("status = ?")
        params.append(where.status.value)
    if where.delivery_codes is not None:
        codes = sorted(where.delivery_codes)
        clauses.append(f"delivery_code IN ({', '.join('?' for _ in codes)})")
        params += codes
    if where.awaiting_report:
        clauses.append(
            "status = ? AND delivery_final = 0"
            " AND (delivery_code IS NOT NULL OR next_check_at IS NOT NULL)"
        )
        params.append(SendStatus.SENT.value)
    if where.since is not None:
        clauses.append("created_at >= ?")
        params.append(where.since)
    if where.until is not None:
        clauses.append("created_at < ?")
        params.append(where.until)
    if where.user_id is not None:
        clauses.append("user_id = ?")
        params.append(where.user_id)
    return clauses, params
