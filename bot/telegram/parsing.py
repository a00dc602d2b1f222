"""Strict parsers for command arguments. Pure functions: text in, values or a ParseError out.

A ParseError names a catalogue key and its values, so the handler can answer in the admin's language.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.calendars import local_day_bounds, parse_day
from bot.i18n import state_phrases
from bot.phone import (
    MAX_GROUPS,
    PhoneError,
    PhoneProblem,
    is_dialable,
    is_grouped,
    normalize_mobile,
    read_mobile,
)
from bot.repeats import Every, MonthCalendar, Rule
from bot.service.reports import HistoryQuery
from bot.states import MessageState
from bot.typed import COMMAND, ascii_digits, fold_letters
from bot.typed import weekday as typed_weekday
from bot.when import WhenError, parse_when, split_when

# ASCII digits only: `\d` would also let Bengali or full-width digits through to the gateway.
SMSID = re.compile(r"^[0-9]{9,}$")
# A first word with at least this many digits is a whole number, mistyped if it is not valid.
MISTYPED_DIGITS = 8
HISTORY_LIMIT = 50
EXPORT_DAYS_LIMIT = 366


class ParseError(ValueError):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def command_body(text: str) -> str:
    """Everything after `/command` (or `/command@bot`), with the whitespace after it removed."""
    return COMMAND.sub("", text.lstrip(), count=1).lstrip()


def first_word(text: str) -> str:
    """The first word after the command, lower case: what `/contacts` or `/template` is asked to
    do. The guard reads the role it needs with this same function, so both agree on it."""
    return command_body(text).partition(" ")[0].strip().lower()


def split_number(body: str) -> tuple[str, str]:
    """The recipient at the start of `body` and the rest, verbatim.

    The recipient is the first word, or the first words when they are a number in one of the
    layouts people write (`0912 123 4567`); nothing else is joined, so a mistyped number is
    refused rather than completed with the start of the text.
    """
    words = list(re.finditer(r"\S+", body))
    if not words:
        raise ParseError("input.no_number")
    count = next(
        (n for n in range(min(len(words), MAX_GROUPS), 1, -1)
         if is_grouped([word.group() for word in words[:n]])),
        1,
    )
    end = words[count - 1].end()
    try:
        return read_mobile(body[words[0].start() : end]), body[end:].lstrip()
    except PhoneError as error:
        raise _refusal(error, body, words if count == 1 else []) from None


def _refusal(error: PhoneError, body: str, words: list[re.Match[str]]) -> ParseError:
    """Why the start of `body` is no number. A first word that is a whole mistyped number is
    explained alone; short groups of digits (`021 8888 1234`) are explained together."""
    if error.problem is PhoneProblem.WRONG_LENGTH and error.digits >= MISTYPED_DIGITS:
        return _problem(error)
    run = 0
    while run < min(len(words), MAX_GROUPS) and is_dialable(words[run].group()):
        run += 1
    if run < 2:
        return _problem(error)
    raw = body[words[0].start() : words[run - 1].end()]
    try:
        normalize_mobile(raw)
    except PhoneError as joined:
        return _problem(joined)
    return ParseError("input.phone.grouping", raw=raw[:40])


def _problem(error: PhoneError) -> ParseError:
    # An excerpt: the answer must fit in one Telegram message whatever was typed.
    raw = error.raw[:40]
    if error.problem is PhoneProblem.WRONG_LENGTH and error.digits != error.expected:
        return ParseError(
            "input.phone.digit_count", raw=raw, count=error.digits, expected=error.expected
        )
    return ParseError(f"input.phone.{error.problem.value}", raw=raw)


def parse_send(body: str) -> tuple[str, str]:
    number, text = split_number(body)
    if not text.strip():
        raise ParseError("input.no_text")
    return number, text


def parse_time(body: str, *, now: datetime, zone: ZoneInfo) -> datetime:
    """A time alone, in every form /schedule takes (a scheduled campaign's start)."""
    try:
        return parse_when(body, now=now, zone=zone)
    except WhenError as error:
        raise ParseError(f"input.when.{error.problem.value}") from None


def parse_schedule(body: str, *, now: datetime, zone: ZoneInfo) -> tuple[datetime, str, str]:
    try:
        when_text, rest = split_when(body)
        when = parse_when(when_text, now=now, zone=zone)
    except WhenError as error:
        raise ParseError(f"input.when.{error.problem.value}") from None
    number, text = parse_send(rest)
    return when, number, text


# `/schedule every <rule> <number> <text>`: the words of a rule, English and Persian (compared
# after normalize_word).
EVERY_WORDS = frozenset({"every", "هر"})
RULE_WORDS: dict[str, Every] = {
    "day": Every.DAY, "daily": Every.DAY, "روز": Every.DAY,
    "week": Every.WEEK, "weekly": Every.WEEK, "هفته": Every.WEEK,
    "month": Every.MONTH, "monthly": Every.MONTH, "ماه": Every.MONTH,
}
_CLOCK = re.compile(r"^(?P<hour>\d{1,2}):(?P<minute>\d{2})$")


def is_repeat(body: str) -> bool:
    """Whether `/schedule` arguments start with `every` (a repeating schedule)."""
    words = body.split(maxsplit=1)
    return bool(words) and normalize_word(words[0]) in EVERY_WORDS


def parse_repeat(body: str, *, language: str) -> tuple[Rule, str, str]:
    """`every day HH:MM`, `every week <weekday> HH:MM` or `every month <day> HH:MM`, then the
    number and the text. A month's day counts in the Jalali month when `language` is "fa"."""
    words = body.split(maxsplit=2)
    every = RULE_WORDS.get(normalize_word(words[1])) if len(words) > 1 else None
    if every is None:
        raise ParseError("input.repeat")
    needed = 3 if every is Every.DAY else 4  # "every", the unit, [a weekday or day], the time
    words = body.split(maxsplit=needed)
    if len(words) < needed:
        raise ParseError("input.repeat")
    at = _clock(words[needed - 1])
    if every is Every.DAY:
        rule = Rule(every, at)
    elif every is Every.WEEK:
        weekday = typed_weekday(words[2])
        if weekday is None:
            raise ParseError("input.repeat")
        rule = Rule(every, at, weekday=weekday)
    else:
        rule = Rule(every, at, day=_month_day(words[2]), month_calendar=(
            MonthCalendar.JALALI if language == "fa" else MonthCalendar.GREGORIAN))
    number, text = parse_send(words[needed] if len(words) > needed else "")
    return rule, number, text


def _clock(word: str) -> time:
    match = _CLOCK.match(normalize_digits(word))
    if match is None or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        raise ParseError("input.repeat")
    return time(int(match["hour"]), int(match["minute"]))


def _month_day(word: str) -> int:
    plain = normalize_digits(word)
    if not plain.isdecimal() or len(plain) > 2 or not 1 <= int(plain) <= 31:
        raise ParseError("input.repeat")
    return int(plain)


def parse_smsid(body: str) -> str:
    raw = body.strip()
    if not raw:
        raise ParseError("input.smsid", raw="")
    digits = normalize_digits(raw)
    if not SMSID.match(digits):
        raise ParseError("input.smsid", raw=raw[:40])
    return digits


def _state_words() -> dict[str, MessageState]:
    """The state words /history understands, from both catalogues, spaces removed and compared
    after normalize_word: the words the bot shows ("outcome unknown", "در انتظار گزارش") too."""
    return {
        _phrase(phrase): state
        for state, phrases in state_phrases().items()
        for phrase in phrases
    }


def _phrase(words: str) -> str:
    return normalize_word("".join(words.split()))


def parse_history(body: str, *, zone: ZoneInfo) -> HistoryQuery:
    query = HistoryQuery()
    tokens = body.split()
    while tokens:
        query, tokens = _history_state(query, tokens)
        if tokens:
            query = _history_token(query, tokens[0], zone)
            tokens = tokens[1:]
    return query


def _history_state(query: HistoryQuery, tokens: list[str]) -> tuple[HistoryQuery, list[str]]:
    """A state named at the start of `tokens`, in as many words as its longest name that fits."""
    for count in range(min(len(tokens), STATE_WORDS_AT_MOST), 0, -1):
        state = STATE_WORDS.get(_phrase("".join(tokens[:count])))
        if state is not None:
            return replace(query, state=state), tokens[count:]
    return query, tokens


def _history_token(query: HistoryQuery, token: str, zone: ZoneInfo) -> HistoryQuery:
    plain = normalize_digits(token)
    # isdecimal, not isdigit: "²" is a digit that int() cannot read.
    # Fewer digits than any number could have: a count, too large or not.
    if plain.isdecimal() and len(plain) < MISTYPED_DIGITS:
        count = int(plain)
        if not 1 <= count <= HISTORY_LIMIT:
            raise ParseError("input.count", raw=token, limit=HISTORY_LIMIT)
        return replace(query, limit=count)
    if re.match(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}$", plain):
        try:
            since, until = local_day_bounds(parse_day(plain, zone), zone)
        except (WhenError, OverflowError):  # OverflowError: the day after 9999-12-31
            raise ParseError("input.when.date") from None
        return replace(query, since=since, until=until)
    try:
        return replace(query, recipient=normalize_mobile(token))
    except PhoneError as error:
        if error.digits >= MISTYPED_DIGITS:  # a mistyped number: say what is wrong with it
            raise _problem(error) from None
        raise ParseError("input.history_word", raw=token[:40]) from None


def parse_days(body: str, *, default: int = 30) -> int:
    raw = body.strip()
    if not raw:
        return default
    plain = normalize_digits(raw)
    # isdecimal and a length cap before int(): "²" and 5,000 digits would raise ValueError there.
    if not plain.isdecimal() or len(plain) > 3 or not 1 <= int(plain) <= EXPORT_DAYS_LIMIT:
        raise ParseError("input.days", raw=raw[:40], limit=EXPORT_DAYS_LIMIT)
    return int(plain)


def parse_chart_days(body: str, *, lowest: int, highest: int, default: int) -> int:
    """The window of /stats: a whole number of days in [lowest, highest], any digits."""
    raw = body.strip()
    if not raw:
        return default
    plain = normalize_digits(raw)
    if not plain.isdecimal() or len(plain) > 3 or not lowest <= int(plain) <= highest:
        raise ParseError("input.chart_days", raw=raw[:40], lowest=lowest, highest=highest)
    return int(plain)


# Underscores and dashes people put inside words ("outcome_unknown", "تحویل-شده").
_JOINERS = str.maketrans({"_": None, "-": None})


def normalize_digits(text: str) -> str:
    return ascii_digits(text)


def normalize_word(text: str) -> str:
    """A word as typed, compared loosely: lower case, one letter form, no joiners or dashes."""
    return fold_letters(text).translate(_JOINERS).lower()


STATE_WORDS: dict[str, MessageState] = _state_words()
# The most words a state's name takes ("waiting for report").
STATE_WORDS_AT_MOST = max(
    len(phrase.split()) for phrases in state_phrases().values() for phrase in phrases
)
