"""Iranian mobile numbers as people type or paste them, reduced to the gateway's `09xxxxxxxxx`."""

from __future__ import annotations

import re
from enum import StrEnum

import phonenumbers

_REGION = "IR"
_IRAN_COUNTRY_CODE = 98
_MOBILE_DIGITS = 10  # an Iranian mobile without its leading 0: 9xx xxx xxxx

# Layout people add, and invisible marks that come along when a number is copied from
# right-to-left text: whitespace (NBSP included), dashes, dots, parentheses, ZWSP/ZWNJ/ZWJ,
# LRM/RLM, the Arabic letter mark, bidi embeddings/overrides/isolates and the BOM.
_LAYOUT = re.compile(
    r"[\s\-\u2010-\u2015\u2212.()\u200b-\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]"
)
# What may remain: an optional "+" and digits, ASCII, Persian (۰-۹) or Arabic-Indic (٠-٩).
# phonenumbers reads the non-ASCII digits itself.
_DIALABLE = re.compile(r"\+?[0-9۰-۹٠-٩]+")


class PhoneProblem(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    WRONG_LENGTH = "wrong_length"
    NOT_IRANIAN = "not_iranian"
    NOT_MOBILE = "not_mobile"


_MESSAGES = {
    PhoneProblem.EMPTY: "no phone number given",
    PhoneProblem.NOT_A_NUMBER: "{raw!r} is not a phone number",
    PhoneProblem.WRONG_LENGTH: "{raw!r} has the wrong number of digits for an Iranian mobile",
    PhoneProblem.NOT_IRANIAN: "{raw!r} is not an Iranian number",
    PhoneProblem.NOT_MOBILE: "{raw!r} is not an Iranian mobile number",
}


class PhoneError(ValueError):
    """A text that is not an Iranian mobile number; `problem` says why."""

    def __init__(self, problem: PhoneProblem, raw: str) -> None:
        super().__init__(_MESSAGES[problem].format(raw=raw))
        self.problem = problem
        self.raw = raw


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
