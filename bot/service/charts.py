"""The figures the charts show, read from storage, and the drawing of them off the event loop.

A day's messages fall in three bands: delivered; sent (the gateway accepted them, no delivery report
says more, yet or ever); failed (refused by the gateway, not delivered, or expired). Messages whose
outcome is unknown, or not sent yet, are in no band. The delivery rate is delivered over all three.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.calendars import local_day_bounds
from bot.gateway.codes import describe_state
from bot.service.reports import delivery_outcome
from bot.states import MessageState, Outcome, message_state
from storage import Database, SendStatus

DAYS_MIN = 7
DAYS_MAX = 365
DAYS_DEFAULT = 30

T = TypeVar("T")


class Band(StrEnum):
    DELIVERED = "delivered"
    SENT = "sent"
    FAILED = "failed"


_BANDS: dict[MessageState, Band] = {
    MessageState.DELIVERED: Band.DELIVERED,
    MessageState.SENT: Band.SENT,
    MessageState.PENDING: Band.SENT,
    MessageState.FAILED: Band.FAILED,
    MessageState.UNDELIVERED: Band.FAILED,
    MessageState.EXPIRED: Band.FAILED,
}


@dataclass(frozen=True, slots=True)
class DayFigures:
    day: date
    sent: int = 0
    delivered: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.delivered + self.failed

    @property
    def rate(self) -> float | None:
        """Delivered as a share (0..1) of the day's messages in the bands; None with none."""
        return self.delivered / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class DailySeries:
    """One `DayFigures` per day, oldest first, and the credit those days used."""

    days: list[DayFigures]
    parts_used: int

    @property
    def totals(self) -> DayFigures:
        return DayFigures(
            self.days[-1].day,
            sent=sum(day.sent for day in self.days),
            delivered=sum(day.delivered for day in self.days),
            failed=sum(day.failed for day in self.days),
        )


@dataclass(frozen=True, slots=True)
class CampaignOutcome:
    """How a campaign's messages ended; `no_report` were sent and never answered for."""

    delivered: int
    undelivered: int
    expired: int
    unknown: int
    failed: int
    no_report: int


def campaign_outcome(counts: dict[SendStatus, int], codes: dict[str, int]) -> CampaignOutcome:
    """A campaign's ending from its messages by send status and by delivery code."""
    outcomes: Counter[Outcome] = Counter()
    for code, count in codes.items():
        outcomes[describe_state(code).outcome] += count
    known = outcomes[Outcome.DELIVERED] + outcomes[Outcome.FAILED] + outcomes[Outcome.EXPIRED]
    return CampaignOutcome(
        delivered=outcomes[Outcome.DELIVERED],
        undelivered=outcomes[Outcome.FAILED],
        expired=outcomes[Outcome.EXPIRED],
        unknown=counts[SendStatus.UNKNOWN],
        failed=counts[SendStatus.FAILED],
        no_report=max(counts[SendStatus.SENT] - known, 0),
    )


class Charts:
    def __init__(
        self, db: Database, *, zone: ZoneInfo, clock: Callable[[], float] = time.time
    ) -> None:
        self._db = db
        self._zone = zone
        self._clock = clock
        # One drawing at a time: they are CPU-bound, and the machine has few cores.
        self._drawing = asyncio.Lock()

    def today(self) -> date:
        return datetime.fromtimestamp(self._clock(), self._zone).date()

    async def daily(self, days: int, *, last: date | None = None) -> DailySeries:
        """The `days` days ending with `last` (today by default), in the local time zone."""
        last = last or self.today()
        dates = [last - timedelta(days=back) for back in range(days - 1, -1, -1)]
        windows = [local_day_bounds(day, self._zone) for day in dates]
        bands: list[Counter[Band]] = [Counter() for _ in dates]
        for row in await self._db.messages.daily_state_counts(windows):
            band = _BANDS.get(message_state(row.status, delivery_outcome(row.delivery_code), row.tracked))
            if band is not None:
                bands[row.day][band] += row.count
        used = await self._db.messages.stats(since=windows[0][0], until=windows[-1][1])
        return DailySeries(
            [
                DayFigures(day, sent=counts[Band.SENT], delivered=counts[Band.DELIVERED],
                           failed=counts[Band.FAILED])
                for day, counts in zip(dates, bands, strict=True)
            ],
            used.parts_used,
        )

    async def draw(self, drawing: Callable[[T], bytes], figures: T) -> bytes:
        """Run a drawing function (see `bot.service.drawing`) in a worker thread."""
        async with self._drawing:
            return await asyncio.to_thread(drawing, figures)
