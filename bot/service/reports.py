"""Read-only views of the stored messages: history, export, statistics."""

from __future__ import annotations

from bot.telegram.parsing import HistoryQuery
from storage import Database, MessageRecord


class Reports:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def history(self, query: HistoryQuery) -> list[MessageRecord]:
        return await self._db.messages.recent(
            limit=query.limit, recipient=query.recipient, status=query.status,
            since=query.since, until=query.until,
        )
