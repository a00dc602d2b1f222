"""Hostile input: whatever an admin (or a stranger) types, the bot answers with valid HTML and never
crashes, sends only what was typed, and strangers reach nothing.

Three levels: the pure command parsers (property tests), the text catalogue (any value filled into any
template renders as Telegram HTML), and the running bot against the fake Bot API and the simulator.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.i18n import CATALOGUES, Texts, placeholders
from bot.telegram.parsing import (
    HISTORY_LIMIT,
    ParseError,
    command_body,
    parse_days,
    parse_history,
    parse_schedule,
    parse_send,
    parse_smsid,
    split_number,
)
from tests.fake_telegram_markup import parse_markup
from tests.fixtures_bot import ADMIN, STRANGER, RunningBot

T = TypeVar("T")
ZONE = ZoneInfo("Asia/Tehran")
MOBILE = re.compile(r"09[0-9]{9}")
EXCERPT = 40

RTL_MARKS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
CONTROL = "".join(map(chr, range(32))) + "\x7f\x85"
SPACES = " \t\n\r\u00a0\u2028\u2029\u3000"
DIGITS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩০৯０９²³¹"
# Pieces that steer the parsers into their interesting branches, mixed with noise below.
FRAGMENTS = [
    *RTL_MARKS, *ZERO_WIDTH, *SPACES, "\x00", "\x1b[31m", "\ud7ff", "\U0010ffff",
    "😀", "👍🏽", "🇮🇷", "👨‍👩‍👧", "<b>", "</b>", "<i>x</i>", "<script>alert(1)</script>", "&", "&amp;",
    "&lt;", "<", ">", '"', "'", "<a href='x'>", "</code>", "/send", "/send@smsbridge_test_bot",
    "0912", "123", "4567", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "+98", "0098", "98", "912", "-", ".", "(",
    ")", "+", "/", ":", "+1d", "+2h30m", "+999999d", "2026-12-01", "1405-09-10", "9999-12-31",
    "0001-01-01", "1700-02-30", "10:30", "25:99", "sent", "DELIVERED", "failed", "50", "51", "0",
    "366", "123456789", "۱۲۳۴۵۶۷۸۹",
]
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(DIGITS),
        st.text(max_size=4),
        st.text(alphabet=RTL_MARKS + ZERO_WIDTH + CONTROL + SPACES, max_size=3),
    ),
    max_size=24,
).map("".join)


def _digit_forms(digit: str) -> list[str]:
    """A digit as it may arrive: ASCII, Persian or Arabic-Indic, maybe after an invisible mark or a dash."""
    persian = "۰۱۲۳۴۵۶۷۸۹"[int(digit)]
    arabic = "٠١٢٣٤٥٦٧٨٩"[int(digit)]
    return [
        prefix + form
        for form in (digit, persian, arabic)
        for prefix in ("", "\u200f", "\u200e", "\u200c", "\u2067", "\u2069", "\u061c", "\ufeff", "-")
    ]


# A number typed with marks, separators and mixed scripts in between: the path that must succeed.
marked_number = st.tuples(*[st.sampled_from(_digit_forms(digit)) for digit in "09121234567"]).map("".join)
LONG_INPUTS = [
    "0912 123 4567 " + "😀" * 5000,
    "\u202e" * 10_000,
    "9" * 10_000,
    "+" + "1d" * 5000,
    "<b>" * 3000,
    "2026-12-01 " * 2000,
    "\x00" * 4096,
]
fuzz = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_parse_errors(parse: Callable[[], T]) -> T | None:
    """The parser's result, or None when it refused with a ParseError (any other error fails)."""
    try:
        return parse()
    except ParseError as error:
        assert error.key in CATALOGUES["en"], error.key
        # The answer quotes an excerpt of the input: the whole of it may not fit in a Telegram message.
        assert all(len(str(value)) <= EXCERPT for value in error.values.values()), error.values
        return None


def _check_number_and_text(body: str, number: str, text: str) -> None:
    assert MOBILE.fullmatch(number), number
    assert body.endswith(text)


# ---------------------------------------------------------------- (a) the pure parsers


@fuzz
@given(hostile_text)
def test_command_body_is_a_suffix(text: str) -> None:
    body = command_body(text)
    assert text.endswith(body)
    assert body == body.lstrip()


@fuzz
@given(hostile_text)
@example("0912\u200c1234567 hi")
@example("\u2067۰۹۱۲۱۲۳۴۵۶۷\u2069 سلام")
@example("\ufeff09121234567 hi")
def test_split_number_and_parse_send(body: str) -> None:
    split = _only_parse_errors(lambda: split_number(body))
    if split is not None:
        _check_number_and_text(body, *split)
    sent = _only_parse_errors(lambda: parse_send(body))
    if sent is not None:
        _check_number_and_text(body, *sent)
        assert sent[1].strip()


