"""Personal texts: `{field}` and `{field|default}` filled from a recipient's fields.

Field names may be Persian or Latin and are compared loosely (`field_key`): case, Arabic letter
forms and invisible joiners do not matter. A brace that does not open a placeholder is text.
Pure functions: a text and fields in, the recipient's text or the fields it lacks out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.typed import fold_letters

PLACEHOLDER = re.compile(r"\{([^{}|\n]{1,40})(?:\|([^{}\n]*))?\}")


def field_key(name: str) -> str:
    """A field or group name as compared: no case, one letter form, single spaces."""
    return " ".join(fold_letters(name).casefold().split())


@dataclass(frozen=True, slots=True)
class Filled:
    text: str
    missing: tuple[str, ...]  # fields named without a default that the recipient lacks


def has_placeholders(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None


def fill(text: str, fields: Mapping[str, str]) -> Filled:
    """The text with every placeholder replaced; an empty value counts as missing."""
    known = {field_key(name): value.strip() for name, value in fields.items() if value.strip()}
    missing: list[str] = []

    def value(match: re.Match[str]) -> str:
        name, default = match.group(1).strip(), match.group(2)
        found = known.get(field_key(name))
        if found is not None:
            return found
        if default is not None:
            return default.strip()
        if name not in missing:
            missing.append(name)
        return match.group()

    return Filled(PLACEHOLDER.sub(value, text), tuple(missing))
