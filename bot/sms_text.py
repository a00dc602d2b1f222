"""How much SMS a text costs: encoding, length in units, and number of parts."""

from __future__ import annotations

from dataclasses import dataclass

# GSM 03.38 default alphabet (3GPP TS 23.038) without ESC, and the extension table reached
# through ESC, so an extension character costs two septets.
_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


@dataclass(frozen=True)
class _Encoding:
    name: str
    single_part: int  # units in a message sent alone
    multi_part: int  # units per part once a concatenation header takes its room


_GSM7 = _Encoding("gsm7", single_part=160, multi_part=153)
_UCS2 = _Encoding("ucs2", single_part=70, multi_part=67)


@dataclass(frozen=True)
class TextMeasure:
    characters: int  # code points
    encoding: str  # "gsm7" | "ucs2"
    parts: int
    per_part: int  # capacity of each part, in units
    units: int  # GSM-7 septets (extension characters count 2) or UTF-16 code units


def measure(text: str) -> TextMeasure:
    """Measure `text` as a phone would send it; empty text takes no part."""
    if all(char in _GSM7_BASIC or char in _GSM7_EXTENSION for char in text):
        encoding, costs = _GSM7, [2 if char in _GSM7_EXTENSION else 1 for char in text]
    else:
        # Characters beyond the BMP (most emoji) take a UTF-16 surrogate pair.
        encoding, costs = _UCS2, [2 if ord(char) > 0xFFFF else 1 for char in text]
    units = sum(costs)
    if units <= encoding.single_part:
        parts, per_part = (1 if units else 0), encoding.single_part
    else:
        parts, per_part = _count_parts(costs, encoding.multi_part), encoding.multi_part
    return TextMeasure(len(text), encoding.name, parts, per_part, units)


def _count_parts(costs: list[int], capacity: int) -> int:
    # An escape sequence or a surrogate pair is never split across two parts, so a part may
    # close one unit short of its capacity.
    parts, used = 1, 0
    for cost in costs:
        if used + cost > capacity:
            parts, used = parts + 1, 0
        used += cost
    return parts
