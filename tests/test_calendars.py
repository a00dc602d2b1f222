from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.calendars import (
    format_gregorian,
    format_jalali,
    format_moment,
    local_day_bounds,
    parse_day,
    to_persian_digits,
)
from bot.when import WhenError, WhenProblem

TEHRAN = ZoneInfo("Asia/Tehran")
BERLIN = ZoneInfo("Europe/Berlin")
# 2026-12-01 09:30 in Tehran (UTC+03:30), which is 1405-09-10 in the Jalali calendar.
MOMENT = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
HOUR = 3600


def test_to_persian_digits_changes_only_digits() -> None:
    assert to_persian_digits("2026-12-01 09:30 ok") == "۲۰۲۶-۱۲-۰۱ ۰۹:۳۰ ok"


def test_format_gregorian_shows_local_time() -> None:
    assert format_gregorian(MOMENT, TEHRAN) == "2026-12-01 09:30"
    assert format_gregorian(MOMENT, BERLIN) == "2026-12-01 07:00"


def test_format_jalali_shows_local_time_with_ascii_digits() -> None:
    assert format_jalali(MOMENT, TEHRAN) == "1405-09-10 09:30"


def test_the_local_day_decides_the_jalali_date() -> None:
    new_year_just_after_midnight = datetime(2026, 3, 20, 21, 0, tzinfo=UTC)
    assert format_jalali(new_year_just_after_midnight, TEHRAN) == "1405-01-01 00:30"
    assert format_jalali(new_year_just_after_midnight, BERLIN) == "1404-12-29 22:00"


def test_format_moment_in_english_puts_gregorian_first() -> None:
    assert format_moment(MOMENT, TEHRAN, "en") == "2026-12-01 09:30 (1405-09-10)"


def test_format_moment_in_persian_puts_jalali_first_in_persian_digits() -> None:
    assert format_moment(MOMENT, TEHRAN, "fa") == "۱۴۰۵-۰۹-۱۰ ۰۹:۳۰ (2026-12-01)"


def test_format_moment_in_other_languages_reads_like_english() -> None:
    assert format_moment(MOMENT, TEHRAN, "de") == format_moment(MOMENT, TEHRAN, "en")


def test_local_day_bounds_span_the_local_day() -> None:
    start, end = local_day_bounds(date(2026, 12, 1), TEHRAN)
    assert start == datetime(2026, 11, 30, 20, 30, tzinfo=UTC).timestamp()
    assert end == datetime(2026, 12, 1, 20, 30, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 6, 1), 24)]
)
def test_local_day_bounds_follow_dst_changes(day: date, hours: int) -> None:
    start, end = local_day_bounds(day, BERLIN)
    assert end - start == hours * HOUR


def test_a_day_whose_midnight_was_skipped_starts_at_the_change() -> None:
    # Iran moved its clocks from 00:00 to 01:00 on 2021-03-22 (it dropped DST in 2022).
    start, end = local_day_bounds(date(2021, 3, 22), TEHRAN)
    assert start == datetime(2021, 3, 21, 20, 30, tzinfo=UTC).timestamp()
    assert end - start == 23 * HOUR


@pytest.mark.parametrize(
    "text", ["2026-12-01", "2026/12/01", " 2026-12-1 ", "1405-09-10", "۱۴۰۵/۰۹/۱۰", "٢٠٢٦-١٢-٠١"]
)
def test_parse_day_reads_either_calendar(text: str) -> None:
    assert parse_day(text, TEHRAN) == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", WhenProblem.FORMAT),
        ("yesterday", WhenProblem.FORMAT),
        ("2026-12", WhenProblem.FORMAT),
        ("2026-12-01 09:30", WhenProblem.FORMAT),
        ("2026-12/01", WhenProblem.FORMAT),
        ("2026-02-30", WhenProblem.DATE),
        ("2026-13-01", WhenProblem.DATE),
        ("1405-12-30", WhenProblem.DATE),
    ],
)
def test_parse_day_refusals(text: str, problem: WhenProblem) -> None:
    with pytest.raises(WhenError) as caught:
        parse_day(text, TEHRAN)
    assert caught.value.problem is problem


@given(st.one_of(st.text(max_size=20), st.text(st.sampled_from("0123456789-/ ۰۹"), max_size=12)))
def test_parse_day_raises_only_when_error(text: str) -> None:
    try:
        day = parse_day(text, TEHRAN)
    except WhenError:
        return
    assert isinstance(day, date)
