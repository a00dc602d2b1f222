"""How the simulated gateway reads a message text: which characters it refuses, how many parts.

Refused: the C0 control characters other than TAB, LF and CR (U+0000-U+0008, U+000B, U+000C,
U+000E-U+001F). No real handset text needs them and XML 1.0 cannot carry them, which is also why
`envelope` has to let them through a SOAP body the way ASP.NET's lenient reader does.

Parts follow GSM 03.38: a text made only of GSM-7 characters (extension characters count twice)
fits 160 septets, or 153 per part when split; any other text is sent as UCS-2: 70 UTF-16 units,
or 67 per part.
"""

from __future__ import annotations

import math

REFUSED_CHARACTERS = frozenset(
    chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"
)

_GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = frozenset("^{}\\[~]|€")  # (form feed too, but it is refused)

_GSM7_SINGLE, _GSM7_PART = 160, 153
_UCS2_SINGLE, _UCS2_PART = 70, 67


def has_refused_character(text: str) -> bool:
    return any(char in REFUSED_CHARACTERS for char in text)


def sms_parts(text: str) -> int:
    """How many SMS parts (credit units) the text costs; an empty text costs one."""
    septets = _gsm7_septets(text)
    if septets is not None:
        return _parts(septets, _GSM7_SINGLE, _GSM7_PART)
    return _parts(len(text.encode("utf-16-le")) // 2, _UCS2_SINGLE, _UCS2_PART)


def _gsm7_septets(text: str) -> int | None:
    septets = 0
    for char in text:
        if char in _GSM7_BASIC:
            septets += 1
        elif char in _GSM7_EXTENSION:
            septets += 2
        else:
            return None
    return septets


def _parts(units: int, single: int, per_part: int) -> int:
    return 1 if units <= single else math.ceil(units / per_part)
