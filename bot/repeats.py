"""Repeating schedules: a rule (every day, a weekday, or a day of the month, at a wall time) and
its next run after a moment, in the bot's time zone.

Runs are wall times: "every day 09:00" stays 09:00 across a DST change (that day is 23 or 25
hours long). A wall time a DST gap skips reads with the offset before the change (fold=0), as
`bot.when` reads one. A month rule counts in the Jalali or the Gregorian month; a day the month
does not have (31 in a 30-day month) means the month's last day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import jdatetime


class Every(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class MonthCalendar(StrEnum):
    GREGORIAN = "gregorian"
    JALALI = "jalali"


_LOOK_AHEAD_MONTHS = 3  # a month rule always finds its day within the next two months


@dataclass(frozen=True, slots=True)
class Rule:
    every: Every
    at: time
    weekday: int | None = None  # WEEK: Monday is 0
    day: int | None = None  # MONTH: 1-31
    month_calendar: MonthCalendar = MonthCalendar.GREGORIAN

    def to_text(self) -> str:
        """What is stored in `messages.repeat_rule`; `Rule.from_text` reads it back."""
        value = {Every.DAY: "", Every.WEEK: str(self.weekday), Every.MONTH: str(self.day)}
        return " ".join(
            part for part in (self.every.value, value[self.every], f"{self.at:%H:%M}",
                              self.month_calendar.value if self.every is Every.MONTH else "")
            if part
        )

    @classmethod
    def from_text(cls, text: str) -> Rule:
        words = text.split()
        every = Every(words[0])
        if every is Every.DAY:
            return cls(every, time.fromisoformat(words[1]))
        if every is Every.WEEK:
            return cls(every, time.fromisoformat(words[2]), weekday=int(words[1]))
        return cls(every, time.fromisoformat(words[2]), day=int(words[1]),
                   month_calendar=MonthCalendar(words[3]))

    def next_after(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """The first run strictly after `moment` (aware), in `zone`."""
        start = moment.astimezone(zone).date()
        for day in self._days_from(start):
            run = _wall_time(day, self.at, zone)
            if run > moment:
                return run
        raise AssertionError("every rule has a day in its look-ahead")

    def _days_from(self, start: date) -> list[date]:
        if self.every is Every.DAY:
            return [start, start + timedelta(days=1)]
        if self.every is Every.WEEK:
            assert self.weekday is not None
            ahead = (self.weekday - start.weekday()) % 7
            first = start + timedelta(days=ahead)
            return [first, first + timedelta(days=7)]
        assert self.day is not None
        months = (
            _jalali_months(start) if self.month_calendar is MonthCalendar.JALALI
            else _gregorian_months(start)
        )
        return [_clamped(first, length, self.day) for first, length in months]


def _wall_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    # The UTC round trip names the real wall time of one that a DST gap skips.
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC).astimezone(zone)


def _clamped(first: date, length: int, day: int) -> date:
    return first + timedelta(days=min(day, length) - 1)


def _gregorian_months(start: date) -> list[tuple[date, int]]:
    """(first day, length) of the month of `start` and the months after it."""
    months = []
    year, month = start.year, start.month
    for _ in range(_LOOK_AHEAD_MONTHS):
        months.append((date(year, month, 1), calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _jalali_months(start: date) -> list[tuple[date, int]]:
    """(Gregorian first day, length) of the Jalali month of `start` and the months after it."""
    months = []
    jalali = jdatetime.date.fromgregorian(date=start)
    year, month = jalali.year, jalali.month
    for _ in range(_LOOK_AHEAD_MONTHS):
        first: date = jdatetime.date(year, month, 1).togregorian()
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        following: date = jdatetime.date(year, month, 1).togregorian()
        months.append((first, (following - first).days))
    return months
