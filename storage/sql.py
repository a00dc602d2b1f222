"""Serialised access to the one aiosqlite connection.

The connection runs in autocommit mode (isolation_level=None): a lone statement is committed when
it returns, and multi-statement writes use an explicit `BEGIN IMMEDIATE ... COMMIT`. A transaction
holds the connection alone, so it never swallows another coroutine's write (which would then not
be durable when that write returns) and no read sees half of it.

Lone statements do not wait for each other: aiosqlite runs its queue in order, so they are handed
over at once and its thread goes from one to the next. Waiting for the previous one's answer
first made each statement cost a full round trip between the threads; under a campaign those
round trips, not SQLite, were the limit. Reads and `returning` writes take one trip each.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiosqlite

Params = Sequence[object]


@dataclass(frozen=True)
class WriteResult:
    rowcount: int
    lastrowid: int | None


class Sql:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._transaction = asyncio.Lock()  # held from BEGIN to COMMIT

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        await self._no_transaction()
        return await fetch_all(self._conn, sql, params)

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        await self._no_transaction()
        return await fetch_one(self._conn, sql, params)

    async def execute(self, sql: str, params: Params = ()) -> WriteResult:
        """One statement, committed before this returns."""
        await self._no_transaction()
        return await execute(self._conn, sql, params)

    async def returning(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """One statement (`... RETURNING`), committed before this returns, in one trip.

        The rows are all fetched, so the statement has run to its end, where autocommit commits.
        """
        await self._no_transaction()
        return await fetch_all(self._conn, sql, params)

    async def _no_transaction(self) -> None:
        """Return when no transaction is open. The caller must queue its statement right after,
        without awaiting anything else: then no BEGIN can be queued in between."""
        while self._transaction.locked():
            async with self._transaction:
                pass

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """All statements on the yielded connection commit together, or none do.

        IMMEDIATE takes the write lock at once, so a read-then-write inside is atomic even
        against another process on the same file.
        """
        async with self._transaction:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def close(self) -> None:
        async with self._transaction:
            await self._conn.close()


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> list[sqlite3.Row]:
    return list(await conn.execute_fetchall(sql, params))


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, params: Params = ()
) -> sqlite3.Row | None:
    """The first row of a query that has at most a few (by key, LIMIT 1, an aggregate): it is
    read whole, in one trip."""
    rows = await fetch_all(conn, sql, params)
    return rows[0] if rows else None


async def execute(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> WriteResult:
    async with conn.execute(sql, params) as cursor:
        return WriteResult(cursor.rowcount, cursor.lastrowid)
