"""Batcher: rows written together share one write; each caller still waits for its own row."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from storage.batching import Batcher

SPACING = 0.05


class Table:
    """A write function that keeps the batches it was given, and can be made to fail."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.failure: Exception | None = None
        self.delay = 0.0

    async def write(self, rows: Sequence[int]) -> list[str]:
        await asyncio.sleep(self.delay)
        if self.failure is not None:
            raise self.failure
        self.batches.append(list(rows))
        return [f"row {row}" for row in rows]

    @property
    def rows(self) -> list[int]:
        return [row for batch in self.batches for row in batch]


def _batcher(table: Table, *, size: int = 64) -> Batcher[int, str]:
    return Batcher(table.write, spacing=SPACING, size=size)


async def test_rows_written_together_share_one_write_and_each_gets_its_result() -> None:
    table = Table()
    batcher = _batcher(table)
    results = await asyncio.gather(*(batcher.write(n) for n in range(30)))
    assert table.batches == [list(range(30))]
    assert results == [f"row {n}" for n in range(30)]


async def test_one_caller_writing_row_after_row_never_waits() -> None:
    table = Table()
    batcher = _batcher(table)
    loop = asyncio.get_running_loop()
    started = loop.time()
    for n in range(5):
        await batcher.write(n)
    assert loop.time() - started < SPACING
    assert table.batches == [[0], [1], [2], [3], [4]]


async def test_rows_arriving_during_a_write_go_together_after_the_spacing() -> None:
    table = Table()
    table.delay = SPACING / 5
    batcher = _batcher(table)
    loop = asyncio.get_running_loop()
    started = loop.time()
    first = asyncio.create_task(batcher.write(1))
    await asyncio.sleep(SPACING / 10)  # the first batch is being written
    second = asyncio.create_task(batcher.write(2))
    await asyncio.sleep(SPACING / 5)
    third = asyncio.create_task(batcher.write(3))
    await asyncio.gather(first, second, third)
    assert table.batches == [[1], [2, 3]]
    assert loop.time() - started >= SPACING


async def test_a_full_batch_does_not_wait_for_the_spacing() -> None:
    table = Table()
    table.delay = SPACING / 10
    batcher = _batcher(table, size=4)
    loop = asyncio.get_running_loop()
    first = asyncio.create_task(batcher.write(0))
    await asyncio.sleep(0)
    started = loop.time()
    await asyncio.gather(first, *(batcher.write(n) for n in range(1, 5)))
    assert loop.time() - started < SPACING / 2
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
    table.delay = SPACING / 10
    batcher = _batcher(table)
    first = asyncio.create_task(batcher.write(0))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(batcher.write(1))  # waits for the next batch
    await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await first
    await batcher.flush()
    assert table.rows == [0, 1]


async def test_flush_writes_what_waits_without_the_spacing() -> None:
    table = Table()
    table.delay = SPACING / 10
    batcher = _batcher(table)
    loop = asyncio.get_running_loop()
    first = asyncio.create_task(batcher.write(0))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(batcher.write(1))
    await asyncio.sleep(0)
    started = loop.time()
    await batcher.flush()
    assert loop.time() - started < SPACING / 2
    assert table.rows == [0, 1]
    assert (await first, await waiting) == ("row 0", "row 1")
