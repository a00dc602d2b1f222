"""TemplateStore: saved message texts, by name."""

from __future__ import annotations

from storage.models import Template
from storage.sql import Sql


class TemplateStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def save(self, *, key: str, name: str, text: str, now: float) -> None:
        """Save, replacing a template of the same name."""
        await self._sql.execute(
            "INSERT INTO templates (key, name, text, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET name = excluded.name, text = excluded.text,"
            " updated_at = excluded.updated_at",
            (key, name, text, now),
        )

    async def get(self, key: str) -> Template | None:
        row = await self._sql.fetch_one("SELECT name, text FROM templates WHERE key = ?", (key,))
        return Template(row[0], row[1]) if row is not None else None

    async def all(self) -> list[Template]:
        rows = await self._sql.fetch_all("SELECT name, text FROM templates ORDER BY key")
        return [Template(row[0], row[1]) for row in rows]

    async def delete(self, key: str) -> bool:
        result = await self._sql.execute("DELETE FROM templates WHERE key = ?", (key,))
        return result.rowcount == 1
