"""What comes along with the values people type or paste: a leading /command, invisible marks."""

from __future__ import annotations

import re

# `/command` or `/command@bot` at the start of a text.
COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")

# Marks that change nothing a reader sees, which text copied from right-to-left writing brings:
# ZWSP, ZWNJ, ZWJ, LRM, RLM, the Arabic letter mark, bidi embeddings, overrides and isolates, and
# the BOM. None is special inside a regex character class, so `f"[{INVISIBLE}]"` matches one.
INVISIBLE = "".join(
    chr(code)
    for first, last in ((0x200B, 0x200F), (0x061C, 0x061C), (0x202A, 0x202E), (0x2066, 0x2069),
                        (0xFEFF, 0xFEFF))
    for code in range(first, last + 1)
)

# Persian and Arabic-Indic digits as ASCII: what the gateway, SQLite and int() comparisons take.
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# The Arabic letter forms a Persian keyboard may produce, as the Persian letters they stand for;
# and no invisible marks.
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", **dict.fromkeys(INVISIBLE)})

# Weekday names people write, English (whole, or their first three letters) and Persian, folded
# by `fold_letters` without spaces ("سه شنبه" and "سه‌شنبه" alike); Python's numbers, Monday 0.
WEEKDAYS: dict[str, int] = {
    **{name: day for day, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    **{name: day for day, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    "دوشنبه": 0, "سهشنبه": 1, "چهارشنبه": 2, "پنجشنبه": 3, "جمعه": 4, "شنبه": 5, "یکشنبه": 6,
}


def ascii_digits(text: str) -> str:
    return text.translate(_ASCII_DIGITS)


def fold_letters(text: str) -> str:
    """One letter form for each Persian letter, no invisible marks; case and spaces kept."""
    return text.translate(_PERSIAN_LETTERS)


def weekday(word: str) -> int | None:
    """The weekday a typed name means (any case, spaces and joiners inside ignored), or None."""
    return WEEKDAYS.get("".join(fold_letters(word).lower().split()))
