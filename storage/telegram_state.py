"""TelegramStateStore: what the bot framework persists (open conversations, per-user data), as
opaque text values grouped by kind; the Telegram layer decides what they mean."""

from __future__ import annotations

from storage.sql import Sql


class TelegramStateStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def all(self, kind: str) -> dict[str, str]:
        rows = await self._sql.fetch_all(
            "SELECT key, value FROM telegram_state WHERE kind = ?", (kind,)
        )
        return {str(row[0]): str(row[1]) for row in rows}

    async def put(self, kind: str, key: str, value: str) -> None:
        await self._sql.execute(
            "INSERT INTO telegram_state (kind, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
            (kind, key, value),
        )

    async def delete(self, kind: str, key: str) -> None:
        await self._sql.execute(
            "DELETE FROM telegram_state WHERE kind = ? AND key = ?", (kind, key)
        )
