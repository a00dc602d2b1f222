"""StateStore: small durable facts (alert throttles, low-credit crossing, heartbeats)."""

from __future__ import annotations

from storage.sql import Sql


class StateStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def get(self, key: str) -> str | None:
        row = await self._sql.fetch_one("SELECT value FROM state WHERE key = ?", (key,))
        return str(row[0]) if row is not None else None

    async def set(self, key: str, value: str) -> None:
        await self._sql.execute(
            "INSERT INTO state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def get_float(self, key: str) -> float | None:
        """The value as a number; None when missing or not a number (e.g. written by hand)."""
        value = await self.get(key)
        if value is None:
            return None
        try:
            return float(value)
        except ValueError:
            return None
