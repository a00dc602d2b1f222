"""Batcher: rows written together share one write; each caller still waits for its own row.

"Does not wait for the spacing" is checked without a clock: with a spacing of an hour, a write
that waited for it could not be done after a few turns of the event loop, and one that did not
is (`_within_turns`). The table's write can be held open (`hold`) to have rows arrive during it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TypeVar

import pytest

from storage.batching import Batcher

T = TypeVar("T")

SPACING = 0.05
AN_HOUR = 3600.0
TURNS = 50  # event loop turns a write that waits on no timer needs, with room to spare


class Table:
    """A write function that keeps the batches it was given, and can be held or made to fail."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.failure: Exception | None = None
        self.open = asyncio.Event()
        self.open.set()

    def hold(self) -> None:
        """Writes from now on wait until `release()`."""
        self.open.clear()

    def release(self) -> None:
        self.open.set()

    async def write(self, rows: Sequence[int]) -> list[str]:
        await self.open.wait()
        if self.failure is not None:
            raise self.failure
        self.batches.append(list(rows))
        return [f"row {row}" for row in rows]

    @property
    def rows(self) -> list[int]:
        return [row for batch in self.batches for row in batch]


def _batcher(table: Table, *, spacing: float = SPACING, size: int = 64) -> Batcher[int, str]:
    return Batcher(table.write, spacing=spacing, size=size)


async def _turns() -> None:
    for _ in range(TURNS):
        await asyncio.sleep(0)


async def _within_turns(awaitable: Awaitable[T]) -> T:
    """The result of `awaitable`, which must be done within TURNS turns of the loop."""
    task = asyncio.ensure_future(awaitable)
    await _turns()
    assert task.done(), "still waiting: it waited for a timer"
    return task.result()


async def test_rows_written_together_share_one_write_and_each_gets_its_result() -> None:
    table = Table()
    batcher = _batcher(table)
    results = await asyncio.gather(*(batcher.write(n) for n in range(30)))
    assert table.batches == [list(range(30))]
    assert results == [f"row {n}" for n in range(30)]


async def test_one_caller_writing_row_after_row_never_waits() -> None:
    table = Table()
    batcher = _batcher(table, spacing=AN_HOUR)
    for n in range(5):
        assert await _within_turns(batcher.write(n)) == f"row {n}"
    assert table.batches == [[0], [1], [2], [3], [4]]


async def test_rows_arriving_during_a_write_go_together_in_the_next() -> None:
    table = Table()
    table.hold()
    batcher = _batcher(table)
    first = asyncio.create_task(batcher.write(1))
    await _turns()  # the first batch is being written
    later = [asyncio.create_task(batcher.write(n)) for n in (2, 3)]
    await _turns()
    table.release()
    assert await asyncio.gather(first, *later) == ["row 1", "row 2", "row 3"]
    assert table.batches == [[1], [2, 3]]


async def test_rows_arriving_during_a_write_wait_for_the_spacing() -> None:
    table = Table()
    table.hold()
    batcher = _batcher(table, spacing=AN_HOUR)
    first = asyncio.create_task(batcher.write(1))
    await _turns()
    second = asyncio.create_task(batcher.write(2))
    table.release()
    assert await _within_turns(first) == "row 1"
    await _turns()
    assert not second.done() and table.batches == [[1]]
    await _within_turns(batcher.flush())
    assert await second == "row 2"


async def test_a_full_batch_does_not_wait_for_the_spacing() -> None:
    table = Table()
    table.hold()
    batcher = _batcher(table, spacing=AN_HOUR, size=4)
    first = asyncio.create_task(batcher.write(0))
    await _turns()
    full = asyncio.gather(*(batcher.write(n) for n in range(1, 5)))
    table.release()
    await _within_turns(first)
    assert await _within_turns(full) == ["row 1", "row 2", "row 3", "row 4"]
    assert table.batches == [[0], [1, 2, 3, 4]]


async def test_a_failed_write_fails_every_row_of_its_batch_and_not_the_next() -> None:
    table = Table()
    batcher = _batcher(table)
    table.failure = OSError("disk full")
    failed = await asyncio.gather(*(batcher.write(n) for n in range(3)), return_exceptions=True)
    assert [str(error) for error in failed] == ["disk full"] * 3
    table.failure = None
    assert await batcher.write(9) == "row 9"
    assert table.rows == [9]


async def test_a_cancelled_caller_does_not_withdraw_its_row() -> None:
    table = Table()
    table.hold()
    batcher = _batcher(table)
    first = asyncio.create_task(batcher.write(0))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(batcher.write(1))  # waits for the next batch
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    table.release()
    await first
    await batcher.flush()
    assert table.rows == [0, 1]


async def test_flush_writes_what_waits_without_the_spacing() -> None:
    table = Table()
    table.hold()
    batcher = _batcher(table, spacing=AN_HOUR)
    first = asyncio.create_task(batcher.write(0))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(batcher.write(1))
    await asyncio.sleep(0)
    table.release()
    await _within_turns(batcher.flush())
    assert table.rows == [0, 1]
    assert (await first, await waiting) == ("row 0", "row 1")
