"""Database: opens the one SQLite connection, tunes it, migrates it, and holds the stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

from storage.campaigns import CampaignStore
from storage.checkpoint import INTERVAL, Checkpointer
from storage.messages import MessageStore
from storage.migrations import migrate
from storage.outbox import OutboxStore
from storage.sql import Sql
from storage.state import StateStore
from storage.telegram_state import TelegramStateStore

MEMORY = ":memory:"
# UPDATE ... RETURNING (3.35) makes each change of a message one statement and one trip.
SQLITE_AT_LEAST = (3, 35, 0)
BUSY_TIMEOUT_MS = 5000  # another process (a CLI command) may hold the write lock briefly

# Per-connection settings. WAL lets readers run beside the writer; NORMAL is durable against a
# crash of the process (a commit is in the WAL before it returns), at the cost of the last
# commits on a power loss. Checkpoints are the Checkpointer's, never a commit's.
_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA wal_autocheckpoint = 0",
)


class SqliteTooOld(RuntimeError):
    """The SQLite library Python was built with lacks what the stores' statements use."""


class Database:
    def __init__(self, sql: Sql, checkpointer: Checkpointer | None = None) -> None:
        self._sql = sql
        self._checkpointer = checkpointer
        self.messages = MessageStore(sql)
        self.outbox = OutboxStore(sql)
        self.campaigns = CampaignStore(sql)
        self.state = StateStore(sql)
        self.telegram = TelegramStateStore(sql)

    @classmethod
    async def open(cls, path: str | Path, *, checkpoint_every: float = INTERVAL) -> Database:
        """Open (creating the file and its folder) and bring the schema up to date; the WAL is
        checkpointed every `checkpoint_every` seconds, on a connection of its own."""
        _require_sqlite()
        if str(path) != MEMORY:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            for pragma in _PRAGMAS:
                await conn.execute(pragma)
            sql = Sql(conn)
            await migrate(sql)
        except BaseException:
            await conn.close()
            raise
        checkpointer = None
        if str(path) != MEMORY:
            checkpointer = await Checkpointer.open(path, interval=checkpoint_every)
        return cls(sql, checkpointer)

    async def close(self) -> None:
        await self.messages.flush()
        await self._sql.close()
        checkpointer, self._checkpointer = self._checkpointer, None  # closing twice is harmless
        if checkpointer is not None:
            await checkpointer.close()

    async def ping(self) -> bool:
        """Health check: the connection answers a trivial query."""
        try:
            row = await self._sql.fetch_one("SELECT 1")
        except (sqlite3.Error, ValueError):  # aiosqlite raises ValueError once closed
            return False
        return row is not None and row[0] == 1


def _require_sqlite() -> None:
    if sqlite3.sqlite_version_info < SQLITE_AT_LEAST:
        needed = ".".join(str(part) for part in SQLITE_AT_LEAST)
        raise SqliteTooOld(f"SQLite {sqlite3.sqlite_version} is too old: smsbridge needs {needed}+")
