"""ContactStore: contacts (a number and its fields) kept in named groups."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from storage.models import Contact, ContactGroup
from storage.sql import Sql, execute, fetch_one


class ContactStore:
    def __init__(self, sql: Sql) -> None:
        self._sql = sql

    async def upsert(
        self, *, key: str, name: str, contacts: Sequence[tuple[str, Mapping[str, str]]], now: float
    ) -> tuple[int, int]:
        """Add or update the contacts in the group (created if new), in one transaction;
        (added, updated). An update merges the new fields into the old ones."""
        async with self._sql.transaction() as conn:
            await execute(
                conn,
                "INSERT INTO contact_groups (key, name, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO NOTHING",
                (key, name, now),
            )
            row = await fetch_one(conn, "SELECT id FROM contact_groups WHERE key = ?", (key,))
            assert row is not None  # inserted just above, or there already
            group_id = int(row[0])
            added = updated = 0
            for number, fields in contacts:
                old = await fetch_one(
                    conn, "SELECT fields FROM contacts WHERE group_id = ? AND number = ?",
                    (group_id, number),
                )
                merged = {**(json.loads(old[0]) if old is not None else {}), **fields}
                await execute(
                    conn,
                    "INSERT INTO contacts (group_id, number, fields, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (group_id, number) DO UPDATE SET fields = excluded.fields,"
                    " updated_at = excluded.updated_at",
                    (group_id, number, json.dumps(merged, ensure_ascii=False), now),
                )
                added += old is None
                updated += old is not None
            return added, updated

    async def groups(self) -> list[ContactGroup]:
        rows = await self._sql.fetch_all(
            "SELECT g.id, g.name, COUNT(c.number) FROM contact_groups g"
            " LEFT JOIN contacts c ON c.group_id = g.id GROUP BY g.id ORDER BY g.key"
        )
        return [ContactGroup(int(row[0]), row[1], int(row[2])) for row in rows]

    async def group_name(self, key: str) -> str | None:
        row = await self._sql.fetch_one("SELECT name FROM contact_groups WHERE key = ?", (key,))
        return str(row[0]) if row is not None else None

    async def group_key(self, group_id: int) -> str | None:
        row = await self._sql.fetch_one("SELECT key FROM contact_groups WHERE id = ?", (group_id,))
        return str(row[0]) if row is not None else None

    async def members(self, key: str) -> list[Contact]:
        """The group's contacts, in the order they were first added."""
        rows = await self._sql.fetch_all(
            "SELECT c.number, c.fields FROM contacts c JOIN contact_groups g ON g.id = c.group_id"
            " WHERE g.key = ? ORDER BY c.rowid",
            (key,),
        )
        return [Contact(row[0], json.loads(row[1])) for row in rows]

    async def remove_number(self, number: str) -> int:
        """Take the number out of every group; how many groups held it."""
        result = await self._sql.execute("DELETE FROM contacts WHERE number = ?", (number,))
        return result.rowcount

    async def find_group(self, key: str) -> tuple[int, str, int] | None:
        """(id, name, number of contacts) of the group; None when there is no such group."""
        row = await self._sql.fetch_one(
            "SELECT g.id, g.name, COUNT(c.number) FROM contact_groups g"
            " LEFT JOIN contacts c ON c.group_id = g.id WHERE g.key = ? GROUP BY g.id",
            (key,),
        )
        return (int(row[0]), str(row[1]), int(row[2])) if row is not None else None

    async def drop_group(self, group_id: int) -> tuple[str, int] | None:
        """Delete the group and its contacts: (its name, how many contacts it had); None when
        there is no such group (dropped already)."""
        async with self._sql.transaction() as conn:
            row = await fetch_one(conn, "SELECT name FROM contact_groups WHERE id = ?", (group_id,))
            if row is None:
                return None
            result = await execute(conn, "DELETE FROM contacts WHERE group_id = ?", (group_id,))
            await execute(conn, "DELETE FROM contact_groups WHERE id = ?", (group_id,))
            return str(row[0]), result.rowcount
