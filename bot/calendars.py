"""Showing moments to people in the Gregorian and Jalali calendars, and reading a day back."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jdatetime

from bot.when import DATE_PATTERN, WhenError, WhenProblem, civil_date

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_DAY_RE = re.compile(DATE_PATTERN)


def to_persian_digits(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


def format_gregorian(moment: datetime, zone: ZoneInfo) -> str:
    """`moment` (aware) as "2026-12-01 09:30" in `zone`."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def format_jalali(moment: datetime, zone: ZoneInfo) -> str:
    """`moment` (aware) as "1405-09-10 09:30" in `zone`, ASCII digits."""
    local = moment.astimezone(zone)
    return f"{jalali_day(local.date())} {local:%H:%M}"


def format_moment(moment: datetime, zone: ZoneInfo, language: str) -> str:
    """Both calendars, the reader's first: Jalali with Persian digits for "fa", else Gregorian."""
    local = moment.astimezone(zone)
    if language == "fa":
        return f"{to_persian_digits(format_jalali(local, zone))} ({local:%Y-%m-%d})"
    return f"{format_gregorian(local, zone)} ({jalali_day(local.date())})"


def local_day_bounds(day: date, zone: ZoneInfo) -> tuple[float, float]:
    """Unix times of the start of `day` in `zone` and of the start of the next day."""
    # A midnight skipped by a DST change reads with fold=0, i.e. as the moment of the change.
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start.timestamp(), end.timestamp()


def parse_day(text: str, zone: ZoneInfo) -> date:
    """A day typed as "2026-12-01" or Jalali "1405-09-10" (any digits, "-" or "/").

    `zone` is part of the interface for callers; a written day needs no zone to be read.
    """
    match = _DAY_RE.fullmatch(text.strip())
    if match is None:
        raise WhenError(WhenProblem.FORMAT, "a day must look like YYYY-MM-DD")
    return civil_date(int(match["year"]), int(match["month"]), int(match["day"]))


def jalali_day(day: date) -> str:
    """`day` in the Jalali calendar as "1405-09-10", ASCII digits."""
    jalali = jdatetime.date.fromgregorian(date=day)
    return f"{jalali.year:04d}-{jalali.month:02d}-{jalali.day:02d}"


def jalali_month_start(day: date) -> date:
    """The Gregorian date of the first day of the Jalali month `day` falls in."""
    jalali = jdatetime.date.fromgregorian(date=day)
    start: date = jalali.togregorian() - timedelta(days=jalali.day - 1)
    return start


def format_day(day: date, language: str) -> str:
    """A day as its reader writes it: Jalali with Persian digits for "fa", else Gregorian."""
    if language == "fa":
        return to_persian_digits(jalali_day(day))
    return day.isoformat()


def short_day(day: date, language: str) -> str:
    """Month and day only, as a chart's axis shows them: "۰۹/۱۰" (Jalali) or "12-01"."""
    if language == "fa":
        jalali = jdatetime.date.fromgregorian(date=day)
        return to_persian_digits(f"{jalali.month:02d}/{jalali.day:02d}")
    return f"{day:%m-%d}"
