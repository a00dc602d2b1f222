"""WAL checkpoints on a connection of their own, so that no commit has to do one.

SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages. Under a
campaign that is several times a second, each one copying pages and syncing the database file
while every statement queued behind it waits (what that costs a campaign: `bench.ab`). The main
connection has it off; this task copies the WAL into the database file every `interval` seconds
instead. PASSIVE waits for nobody and blocks nobody, so the WAL stays bounded by what is written
in one interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

INTERVAL = 1.0  # seconds


class Checkpointer:
    def __init__(self, conn: aiosqlite.Connection, interval: float) -> None:
        self._conn = conn
        self._interval = interval
        self._task = asyncio.create_task(self._run(), name="sqlite-checkpoints")

    @classmethod
    async def open(cls, path: str | Path, *, interval: float = INTERVAL) -> Checkpointer:
        return cls(await aiosqlite.connect(str(path), isolation_level=None), interval)

    async def close(self) -> None:
        """Stop, and move what is left in the WAL into the database file."""
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self._checkpoint("TRUNCATE")
        await self._conn.close()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self._checkpoint("PASSIVE")

    async def _checkpoint(self, mode: str) -> None:
        try:
            await self._conn.execute(f"PRAGMA wal_checkpoint({mode})")
        except sqlite3.Error as error:  # the next round tries again; commits go on meanwhile
            log.warning("WAL checkpoint (%s) failed: %s", mode, error)
