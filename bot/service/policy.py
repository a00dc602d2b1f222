"""How often delivery is asked: from the first interval doubling up to a cap, for a bounded time."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TrackingPolicy:
    first: float  # seconds after the send for the first check
    maximum: float  # the longest wait between two checks
    track_for: float  # seconds after the send when tracking gives up

    def next_interval(self, current: float | None) -> float:
        return self.first if current is None else min(current * 2, self.maximum)

    def sweep_every(self) -> float:
        """How often the tracking job looks for due rows: fine enough for the first check."""
        return max(0.1, min(5.0, self.first / 3))
