"""The catalogues: same keys and placeholders in both languages, safe HTML whatever the values,
Persian digits, a meaning for every gateway code, and no user-facing text outside them."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.gateway.codes import DELIVERY_STATES, LINK_ERRORS, SOAP_ERRORS, error_for
from bot.i18n import CATALOGUES, Html, Texts, en, fa, placeholders, to_plain
from tests.fake_telegram_markup import parse_markup

TEHRAN = ZoneInfo("Asia/Tehran")
BOT = Path(__file__).resolve().parent.parent / "bot"
# Everything Telegram's HTML parser or str.format could trip on.
HOSTILE = "<b>x</b> & <a href='y'>z</a> {0} {name} %s \u202e\u200c ۱۲ `*_"
PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")
ASCII_DIGIT = re.compile(r"[0-9]")


def test_both_catalogues_have_the_same_keys() -> None:
    assert sorted(en.TEXTS) == sorted(fa.TEXTS)


@pytest.mark.parametrize("key", sorted(en.TEXTS))
def test_same_placeholders_in_both_languages(key: str) -> None:
    assert placeholders(en.TEXTS[key]) == placeholders(fa.TEXTS[key]), key


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_template_is_valid_telegram_html_with_hostile_values(language: str) -> None:
    texts = Texts(language, TEHRAN)
    for key, template in CATALOGUES[language].items():
        values = {name: HOSTILE for name in placeholders(template)}
        rendered = texts(key, **values)
        plain, _ = parse_markup(rendered, "HTML")  # raises like Telegram on broken markup
        filled = [name for _, name, _, _ in string.Formatter().parse(template) if name]
        assert plain.count(HOSTILE) == len(filled), key  # shown verbatim, not interpreted
        assert "{" not in plain.replace(HOSTILE, ""), key  # no placeholder left unfilled


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_template_renders_numbers_and_prerendered_html(language: str) -> None:
    texts = Texts(language, TEHRAN)
    for key, template in CATALOGUES[language].items():
        names = placeholders(template)
        parse_markup(texts(key, **{name: 1234567 for name in names}), "HTML")
        parse_markup(texts(key, **{name: Html("<b>bold</b>") for name in names}), "HTML")


def test_persian_numbers_use_persian_digits() -> None:
    texts = Texts("fa", TEHRAN)
    assert texts.number(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert not ASCII_DIGIT.search(texts.number(2.5))
    balance = texts("balance", credit=1234567)
    assert "۱٬۲۳۴٬۵۶۷" in balance and not ASCII_DIGIT.search(balance)
    assert not ASCII_DIGIT.search(texts("stats.credit", parts=9876))
    assert not ASCII_DIGIT.search(texts.duration(3 * 3600))
    assert Texts("en", TEHRAN)("balance", credit=1234567) == "💳 Credit: <b>1,234,567</b>"


def test_persian_keeps_codes_and_numbers_to_copy_in_ascii() -> None:
    # Strings (phone numbers, smsids, codes) are not numbers: they stay copyable.
    line = Texts("fa", TEHRAN)("status.line", smsid="123456789", number="09121234567",
                               state="x", code="5")
    assert "<code>123456789</code>" in line and "<code>09121234567</code>" in line


def _code_tables() -> Iterator[tuple[str, str, str]]:
    for table_name, table in (("soap", SOAP_ERRORS), ("link", LINK_ERRORS)):
        for code, info in table.items():
            yield table_name, code, info.key
    for code, state in DELIVERY_STATES.items():
        yield "delivery", code, state.key


@pytest.mark.parametrize(("table", "code", "key"), list(_code_tables()))
def test_every_gateway_code_has_an_english_and_a_persian_meaning(
    table: str, code: str, key: str
) -> None:
    english, persian = en.TEXTS[key], fa.TEXTS[key]
    assert re.search(r"[a-z]{3}", english) and not PERSIAN_LETTER.search(english)
    assert PERSIAN_LETTER.search(persian)


@pytest.mark.parametrize(("table", "code"), [(t, c) for t, c, _ in _code_tables()])
def test_gateway_codes_read_in_the_admins_language(table: str, code: str) -> None:
    english, persian = Texts("en", TEHRAN), Texts("fa", TEHRAN)
    if table == "delivery":
        words = english.delivery_state(code), persian.delivery_state(code)
    else:
        error = error_for(code, SOAP_ERRORS if table == "soap" else LINK_ERRORS)
        words = english.gateway_reason(error), persian.gateway_reason(error)
    assert not PERSIAN_LETTER.search(words[0]) and PERSIAN_LETTER.search(words[1])


def _first_strong_direction(line: str) -> str | None:
    """"L" or "R" for the first letter with a direction, as Telegram picks a paragraph's."""
    for character in line:
        direction = unicodedata.bidirectional(character)
        if direction in ("L", "R", "AL"):
            return "L" if direction == "L" else "R"
    return None


