"""BlockedStore: the opt-out list, numbers that no send may reach."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from storage.models import BlockedNumber, BlockSource
from storage.sql import Sql

_SELECT = "SELECT number, source, reason, smsid, created_at FROM blocked"
_CHUNK = 500  # numbers per lookup, under SQLite's bound-parameter limit


class BlockedStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def add(
        self, number: str, *, source: BlockSource, reason: str | None, smsid: str | None,
        now: float,
    ) -> bool:
        """Block the number; False (and the first entry kept) when it already was."""
        result = await self._sql.execute(
            "INSERT INTO blocked (number, source, reason, smsid, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (number) DO NOTHING",
            (number, source.value, reason, smsid, now),
        )
        return result.rowcount == 1

    async def remove(self, number: str) -> bool:
        result = await self._sql.execute("DELETE FROM blocked WHERE number = ?", (number,))
        return result.rowcount == 1

    async def get(self, number: str) -> BlockedNumber | None:
        row = await self._sql.fetch_one(f"{_SELECT} WHERE number = ?", (number,))
        return _to_blocked(row) if row is not None else None

    async def among(self, numbers: Collection[str]) -> set[str]:
        """Which of `numbers` are blocked."""
        wanted = list(numbers)
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = await self._sql.fetch_all(
                f"SELECT number FROM blocked WHERE number IN ({marks})", chunk
            )
            found.update(row[0] for row in rows)
        return found

    async def all(self) -> list[BlockedNumber]:
        rows = await self._sql.fetch_all(f"{_SELECT} ORDER BY created_at, number")
        return [_to_blocked(row) for row in rows]


def _to_blocked(row: sqlite3.Row) -> BlockedNumber:
    return BlockedNumber(
        number=row["number"], source=BlockSource(row["source"]), reason=row["reason"],
        smsid=row["smsid"], created_at=row["created_at"],
    )
