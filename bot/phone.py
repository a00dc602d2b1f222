"""Iranian mobile numbers as people type or paste them, reduced to the gateway's `09xxxxxxxxx`."""

from __future__ import annotations

import re
from enum import StrEnum

import phonenumbers

from bot.typed import INVISIBLE, ascii_digits

_REGION = "IR"
_IRAN_COUNTRY_CODE = 98
_MOBILE_DIGITS = 10  # an Iranian mobile without its leading 0: 9xx xxx xxxx

# Layout people add, and invisible marks that come along when a number is copied from
# right-to-left text: whitespace (NBSP included), dashes, dots, parentheses, `INVISIBLE`.
_LAYOUT = re.compile(rf"[\s\-\u2010-\u2015\u2212.(){INVISIBLE}]")
# What may remain: an optional "+" and digits, ASCII, Persian (۰-۹) or Arabic-Indic (٠-٩).
# phonenumbers reads the non-ASCII digits itself.
_DIALABLE = re.compile(r"\+?[0-9۰-۹٠-٩]+")
# For matching the shape of a grouped number: an invisible mark (a ZWNJ or a bidi mark pasted from
# right-to-left text) separates groups as a space does, and every dash is "-".
_WORD_MARKS = str.maketrans({
    **dict.fromkeys(INVISIBLE, " "),
    **dict.fromkeys([*map(chr, range(0x2010, 0x2016)), "\u2212"], "-"),
})
# A number written over several words is taken only in the layouts people write (after _WORD_MARKS
# and ASCII digits); any other run of words is not one number, so the text after it is never eaten.
_GROUPED = tuple(
    re.compile(layout)
    for layout in (
        r"0\d{3} \d{3} \d{4}",
        r"\+98 9\d{2} \d{3} \d{4}",
        r"0098 9\d{2} \d{3} \d{4}",
        r"\(0\d{3}\) \d{3}-\d{4}",
        r"9\d{2} \d{3} \d{4}",
    )
)
MAX_GROUPS = 4  # words in the longest layout


class PhoneProblem(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    WRONG_LENGTH = "wrong_length"
    NOT_IRANIAN = "not_iranian"
    NOT_MOBILE = "not_mobile"
    GROUPING = "grouping"


_MESSAGES = {
    PhoneProblem.EMPTY: "no phone number given",
    PhoneProblem.NOT_A_NUMBER: "{raw!r} is not a phone number",
    PhoneProblem.WRONG_LENGTH: "{raw!r} has the wrong number of digits for an Iranian mobile",
    PhoneProblem.NOT_IRANIAN: "{raw!r} is not an Iranian number",
    PhoneProblem.NOT_MOBILE: "{raw!r} is not an Iranian mobile number",
    PhoneProblem.GROUPING: "{raw!r} is not written as one number",
}


class PhoneError(ValueError):
    """A text that is not an Iranian mobile number; `problem` says why."""

    def __init__(self, problem: PhoneProblem, raw: str) -> None:
        super().__init__(_MESSAGES[problem].format(raw=raw))
        self.problem = problem
        self.raw = raw
        digits = ascii_digits(_LAYOUT.sub("", raw))
        self.digits = sum(character.isdigit() for character in digits)
        self.expected = _expected_digits(digits)


def _expected_digits(compact: str) -> int:
    """How many digits a mobile number has when written with the prefix `compact` starts with."""
    if compact.startswith("0098"):
        return 14
    if compact.startswith(("+", "98")) and len(compact.lstrip("+")) > 10:
        return 12
    if compact.startswith("9"):
        return 10
    return 11


def read_mobile(text: str) -> str:
    """`text` as exactly one number: one word in any form `normalize_mobile` takes, or words in
    one of the layouts people write (`0912 123 4567`, `+98 912 123 4567`...). Raises PhoneError."""
    words = text.split()
    if len(words) > 1 and not is_grouped(words):
        raise PhoneError(PhoneProblem.GROUPING, text.strip())
    return normalize_mobile(text)


def is_dialable(word: str) -> bool:
    """Whether `word` is made of digits (and layout) only, like a number or a group of one."""
    return _DIALABLE.fullmatch(_LAYOUT.sub("", word)) is not None


def is_grouped(words: list[str]) -> bool:
    """Whether these words are a number written in one of the accepted multi-word layouts."""
    shape = " ".join(ascii_digits(" ".join(words).translate(_WORD_MARKS)).split())
    return any(layout.fullmatch(shape) for layout in _GROUPED)


def normalize_mobile(raw: str) -> str:
    """Return `raw` as `09xxxxxxxxx`, or raise PhoneError.

    Accepts 09..., 9..., +98..., 0098... and 98... forms, with any mix of ASCII, Persian or
    Arabic-Indic digits and the layout characters above.
    """
    compact = _LAYOUT.sub("", raw)
    if not compact:
        raise PhoneError(PhoneProblem.EMPTY, raw)
    # Checked here because phonenumbers would read letters as a keypad ("0912-CALL-ME").
    if not _DIALABLE.fullmatch(compact):
        raise PhoneError(PhoneProblem.NOT_A_NUMBER, raw)
    number = _parse(compact, raw)
    if number.country_code != _IRAN_COUNTRY_CODE:
        raise PhoneError(PhoneProblem.NOT_IRANIAN, raw)
    # national_number is an int: a national prefix phonenumbers left in place drops out here.
    national = str(number.national_number)
    if len(national) != _MOBILE_DIGITS:
        raise PhoneError(PhoneProblem.WRONG_LENGTH, raw)
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        raise PhoneError(PhoneProblem.NOT_MOBILE, raw)
    return "0" + national


def _parse(compact: str, raw: str) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(compact, _REGION)
    except phonenumbers.NumberParseException as exc:
        # The text is only digits (and maybe "+"), so every other refusal is about length.
        problem = (
            PhoneProblem.NOT_IRANIAN
            if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE
            else PhoneProblem.WRONG_LENGTH
        )
        raise PhoneError(problem, raw) from exc