@pytest.mark.parametrize("key", sorted(fa.TEXTS))
def test_persian_lines_open_with_a_persian_word(key: str) -> None:
    # A line whose first letter is Latin (a typed word, "API") is laid out left to right, and
    # the Persian after it reads scrambled. A line that is a /command is laid out so anyway.
    template = fa.TEXTS[key].replace("{raw}", "abc").replace("{name}", "abc")
    plain = to_plain(Html(re.sub(r"\{[^}]*\}", "", template)))
    for line in plain.split("\n"):
        if line.lstrip().startswith("/"):
            continue
        if any(unicodedata.bidirectional(character) == "AL" for character in line):
            assert _first_strong_direction(line) == "R", line


# --- the source: every user-facing text comes from the catalogue -----------------------------

# Methods that put text in front of the user; their text arguments must be catalogue output.
SENDERS = {
    "reply_text", "send_message", "answer", "edit_message_text", "edit_text", "reply_document",
    "send_document", "answer_callback_query", "InlineKeyboardButton",
}
TEXT_KEYWORDS = {"text", "caption"}
# Names under which handlers hold the catalogue (a Texts instance).
CATALOGUE_CALLS = {"_t", "_texts", "texts", "t", "plain"}


def _handler_sources() -> list[Path]:
    return sorted((BOT / "telegram").glob("*.py"))


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literals(node: ast.AST) -> Iterator[ast.AST]:
    """String literals in an expression, not looking inside calls (whose result is computed)."""
    if isinstance(node, ast.Call):
        return
    if isinstance(node, ast.Constant | ast.JoinedStr):
        yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _literals(child)


def _words(literal: ast.AST) -> bool:
    """Whether a literal holds words (a separator such as "\\n" or " · " is fine)."""
    if isinstance(literal, ast.Constant):
        return isinstance(literal.value, str) and bool(re.search(r"[^\W\d_]", literal.value))
    assert isinstance(literal, ast.JoinedStr)
    return any(_words(part) for part in literal.values if isinstance(part, ast.Constant))


@pytest.mark.parametrize("source", _handler_sources(), ids=lambda path: path.name)
def test_handlers_send_no_literal_text(source: Path) -> None:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    offenders = []
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        if _callee(call) not in SENDERS:
            continue
        arguments = [*call.args, *(kw.value for kw in call.keywords if kw.arg in TEXT_KEYWORDS)]
        for argument in arguments:
            offenders += [
                f"{source.name}:{getattr(literal, 'lineno', '?')}"
                for literal in _literals(argument)
                if _words(literal)
            ]
    assert offenders == []


def _catalogue_keys_used() -> Iterator[tuple[str, ast.AST]]:
    """(file, first argument) of every texts(...) / self._t(...) / ParseError(...) call in bot/."""
    for source in sorted(BOT.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            name = _callee(call)
            if call.args and (name in CATALOGUE_CALLS or name == "ParseError"):
                yield source.name, call.args[0]


def test_every_catalogue_key_the_code_names_exists() -> None:
    missing = []
    for source, argument in _catalogue_keys_used():
        for literal in _literals(argument):
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                if literal.value not in en.TEXTS:
                    missing.append(f"{source}: {literal.value}")
            elif isinstance(literal, ast.JoinedStr) and isinstance(literal.values[0], ast.Constant):
                prefix = str(literal.values[0].value)
                if not any(key.startswith(prefix) for key in en.TEXTS):
                    missing.append(f"{source}: {prefix}…")
    assert missing == []


def test_the_source_check_catches_a_literal_reply(tmp_path: Path) -> None:
    # The check above must be able to fail: run its walk over a handler that writes English.
    tree = ast.parse('async def h(m, t):\n    await m.reply_text("Done!" + t("x"))\n')
    [call] = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee(n) == "reply_text"]
    assert [literal for literal in _literals(call.args[0]) if _words(literal)]
