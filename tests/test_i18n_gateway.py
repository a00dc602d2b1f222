"""The gateway's words live in the catalogues: bot/gateway/ holds none, every name it can raise has
a text in both languages, and no reply about a failed call repeats itself or shows an empty code."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.gateway import (
    GatewayError,
    OutcomeUnknown,
    TransportError,
    Unsupported,
)
from bot.gateway.codes import DELIVERY_STATES, LINK_ERRORS, SOAP_ERRORS, error_for
from bot.i18n import CATALOGUES, Texts, reason_key
from bot.telegram.describe import describe_error

TEHRAN = ZoneInfo("Asia/Tehran")
GATEWAY = Path(__file__).resolve().parent.parent / "bot" / "gateway"
PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")
# The clause that says a send surely did not happen, once per reply at most.
NOTHING_SENT = {"en": "nothing was sent", "fa": "چیزی ارسال نشد"}


def test_the_gateway_package_holds_no_persian() -> None:
    offenders = [
        f"{source.name}:{number}"
        for source in sorted(GATEWAY.glob("*.py"))
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if PERSIAN_LETTER.search(line)
    ]
    assert offenders == []


def _raised_names() -> Iterator[tuple[str, str]]:
    """(class, name) of every WireFault, Unsupported or other error built in bot/gateway/."""
    for source in sorted(GATEWAY.glob("*.py")):
        for call in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
                continue
            names = [kw.value for kw in call.keywords if kw.arg == "name"]
            if call.func.id == "WireFault" and call.args:
                names.append(call.args[0])
            for name in names:
                if isinstance(name, ast.Constant) and isinstance(name.value, str):
                    yield call.func.id, name.value


def _error(cls: str, name: str) -> GatewayError:
    if cls in ("WireFault", "status_fault", "TransportError"):
        return TransportError("", name=name)
    if cls == "Unsupported":
        return Unsupported("", name=name)
    return GatewayError("", name=name)


def test_the_walk_finds_the_fault_names() -> None:
    found = set(_raised_names())
    assert {("WireFault", "timeout"), ("Unsupported", "schedule")} <= found


@pytest.mark.parametrize(("cls", "name"), sorted(set(_raised_names())))
def test_every_name_the_gateway_raises_has_words_in_both_languages(cls: str, name: str) -> None:
    key = reason_key(_error(cls, name))
    for language, table in CATALOGUES.items():
        assert table.get(key), f"{language}: {key}"


def _every_error() -> Iterator[GatewayError]:
    for table in (SOAP_ERRORS, LINK_ERRORS):
        for code in table:
            yield error_for(code, table)
    yield error_for("Err42", SOAP_ERRORS)
    for cls, name in set(_raised_names()):
        yield _error(cls, name)
        if cls in ("WireFault", "status_fault"):
            yield OutcomeUnknown("500", name=name, detail="Server was unable to process request")


@pytest.mark.parametrize("language", sorted(CATALOGUES))
@pytest.mark.parametrize("sending", [True, False])
def test_no_reply_about_an_error_repeats_itself_or_shows_an_empty_code(
    language: str, sending: bool
) -> None:
    texts = Texts(language, TEHRAN)
    for error in _every_error():
        for number in (None, "09121234567"):
            reply = describe_error(texts, error, sending=sending, number=number)
            assert "<code></code>" not in reply, (error, reply)
            assert reply.lower().count(NOTHING_SENT[language]) <= 1, (error, reply)
            if number is not None:
                assert f"<code>{number}</code>" in reply


@pytest.mark.parametrize("code", [*DELIVERY_STATES, "-31", "Err42"])
def test_delivery_answers_read_in_the_admins_language(code: str) -> None:
    english, persian = Texts("en", TEHRAN), Texts("fa", TEHRAN)
    assert not PERSIAN_LETTER.search(english.delivery_state(code))
    assert PERSIAN_LETTER.search(persian.delivery_state(code))
