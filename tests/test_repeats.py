"""Repeat rules: the next run after a moment, in wall time, across DST and month lengths."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.repeats import Every, MonthCalendar, Rule
from bot.telegram.parsing import ParseError, is_repeat, parse_repeat

BERLIN = ZoneInfo("Europe/Berlin")
TEHRAN = ZoneInfo("Asia/Tehran")


def _at(text: str, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def test_a_daily_run_keeps_its_wall_time_across_both_dst_changes() -> None:
    rule = Rule(Every.DAY, time(9, 0))
    spring = rule.next_after(_at("2026-03-28 09:00", BERLIN), BERLIN)
    assert spring.strftime("%Y-%m-%d %H:%M %z") == "2026-03-29 09:00 +0200"
    assert spring.timestamp() - _at("2026-03-28 09:00", BERLIN).timestamp() == 23 * 3600
    autumn = rule.next_after(_at("2026-10-24 09:00", BERLIN), BERLIN)
    assert autumn.strftime("%Y-%m-%d %H:%M %z") == "2026-10-25 09:00 +0100"


def test_a_time_the_dst_gap_skips_runs_at_the_real_wall_time_after_it() -> None:
    run = Rule(Every.DAY, time(2, 30)).next_after(_at("2026-03-28 12:00", BERLIN), BERLIN)
    assert run.strftime("%Y-%m-%d %H:%M %z") == "2026-03-29 03:30 +0200"


def test_the_next_run_is_strictly_after_the_moment() -> None:
    rule = Rule(Every.DAY, time(9, 0))
    assert rule.next_after(_at("2026-12-01 08:59", TEHRAN), TEHRAN) == _at("2026-12-01 09:00", TEHRAN)
    assert rule.next_after(_at("2026-12-01 09:00", TEHRAN), TEHRAN) == _at("2026-12-02 09:00", TEHRAN)


def test_a_weekly_run_falls_on_its_weekday() -> None:
    rule = Rule(Every.WEEK, time(18, 15), weekday=0)  # Monday; 2026-12-01 is a Tuesday
    run = rule.next_after(_at("2026-12-01 10:00", TEHRAN), TEHRAN)
    assert run == _at("2026-12-07 18:15", TEHRAN)
    assert rule.next_after(run, TEHRAN) == _at("2026-12-14 18:15", TEHRAN)


def test_day_31_of_a_shorter_gregorian_month_is_its_last_day() -> None:
    rule = Rule(Every.MONTH, time(8, 0), day=31)
    after_january = rule.next_after(_at("2026-01-31 08:00", BERLIN), BERLIN)
    assert after_january == _at("2026-02-28 08:00", BERLIN)
    assert rule.next_after(after_january, BERLIN) == _at("2026-03-31 08:00", BERLIN)


def test_a_jalali_month_rule_counts_the_jalali_month() -> None:
    rule = Rule(Every.MONTH, time(10, 0), day=31, month_calendar=MonthCalendar.JALALI)
    # 1405-06-31 is 2026-09-22; Mehr (month 7) has 30 days: its last is 1405-07-30 = 2026-10-22.
    first = rule.next_after(_at("2026-09-01 00:00", TEHRAN), TEHRAN)
    assert first == _at("2026-09-22 10:00", TEHRAN)
    assert rule.next_after(first, TEHRAN) == _at("2026-10-22 10:00", TEHRAN)
    # Esfand 1405 has 29 days (1405 is not a leap year): 1405-12-29 = 2027-03-20.
    assert rule.next_after(_at("2027-03-01 00:00", TEHRAN), TEHRAN) == _at("2027-03-20 10:00", TEHRAN)


@pytest.mark.parametrize(
    "rule",
    [Rule(Every.DAY, time(9, 5)), Rule(Every.WEEK, time(0, 0), weekday=6),
     Rule(Every.MONTH, time(23, 59), day=31, month_calendar=MonthCalendar.JALALI)],
)
def test_a_rule_reads_back_what_it_stores(rule: Rule) -> None:
    assert Rule.from_text(rule.to_text()) == rule


@pytest.mark.parametrize(
    ("body", "language", "rule"),
    [
        ("every day 09:30 09121234567 hi", "en", Rule(Every.DAY, time(9, 30))),
        ("every week Friday 7:00 09121234567 hi", "en", Rule(Every.WEEK, time(7, 0), weekday=4)),
        ("هر هفته سه‌شنبه ۰۹:۳۰ 09121234567 hi", "fa", Rule(Every.WEEK, time(9, 30), weekday=1)),
        ("every month 31 09:00 09121234567 hi", "en", Rule(Every.MONTH, time(9, 0), day=31)),
        ("هر ماه ۱۵ 09:00 09121234567 hi", "fa",
         Rule(Every.MONTH, time(9, 0), day=15, month_calendar=MonthCalendar.JALALI)),
    ],
)
def test_parse_repeat(body: str, language: str, rule: Rule) -> None:
    assert is_repeat(body)
    assert parse_repeat(body, language=language) == (rule, "09121234567", "hi")


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("every", "input.repeat"),
        ("every hour 09:00 09121234567 hi", "input.repeat"),
        ("every day 25:00 09121234567 hi", "input.repeat"),
        ("every week someday 09:00 09121234567 hi", "input.repeat"),
        ("every month 32 09:00 09121234567 hi", "input.repeat"),
        ("every day 09:00", "input.no_number"),
        ("every day 09:00 09121234567", "input.no_text"),
    ],
)
def test_parse_repeat_refuses(body: str, key: str) -> None:
    with pytest.raises(ParseError) as refused:
        parse_repeat(body, language="en")
    assert refused.value.key == key
