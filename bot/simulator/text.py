"""How the simulated gateway reads a message text: which characters it refuses, how many parts.

Refused: the C0 control characters other than TAB, LF and CR (U+0000-U+0008, U+000B, U+000C,
U+000E-U+001F). No real handset text needs them and XML 1.0 cannot carry them, which is also why
`envelope` has to let them through a SOAP body the way ASP.NET's lenient reader does.

Parts are counted by the product's own rule (`bot.sms_text.measure`, GSM 03.38), so the credit the
simulator takes is the credit the bot announces.
"""

from __future__ import annotations

from bot.sms_text import measure

REFUSED_CHARACTERS = frozenset(
    chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"
)


def has_refused_character(text: str) -> bool:
    return any(char in REFUSED_CHARACTERS for char in text)


def sms_parts(text: str) -> int:
    """How many SMS parts (credit units) the text costs; an empty text costs one."""
    return max(1, measure(text).parts)
