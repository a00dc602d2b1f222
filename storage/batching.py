"""Batcher: rows that many coroutines write at about the same time go to SQLite together.

During a campaign dozens of sends get their answer within milliseconds of each other. Written one
by one, each answer costs a commit (several pages into the WAL) and a trip to aiosqlite's thread,
where it queues ahead of the claims the next sends are waiting for. A Batcher writes the rows it
holds with one statement. A row that finds it idle is written at once, so one caller writing row
after row never waits; rows that arrive while a batch is being written go together in the next,
one batch at most every `spacing` seconds (sooner when `size` rows are waiting).

A caller still returns only when its own row is committed, or gets the error that stopped its
batch: what a write guarantees does not change, only how many rows share its commit. A caller
cancelled while it waits does not withdraw its row: it is written all the same.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Row = TypeVar("Row")
Result = TypeVar("Result")

# Writes the rows, in one statement, and returns one result per row, in their order.
WriteRows = Callable[[Sequence[Row]], Awaitable[Sequence[Result]]]


class Batcher(Generic[Row, Result]):
    def __init__(self, write: WriteRows[Row, Result], *, spacing: float, size: int) -> None:
        self._write = write
        self._spacing = spacing
        self._size = size
        self._waiting: list[tuple[Row, asyncio.Future[Result]]] = []
        self._full = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def write(self, row: Row) -> Result:
        """Write `row` with whatever else is waiting; return its result once committed."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((row, future))
        if len(self._waiting) >= self._size:
            self._full.set()
        if self._task is None:
            self._task = asyncio.create_task(self._drain(), name="sqlite-batches")
        return await future

    async def flush(self) -> None:
        """Write what is waiting now, without spacing; return when it is written."""
        self._full.set()
        if self._task is not None:
            await asyncio.shield(self._task)

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        next_batch = loop.time()  # the batch that found the Batcher idle goes at once
        try:
            while self._waiting:
                delay = next_batch - loop.time()
                if delay > 0 and not self._full.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._full.wait(), delay)
                next_batch = loop.time() + self._spacing
                batch, self._waiting = self._waiting[: self._size], self._waiting[self._size :]
                if len(self._waiting) < self._size:
                    self._full.clear()
                await self._send(batch)
        finally:
            self._task = None
            for _, future in self._waiting:  # only left here when the loop is shutting down
                future.cancel()

    async def _send(self, batch: list[tuple[Row, asyncio.Future[Result]]]) -> None:
        try:
            results = await self._write([row for row, _ in batch])
        except Exception as error:
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        except BaseException:
            for _, future in batch:
                future.cancel()
            raise
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
