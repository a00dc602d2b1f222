"""Sql: lone statements go to the database without waiting for each other, never into a
transaction another coroutine holds open."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiosqlite

from storage.sql import Sql

TURNS = 20  # event loop turns a task needs to reach the database, with room to spare


async def _sql(path: Path) -> Sql:
    conn = await aiosqlite.connect(str(path), isolation_level=None)
    await conn.execute("CREATE TABLE t (n INTEGER)")
    return Sql(conn)



async def _handed_over(conn: aiosqlite.Connection) -> None:
    """Returns once whatever other tasks had to hand the database has been run by it: they get
    turns of the loop to reach it, then a statement of ours queues behind theirs (aiosqlite runs
    one connection's statements in order, on its thread)."""
    for _ in range(TURNS):
        await asyncio.sleep(0)
    await conn.execute("SELECT 1")

async def test_a_write_issued_during_a_transaction_survives_its_rollback(tmp_path: Path) -> None:
    sql = await _sql(tmp_path / "db")
    lone: asyncio.Task[object] | None = None

    class Abort(Exception):
        pass

    try:
        async with sql.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (1)")
            lone = asyncio.create_task(sql.execute("INSERT INTO t VALUES (2)"))
            await _handed_over(conn)
            assert not lone.done(), "a lone write ran inside another coroutine's transaction"
            raise Abort
    except Abort:
        pass
    assert lone is not None
    await lone
    assert [tuple(row) for row in await sql.fetch_all("SELECT n FROM t")] == [(2,)]
    await sql.close()


async def test_a_read_never_sees_half_a_transaction(tmp_path: Path) -> None:
    sql = await _sql(tmp_path / "db")
    seen: list[int] = []

    async def count() -> None:
        row = await sql.fetch_one("SELECT count(*) FROM t")
        assert row is not None
        seen.append(row[0])

    async with sql.transaction() as conn:
        await conn.execute("INSERT INTO t VALUES (1)")
        reader = asyncio.create_task(count())
        await _handed_over(conn)
        await conn.execute("INSERT INTO t VALUES (2)")
    await reader
    assert seen == [2]
    await sql.close()


async def test_many_lone_writes_at_once_all_commit_in_order(tmp_path: Path) -> None:
    sql = await _sql(tmp_path / "db")
    results = await asyncio.gather(
        *(sql.returning("INSERT INTO t VALUES (?) RETURNING n", (n,)) for n in range(200))
    )
    assert [rows[0][0] for rows in results] == list(range(200))
    rows = await sql.fetch_all("SELECT n FROM t ORDER BY rowid")
    assert [row[0] for row in rows] == list(range(200))
    await sql.close()
