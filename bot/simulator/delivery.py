"""The simulated operator: when a message gets its outcome, and which one.

A message stays in state 8 for `delivery_after` clock seconds from its acceptance (a scheduled one
from its timestamp), then becomes 5 (delivered), 6 (not delivered) or 7 (expired). The outcome is
a hash of seed and message key, so a given seed always gives the same outcome per smsid.
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass, field

from bot.simulator.records import SimMessage

PENDING = "8"
DELIVERED, NOT_DELIVERED, EXPIRED = "5", "6", "7"


def outcome_for(seed: int, key: str, delivered_ratio: float) -> str:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64  # uniform in [0, 1)
    if draw < delivered_ratio:
        return DELIVERED
    failed_share = (1.0 - delivered_ratio) / 2
    return NOT_DELIVERED if draw < delivered_ratio + failed_share else EXPIRED


@dataclass(order=True)
class _Due:
    at: float
    sequence: int
    message: SimMessage = field(compare=False)
    outcome: str = field(compare=False)


class DeliverySchedule:
    """Messages waiting for their outcome, earliest first."""

    def __init__(self, seed: int, delivered_ratio: float, delivery_after: float) -> None:
        self._seed = seed
        self._delivered_ratio = delivered_ratio
        self._delivery_after = delivery_after
        self._queue: list[_Due] = []
        self._pinned: set[int] = set()  # ids of messages whose state was forced
        self._sequence = 0

    def add(self, message: SimMessage) -> None:
        self._sequence += 1
        key = message.smsid or f"#{self._sequence}"  # untracked sends still get an outcome
        start = message.accepted_at if message.timestamp is None else float(message.timestamp)
        outcome = outcome_for(self._seed, key, self._delivered_ratio)
        heapq.heappush(
            self._queue, _Due(start + self._delivery_after, self._sequence, message, outcome)
        )

    def pin(self, message: SimMessage, state: str) -> None:
        """Fix a message's state for good: the operator never moves it again."""
        self._pinned.add(id(message))
        message.state = state

    def settle(self, now: float) -> None:
        """Give every message whose time has come its outcome."""
        while self._queue and self._queue[0].at <= now:
            due = heapq.heappop(self._queue)
            if id(due.message) in self._pinned:
                self._pinned.discard(id(due.message))
            else:
                due.message.state = due.outcome

    def clear(self) -> None:
        self._queue.clear()
        self._pinned.clear()