@fuzz
@given(marked_number, hostile_text)
def test_a_number_with_marks_and_any_script_is_read(number: str, tail: str) -> None:
    body = f"{number} x{tail}"
    assert parse_send(body) == ("09121234567", f"x{tail}")


@fuzz
@given(hostile_text)
@example("+1d 0912\u200f1234567 hi")
@example("9999-12-31 23:59 09121234567 hi")
def test_parse_schedule(body: str) -> None:
    now = datetime.now(ZONE)
    result = _only_parse_errors(lambda: parse_schedule(body, now=now, zone=ZONE))
    if result is not None:
        when, number, text = result
        assert when.tzinfo is not None
        assert now + timedelta(minutes=1) <= when <= now + timedelta(days=365)
        _check_number_and_text(body, number, text)
        assert text.strip()


@fuzz
@given(hostile_text)
@example("১২৩৪৫৬৭৮৯")  # Bengali digits are Unicode digits, but no smsid
@example("１２３４５６７８９")
def test_parse_smsid(body: str) -> None:
    smsid = _only_parse_errors(lambda: parse_smsid(body))
    if smsid is not None:
        assert re.fullmatch(r"[0-9]{9,}", smsid), smsid


@fuzz
@given(hostile_text)
@example("²")
@example("9999-12-31")
@example("0001-01-01")
def test_parse_history(body: str) -> None:
    query = _only_parse_errors(lambda: parse_history(body, zone=ZONE))
    if query is not None:
        assert 1 <= query.limit <= HISTORY_LIMIT
        assert query.recipient is None or MOBILE.fullmatch(query.recipient)
        assert (query.since is None) == (query.until is None)
        assert query.since is None or query.until is None or query.since < query.until


@fuzz
@given(hostile_text)
@example("²")
@example("٣٦٦")
def test_parse_days(body: str) -> None:
    days = _only_parse_errors(lambda: parse_days(body))
    if days is not None:
        assert 1 <= days <= 366


@pytest.mark.parametrize("text", LONG_INPUTS, ids=lambda text: f"{text[:6]!r}x{len(text)}")
def test_very_long_input_is_parsed_or_refused_by_every_parser(text: str) -> None:
    now = datetime.now(ZONE)
    for parse in (
        lambda: command_body("/send " + text),
        lambda: parse_send(text),
        lambda: parse_schedule(text, now=now, zone=ZONE),
        lambda: parse_smsid(text),
        lambda: parse_history(text, zone=ZONE),
        lambda: parse_days(text),
    ):
        _only_parse_errors(parse)


# ---------------------------------------------------------------- (b) the catalogue

# What the catalogues may use of Telegram HTML (blockquote: Bot API 7.0 quotes, for previews of a text).
ALLOWED_TAGS = {"b", "i", "code", "pre", "a", "blockquote"}
TEMPLATES = sorted(
    (language, key)
    for language, table in CATALOGUES.items()
    for key, template in table.items()
    if placeholders(template)
)


