"""Each speed mechanism leaves what is stored exactly as its plain path does (`bench.ab` weighs what
each one saves; README, "Speed mechanisms"). The rendered SOAP shapes are held to zeep's own
render in `test_gateway_requests.py`."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from storage import Database
from tests.fixtures_storage import new_message

RECIPIENTS = 40


async def _campaign_of_answers(db: Database) -> None:
    """What a campaign does to the messages table: answers arriving together, one missing row."""
    ids = [await db.messages.create(new_message(recipient=f"0912{n:07d}"), now=1.0)
           for n in range(RECIPIENTS)]
    await asyncio.gather(*(
        db.messages.mark_sent(
            message_id, code=f"{100_000_000 + n}", smsid=f"{100_000_000 + n}", now=2.0 + n,
            next_check_at=None if n % 3 else 62.0 + n, check_interval=None if n % 3 else 60.0,
            track_until=None if n % 3 else 9e4,
        )
        for n, message_id in enumerate(ids)
    ))
    await db.messages.mark_failed(ids[-1], code="-19", error_kind="gateway", now=99.0)


def _stored(path: Path) -> dict[str, list[Any]]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("messages", "message_events")
        }


async def _run(path: Path, **options: Any) -> dict[str, list[Any]]:
    db = await Database.open(path, **options)
    try:
        await _campaign_of_answers(db)
    finally:
        await db.close()
    return _stored(path)


async def test_answers_written_in_batches_are_stored_as_written_one_by_one(tmp_path: Path) -> None:
    batched = await _run(tmp_path / "batched.db")
    plain = await _run(tmp_path / "plain.db", batch_answers=False)
    assert batched == plain
    assert len(batched["messages"]) == RECIPIENTS


async def test_checkpoints_of_their_own_store_what_sqlites_own_do(tmp_path: Path) -> None:
    own = await _run(tmp_path / "checkpointer.db", checkpoint_every=0.01)
    sqlites = await _run(tmp_path / "sqlite.db", checkpoint_every=None)
    assert own == sqlites
    for name in ("checkpointer.db", "sqlite.db"):  # closed: everything is in the database file
        wal = tmp_path / f"{name}-wal"
        assert not wal.exists() or wal.stat().st_size == 0, name
