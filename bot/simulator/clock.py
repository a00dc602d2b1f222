"""Where the simulator reads the time: the wall clock, or a clock that tests move by hand."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...


class SystemClock:
    """The wall clock (Unix seconds): what the sandbox uses."""

    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that only moves when told, so delivery progress is reproducible in tests."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot move backwards")
        self._now += seconds