class _TelegramHtmlCheck(HTMLParser):
    """Collects what Telegram would refuse: unknown tags, unbalanced tags, stray markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("declaration")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.problems.append("declaration")


def _assert_telegram_html(rendered: str) -> str:
    """The visible text of `rendered` after checking it the way Telegram parses HTML."""
    check = _TelegramHtmlCheck()
    check.feed(rendered)
    check.close()
    assert not check.problems and not check.open, (check.problems, check.open, rendered)
    plain, _ = parse_markup(rendered, "HTML")  # raises like Telegram's "can't parse entities"
    assert plain == "".join(check.text)
    return plain


@pytest.mark.parametrize(("language", "key"), TEMPLATES, ids=[f"{lang}:{key}" for lang, key in TEMPLATES])
@settings(max_examples=15, deadline=None)
@given(value=hostile_text)
def test_any_value_in_any_template_renders_valid_html(language: str, key: str, value: str) -> None:
    texts = Texts(language, ZONE)
    names = placeholders(CATALOGUES[language][key])
    plain = _assert_telegram_html(texts(key, **dict.fromkeys(names, value)))
    assert value in plain  # shown verbatim, never read as markup


# ---------------------------------------------------------------- (c) the running bot

HTML_TEXT = "<b>x</b> & <script>alert('hi')</script> &amp; 1 < 2"
RTL_NUMBER = "\u200f۰۹۱۲\u200f ۱۲۳\u200c۴۵۶۷\u200e"


def _refused_calls(bot: RunningBot) -> list[str]:
    return [f"{c.method} -> {c.status}" for c in bot.telegram.calls if c.status not in (None, 200)]


async def test_html_text_and_rtl_number_reach_the_gateway_verbatim(running_bot: RunningBot) -> None:
    reply = await running_bot.command(f"/send {RTL_NUMBER} {HTML_TEXT}")
    [request] = running_bot.gateway_requests("SendSMSWithID")
    assert request.fields["mobileno"] == "09121234567"
    assert request.fields["text"] == HTML_TEXT
    assert "09121234567" in reply and "smsid" in reply
    assert _refused_calls(running_bot) == []


@pytest.mark.parametrize(
    "command",
    [
        "/send 09121234567 " + "😀" * 3000,
        "/send " + "9" * 5000,
        "/history " + "<b>" * 500,
        "/send 😀😀😀",
        "/status ١٢٣<i>\u202e",
        "/send 09121234567 bell\x07 escape\x1b[31m nul\x00 end",
        "/schedule \x00\x01\x02 09121234567 hi",
        "/history \u202e\u2066²\u2069 9999-12-31",
    ],
    ids=["long-text", "long-number", "tags", "send-emoji", "status-marks", "control-text",
         "control-when", "history-marks"],
)
async def test_hostile_commands_get_a_reply_and_the_bot_keeps_answering(
    running_bot: RunningBot, command: str
) -> None:
    reply = await running_bot.command(command)
    assert reply.strip()
    assert _refused_calls(running_bot) == []
    assert "/send" in await running_bot.command("/help")


async def test_a_message_of_only_emoji_and_marks_breaks_nothing(running_bot: RunningBot) -> None:
    running_bot.telegram.send_text(ADMIN, "😀👍🏽🇮🇷👨‍👩‍👧\u202e\u200b\x00", language_code="en")
    assert "/send" in await running_bot.command("/help")
    assert not [m for m in running_bot.telegram.messages_in(ADMIN) if "went wrong" in m["text"]]
    assert _refused_calls(running_bot) == []


# ---------------------------------------------------------------- (d) strangers, in bulk

STRANGERS = [STRANGER, 424242, 5_000_000_001, 1, 2**52]
GROUPS = (-100, -101, -102)
CHANNEL = -1001234
STRANGER_COMMANDS = ["/send 09121234567 spam", "/flash 09121234567 x", "/balance", "/status 123456789",
                     "/history", "/schedule +1h 09121234567 x", "/bulk\n09121234567\n\nhi", "/start",
                     "hello"]


def _table_rows(bot: RunningBot, table: str) -> int:
    with sqlite3.connect(bot.settings.database_path) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _push_stranger_updates(bot: RunningBot) -> list[dict[str, Any]]:
    """1,000 updates of every kind from people who are not admins."""
    tg = bot.telegram
    first = [tg.send_text(user, f"/send 09121234567 first {user}") for user in STRANGERS]
    pushed = list(first)
    for i in range(295):
        pushed.append(tg.send_text(STRANGERS[i % 5], STRANGER_COMMANDS[i % len(STRANGER_COMMANDS)] + f" {i}"))
    for i in range(150):
        message = first[i % 5]["message"]
        pushed.append(tg.edit_text(message["from"]["id"], message["message_id"], f"/send 09121234567 e{i}"))
    for i in range(200):
        message = first[i % 5]["message"]
        data = ("bulk:send:1", "bulk:cancel:1", "bulk:resume:2", "x" * 64)[i % 4]
        pushed.append(tg.press_button(message["from"]["id"], message, data, check=False))
    for i in range(150):
        csv = b"09121234567\n09351234567\n"
        pushed.append(tg.send_document(STRANGERS[i % 5], f"n{i}.csv", csv, caption="/bulk hi"))
    for i in range(150):
        pushed.append(tg.send_text(STRANGERS[i % 5], f"/send 09121234567 group {i}", chat_id=GROUPS[i % 3],
                                   chat_type="group" if i % 2 else "supergroup"))
    for i in range(50):  # channel posts have no sender at all
        chat = {"id": CHANNEL, "type": "channel", "title": "news"}
        post = {"message_id": 10 + i, "date": 1, "chat": chat, "text": f"/send 09121234567 channel {i}"}
        pushed.append(tg.push_update({"channel_post": post}))
    return pushed


async def test_a_thousand_stranger_updates_reach_neither_gateway_nor_database(
    running_bot: RunningBot,
) -> None:
    tg = running_bot.telegram
    before = len(running_bot.gateway_requests())
    pushed = _push_stranger_updates(running_bot)
    assert len(pushed) == 1000
    presses = sum("callback_query" in update for update in pushed)
    await tg.wait_for_call("answerCallbackQuery", count=presses, timeout=20)
    await running_bot.handled(*pushed, timeout=20)
    assert len(running_bot.gateway_requests()) == before
    for table in ("messages", "campaigns", "message_events"):
        assert _table_rows(running_bot, table) == 0, table
    private_refusals = [m for user in STRANGERS for m in tg.messages_in(user) if "private" in m["text"]]
    assert len(private_refusals) <= len(STRANGERS)  # throttled: one a minute per stranger
    assert all(tg.messages_in(chat) == [] for chat in (*GROUPS, CHANNEL))  # silence outside private chats
    assert _refused_calls(running_bot) == []
    await running_bot.start()
    reply = await running_bot.command("/send 09121234567 still here")
    assert "smsid" in reply and len(running_bot.gateway_requests("SendSMSWithID")) == 1
