"""Database: opens the one SQLite connection, tunes it, migrates it, and holds the stores."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

from storage.approvals import ApprovalStore
from storage.audit import AuditStore
from storage.campaigns import CampaignStore
from storage.checkpoint import INTERVAL, Checkpointer
from storage.contacts import ContactStore
from storage.messages import MessageStore
from storage.migrations import migrate
from storage.optout import BlockedStore
from storage.outbox import OutboxStore
from storage.schedules import ScheduleStore
from storage.sql import Sql
from storage.state import StateStore
from storage.team import TeamStore
from storage.telegram_state import TelegramStateStore
from storage.templates import TemplateStore

MEMORY = ":memory:"
# UPDATE ... RETURNING (3.35) makes each change of a message one statement and one trip.
SQLITE_AT_LEAST = (3, 35, 0)
BUSY_TIMEOUT_MS = 5000  # another process (a CLI command) may hold the write lock briefly

# Per-connection settings. WAL lets readers run beside the writer; NORMAL is durable against a
# crash of the process (a commit is in the WAL before it returns), at the cost of the last
# commits on a power loss. Checkpoints are the Checkpointer's, never a commit's (`storage.checkpoint`).
_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",
)
# Without a Checkpointer (`checkpoint_every=None`), SQLite's own: a commit checkpoints past 1000 pages.
_OWN_CHECKPOINTS = "PRAGMA wal_autocheckpoint = 1000"
_NO_OWN_CHECKPOINTS = "PRAGMA wal_autocheckpoint = 0"


class SqliteTooOld(RuntimeError):
    """The SQLite library Python was built with lacks what the stores' statements use."""


class Database:
    def __init__(
        self, sql: Sql, checkpointer: Checkpointer | None = None, *, batch_answers: bool = True
    ) -> None:
        self._sql = sql
        self._checkpointer = checkpointer
        self.messages = MessageStore(sql, batch_answers=batch_answers)
        self.outbox = OutboxStore(sql)
        self.campaigns = CampaignStore(sql)
        self.state = StateStore(sql)
        self.telegram = TelegramStateStore(sql)
        self.schedules = ScheduleStore(sql)
        self.team = TeamStore(sql)
        self.audit = AuditStore(sql)
        self.approvals = ApprovalStore(sql)
        self.contacts = ContactStore(sql)
        self.templates = TemplateStore(sql)
        self.blocked = BlockedStore(sql)

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        checkpoint_every: float | None = INTERVAL,
        batch_answers: bool = True,
    ) -> Database:
        """Open (creating the file and its folder) and bring the schema up to date; the WAL is
        checkpointed every `checkpoint_every` seconds, on a connection of its own.

        Each speed mechanism can be left out, for `bench.ab` to weigh it: `checkpoint_every=None`
        leaves checkpoints to SQLite's commits, `batch_answers=False` writes each answer alone.
        """
        _require_sqlite()
        if str(path) != MEMORY:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            own_checkpoints = checkpoint_every is None or str(path) == MEMORY
            for pragma in (*_PRAGMAS, _OWN_CHECKPOINTS if own_checkpoints else _NO_OWN_CHECKPOINTS):
                await conn.execute(pragma)
            sql = Sql(conn)
            await migrate(sql)
        except BaseException:
            await conn.close()
            raise
        checkpointer = None
        if not own_checkpoints:
            assert checkpoint_every is not None
            checkpointer = await Checkpointer.open(path, interval=checkpoint_every)
        return cls(sql, checkpointer, batch_answers=batch_answers)

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
