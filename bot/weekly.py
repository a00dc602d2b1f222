"""WEEKLY_REPORT: a weekday and a time of day, "sat 09:00", English or Persian ("شنبه ۹:۰۰")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.typed import weekday as weekday_number

_SLOT = re.compile(r"(?P<day>\S+(?:\s+\S+)??)\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})")


@dataclass(frozen=True, slots=True)
class WeeklySlot:
    weekday: int  # Monday is 0
    at: time

    @property
    def ptb_day(self) -> int:
        """The day as PTB's `run_daily` numbers them: Sunday is 0."""
        return (self.weekday + 1) % 7


def parse_weekly(text: str) -> WeeklySlot:
    """Raises ValueError naming what is wrong."""
    match = _SLOT.fullmatch(text.strip())
    if match is None:
        raise ValueError("must look like 'sat 09:00' (a weekday and a 24-hour time)")
    weekday = _weekday(match["day"])
    try:
        at = time(int(match["hour"]), int(match["minute"]))
    except ValueError as exc:
        raise ValueError(f"there is no time {match['hour']}:{match['minute']}") from exc
    return WeeklySlot(weekday, at)


def _weekday(name: str) -> int:
    number = weekday_number(name)
    if number is None:
        raise ValueError(f"{name!r} is not a weekday")
    return number
