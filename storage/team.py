"""TeamStore: who has which role and daily quota, the names Telegram showed for them, and the
SMS parts a person used in a period (for quotas)."""

from __future__ import annotations

from dataclasses import dataclass

from storage.sql import Sql

# Rows that cost credit or will (a held schedule too): queued rows of a campaign not yet sent (a
# draft) do not.
_USED_PARTS = (
    "SELECT COALESCE(SUM(m.parts), 0) FROM messages AS m"
    " LEFT JOIN campaigns AS c ON c.id = m.campaign_id"
    " WHERE m.user_id = ? AND m.created_at >= ? AND m.created_at < ?"
    " AND m.status IN ('scheduled', 'queued', 'sending', 'sent', 'unknown')"
    " AND (c.id IS NULL OR c.status != 'draft')"
)


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    role: str
    daily_parts: int  # 0: no quota


@dataclass(frozen=True, slots=True)
class LastAction:
    action: str
    at: float


class TeamStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def members(self) -> list[Member]:
        rows = await self._sql.fetch_all(
            "SELECT user_id, role, daily_parts FROM team_members ORDER BY user_id"
        )
        return [Member(int(row[0]), str(row[1]), int(row[2])) for row in rows]

    async def add(self, user_id: int, role: str, *, by: int, now: float) -> bool:
        """A new member; False (nothing changed) when the user already has a role."""
        result = await self._sql.execute(
            "INSERT INTO team_members (user_id, role, added_by, added_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO NOTHING",
            (user_id, role, by, now),
        )
        return result.rowcount == 1

    async def set_role(self, user_id: int, role: str) -> bool:
        result = await self._sql.execute(
            "UPDATE team_members SET role = ? WHERE user_id = ?", (role, user_id)
        )
        return result.rowcount == 1

    async def set_quota(self, user_id: int, daily_parts: int) -> bool:
        result = await self._sql.execute(
            "UPDATE team_members SET daily_parts = ? WHERE user_id = ?", (daily_parts, user_id)
        )
        return result.rowcount == 1

    async def remove(self, user_id: int) -> bool:
        result = await self._sql.execute("DELETE FROM team_members WHERE user_id = ?", (user_id,))
        return result.rowcount == 1

    async def names(self) -> dict[int, str]:
        rows = await self._sql.fetch_all("SELECT user_id, name FROM team_names")
        return {int(row[0]): str(row[1]) for row in rows}

    async def set_name(self, user_id: int, name: str, *, now: float) -> None:
        await self._sql.execute(
            "INSERT INTO team_names (user_id, name, seen_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at",
            (user_id, name, now),
        )

    async def last_actions(self) -> dict[int, LastAction]:
        # SQLite takes the bare columns from the row holding the MAX.
        rows = await self._sql.fetch_all(
            "SELECT user_id, action, MAX(at) FROM audit GROUP BY user_id"
        )
        return {int(row[0]): LastAction(str(row[1]), float(row[2])) for row in rows}

    async def parts_used(self, user_id: int, *, since: float, until: float) -> int:
        row = await self._sql.fetch_one(_USED_PARTS, (user_id, since, until))
        return int(row[0]) if row is not None else 0
