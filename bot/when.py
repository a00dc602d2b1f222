"""The <when> of /schedule: "+1h30m" or a local "YYYY-MM-DD HH:MM", Gregorian or Jalali.

Python's `\\d` and `int()` accept every Unicode decimal digit, so Persian (۰-۹) and
Arabic-Indic (٠-٩) digits are read with no translation step.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import jdatetime

# Years below this are Jalali (the Jalali year is about 621 behind the Gregorian one).
JALALI_BEFORE_YEAR = 1700
# A day in either calendar, "-" or "/" between its fields (the same one twice).
DATE_PATTERN = r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"

_MIN_AHEAD = timedelta(minutes=1)
_MAX_AHEAD = timedelta(days=365)
_UNIT_MINUTES = {"d": 24 * 60, "h": 60, "m": 1}

# Units in the order d, h, m, each at most once; the lookahead refuses a bare "+".
# Six digits reach past a year in any unit and keep int() far from its size limits.
_RELATIVE = r"\+(?=\d)(?:(?P<d>\d{1,6})d)?(?:(?P<h>\d{1,6})h)?(?:(?P<m>\d{1,6})m)?"
_ABSOLUTE = DATE_PATTERN + r"\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})"
_RELATIVE_RE = re.compile(_RELATIVE, re.IGNORECASE)
_ABSOLUTE_RE = re.compile(_ABSOLUTE)
_LEADING_WHEN_RE = re.compile(rf"\s*(?P<when>{_RELATIVE}|{_ABSOLUTE})(?:\s+|$)", re.IGNORECASE)

_FORMAT_HINT = "a time must look like +30m, +2h, +1d, +1h30m or YYYY-MM-DD HH:MM"
_TOO_FAR = "a time may be at most 365 days ahead"


class WhenProblem(StrEnum):
    FORMAT = "format"
    DATE = "date"
    PAST = "past"
    TOO_FAR = "too_far"


class WhenError(ValueError):
    """A <when> that cannot be used; `problem` says why."""

    def __init__(self, problem: WhenProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


def split_when(args: str) -> tuple[str, str]:
    """Split the leading <when> off /schedule arguments: returns (when, the rest)."""
    match = _LEADING_WHEN_RE.match(args)
    if match is None:
        raise WhenError(WhenProblem.FORMAT, _FORMAT_HINT)
    return match["when"], args[match.end() :].strip()


def parse_when(when: str, *, now: datetime, zone: ZoneInfo) -> datetime:
    """The moment `when` names, in `zone`; `now` must be aware."""
    text = when.strip()
    if relative := _RELATIVE_RE.fullmatch(text):
        moment = _after(now, _minutes(relative), zone)
    elif absolute := _ABSOLUTE_RE.fullmatch(text):
        moment = _local_moment(absolute, zone)
    else:
        raise WhenError(WhenProblem.FORMAT, _FORMAT_HINT)
    _check_window(moment, now)
    return moment


def civil_date(year: int, month: int, day: int) -> date:
    """The Gregorian date of a day written in either calendar (Jalali when year < 1700)."""
    try:
        if year < JALALI_BEFORE_YEAR:
            gregorian: date = jdatetime.date(year, month, day).togregorian()
            return gregorian
        return date(year, month, day)
    except ValueError as exc:
        raise WhenError(WhenProblem.DATE, f"there is no day {year}-{month}-{day}") from exc


def _minutes(relative: re.Match[str]) -> int:
    return sum(
        int(relative[unit]) * minutes
        for unit, minutes in _UNIT_MINUTES.items()
        if relative[unit] is not None
    )


def _after(now: datetime, minutes: int, zone: ZoneInfo) -> datetime:
    ahead = timedelta(minutes=minutes)  # 6 digits of days stay within timedelta's range
    if ahead > _MAX_AHEAD:  # checked now: adding a huge span to `now` would overflow
        raise WhenError(WhenProblem.TOO_FAR, _TOO_FAR)
    # Elapsed time, not wall-clock time: add in UTC so a DST change inside the span counts.
    return (now.astimezone(UTC) + ahead).astimezone(zone)


def _local_moment(absolute: re.Match[str], zone: ZoneInfo) -> datetime:
    day = civil_date(int(absolute["year"]), int(absolute["month"]), int(absolute["day"]))
    hour, minute = int(absolute["hour"]), int(absolute["minute"])
    try:
        clock = time(hour, minute)
    except ValueError as exc:
        raise WhenError(WhenProblem.DATE, f"there is no time {hour}:{minute:02d}") from exc
    # fold=0: a wall time skipped by a DST gap reads with the offset before the change, and
    # a repeated one means its first occurrence. The UTC round trip names the real wall time.
    local = datetime.combine(day, clock, tzinfo=zone)
    try:
        return local.astimezone(UTC).astimezone(zone)
    except OverflowError as exc:  # the last minutes of year 9999, west of Greenwich
        raise WhenError(WhenProblem.TOO_FAR, _TOO_FAR) from exc


def _check_window(moment: datetime, now: datetime) -> None:
    # Subtracting in UTC: aware datetimes sharing a tzinfo would otherwise subtract wall times.
    ahead = moment.astimezone(UTC) - now.astimezone(UTC)
    if ahead < _MIN_AHEAD:
        raise WhenError(WhenProblem.PAST, "the time must be at least one minute from now")
    if ahead > _MAX_AHEAD:
        raise WhenError(WhenProblem.TOO_FAR, _TOO_FAR)
