"""A concurrency slot handed back at most once: when the gateway answered, or when the work ends."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def slot_returned_once(slots: asyncio.Semaphore) -> Iterator[Callable[[], None]]:
    """Yields the release to call early (e.g. as a send's `answered`); the slot comes back on exit
    if that was never called, and never twice."""
    returned = False

    def release() -> None:
        nonlocal returned
        if not returned:
            returned = True
            slots.release()

    try:
        yield release
    finally:
        release()
