from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.when import WhenError, WhenProblem, civil_date, parse_when, split_when

TEHRAN = ZoneInfo("Asia/Tehran")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=TEHRAN)


def at(text: str, now: datetime = NOW, zone: ZoneInfo = TEHRAN) -> datetime:
    return parse_when(text, now=now, zone=zone)


def problem_of(text: str, now: datetime = NOW, zone: ZoneInfo = TEHRAN) -> WhenProblem:
    with pytest.raises(WhenError) as caught:
        at(text, now, zone)
    return caught.value.problem


@pytest.mark.parametrize(
    ("args", "when", "rest"),
    [
        ("+30m 09121234567 hello", "+30m", "09121234567 hello"),
        ("  +1h30m   rest", "+1h30m", "rest"),
        ("+2H rest", "+2H", "rest"),
        ("2026-12-01 09:30 rest of it", "2026-12-01 09:30", "rest of it"),
        ("1405/09/10 9:30 rest", "1405/09/10 9:30", "rest"),
        ("۱۴۰۵-۰۹-۱۰ ۰۹:۳۰ سلام", "۱۴۰۵-۰۹-۱۰ ۰۹:۳۰", "سلام"),
        ("+1d\nline one\nline two", "+1d", "line one\nline two"),
        ("+45m", "+45m", ""),
    ],
)
def test_split_when_takes_the_leading_when(args: str, when: str, rest: str) -> None:
    assert split_when(args) == (when, rest)


@pytest.mark.parametrize(
    "args",
    ["", "hello +30m", "+ 30m rest", "+30mrest", "+30x rest", "2026-12-01 rest", "tomorrow 9:30"],
)
def test_split_when_refuses_arguments_without_a_leading_when(args: str) -> None:
    with pytest.raises(WhenError) as caught:
        split_when(args)
    assert caught.value.problem is WhenProblem.FORMAT


@pytest.mark.parametrize(
    ("text", "ahead"),
    [
        ("+1m", timedelta(minutes=1)),
        ("+30m", timedelta(minutes=30)),
        ("+2h", timedelta(hours=2)),
        ("+1d", timedelta(days=1)),
        ("+1h30m", timedelta(hours=1, minutes=30)),
        ("+1d2h3m", timedelta(days=1, hours=2, minutes=3)),
        ("+2H", timedelta(hours=2)),
        ("+۳۰m", timedelta(minutes=30)),
        ("+٢h", timedelta(hours=2)),
        ("+365d", timedelta(days=365)),
    ],
)
def test_relative_times_count_from_now(text: str, ahead: timedelta) -> None:
    assert at(text) == NOW + ahead


def test_result_is_in_the_given_zone() -> None:
    moment = at("+30m", now=datetime(2026, 3, 1, 8, 30, tzinfo=UTC))
    assert moment.tzinfo is TEHRAN
    assert (moment.hour, moment.minute) == (12, 30)


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01 09:30",
        "2026/12/01 09:30",
        "2026-12-1 9:30",
        "1405-09-10 09:30",
        "1405/9/10 09:30",
        "۱۴۰۵-۰۹-۱۰ ۰۹:۳۰",
        "٢٠٢٦/١٢/٠١ ٠٩:٣٠",
    ],
)
def test_absolute_times_are_local_to_the_zone(text: str) -> None:
    moment = at(text)
    assert moment == datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    assert moment.tzinfo is TEHRAN


def test_jalali_new_year_is_the_gregorian_march_21() -> None:
    assert at("1405-01-01 09:30") == at("2026-03-21 09:30")
    assert civil_date(1405, 1, 1) == date(2026, 3, 21)


def test_jalali_leap_day_exists_only_in_leap_years() -> None:
    assert civil_date(1403, 12, 30) == date(2025, 3, 20)
    with pytest.raises(WhenError) as caught:
        civil_date(1405, 12, 30)
    assert caught.value.problem is WhenProblem.DATE


@pytest.mark.parametrize(
    "text",
    [
        "tomorrow",
        "",
        "+",
        "+30",
        "+30s",
        "+30m1h",
        "+-5m",
        "2026-12-01",
        "09:30",
        "2026-12/01 09:30",
        "2026-12-01T09:30",
        "2026-12-01 9:3",
        "26-12-01 09:30",
        "+1234567m",
    ],
)
def test_bad_format(text: str) -> None:
    assert problem_of(text) is WhenProblem.FORMAT


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30 09:30",
        "2026-13-01 09:30",
        "2026-00-10 09:30",
        "2026-12-01 24:00",
        "2026-12-01 09:60",
        "1405-12-30 09:30",
        "1405-12-31 09:30",
        "1405-07-31 09:30",
        "0000-01-01 09:30",
    ],
)
def test_impossible_date(text: str) -> None:
    assert problem_of(text) is WhenProblem.DATE


@pytest.mark.parametrize(
    "text", ["+0m", "2026-03-01 12:00", "2026-03-01 11:59", "2025-12-01 09:30", "1404-01-01 09:30"]
)
def test_not_in_the_future(text: str) -> None:
    assert problem_of(text) is WhenProblem.PAST


def test_less_than_a_minute_ahead_is_past() -> None:
    assert problem_of("2026-03-01 12:00", now=NOW - timedelta(seconds=30)) is WhenProblem.PAST
    assert at("2026-03-01 12:00", now=NOW - timedelta(seconds=60)) == NOW


@pytest.mark.parametrize(
    "text", ["+366d", "+365d1m", "+999999d", "+999999m", "2027-03-02 12:00", "1499-01-01 00:00"]
)
def test_more_than_a_year_ahead(text: str) -> None:
    assert problem_of(text) is WhenProblem.TOO_FAR


def test_the_last_representable_minute_is_too_far_not_a_crash() -> None:
    new_york = ZoneInfo("America/New_York")
    assert problem_of("9999-12-31 23:59", zone=new_york) is WhenProblem.TOO_FAR


def test_wall_time_skipped_by_dst_reads_as_the_time_after_the_change() -> None:
    now = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)
    moment = at("2026-03-29 02:30", now=now, zone=BERLIN)
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (moment.hour, moment.minute) == (3, 30)


def test_repeated_wall_time_means_its_first_occurrence() -> None:
    now = datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN)
    moment = at("2026-10-25 02:30", now=now, zone=BERLIN)
    # Compared in UTC: Python never calls an ambiguous wall time equal across zones.
    assert moment.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_relative_times_count_elapsed_time_across_a_dst_change() -> None:
    now = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)  # 00:30 UTC, 30 min before the change
    moment = at("+2h", now=now, zone=BERLIN)
    assert moment == datetime(2026, 3, 29, 2, 30, tzinfo=UTC)
    assert (moment.hour, moment.minute) == (4, 30)


WHEN_LIKE = st.text(st.sampled_from([*"0123456789+-/: mhdMHD۰۹٩", "\u200f"]), max_size=24)


@given(st.one_of(st.text(max_size=40), WHEN_LIKE))
def test_parse_when_raises_only_when_error(text: str) -> None:
    try:
        moment = at(text)
    except WhenError:
        return
    assert timedelta(minutes=1) <= moment - NOW <= timedelta(days=365)


@given(st.one_of(st.text(max_size=40), WHEN_LIKE))
def test_split_when_raises_only_when_error(text: str) -> None:
    try:
        when, rest = split_when(text)
    except WhenError:
        return
    assert text.strip().startswith(when)
    assert text.rstrip().endswith(rest)
