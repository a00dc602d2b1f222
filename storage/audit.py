"""AuditStore: the append-only trail of who did what (sends, campaigns, approvals, changes)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from storage.sql import Sql

_SELECT = "SELECT id, at, user_id, action, detail, recipients, parts FROM audit"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: float
    user_id: int
    action: str
    detail: str
    recipients: int
    parts: int


class AuditStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def append(
        self, *, at: float, user_id: int, action: str, detail: str, recipients: int, parts: int
    ) -> None:
        await self._sql.execute(
            "INSERT INTO audit (at, user_id, action, detail, recipients, parts)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (at, user_id, action, detail, recipients, parts),
        )

    async def latest(self, *, limit: int, user_id: int | None = None) -> list[AuditEntry]:
        """The last `limit` entries (of one user when given), newest first."""
        if user_id is None:
            rows = await self._sql.fetch_all(f"{_SELECT} ORDER BY id DESC LIMIT ?", (limit,))
        else:
            rows = await self._sql.fetch_all(
                f"{_SELECT} WHERE user_id = ? ORDER BY id DESC LIMIT ?", (user_id, limit)
            )
        return [_entry(row) for row in rows]


def _entry(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        id=int(row[0]), at=float(row[1]), user_id=int(row[2]), action=str(row[3]),
        detail=str(row[4]), recipients=int(row[5]), parts=int(row[6]),
    )
