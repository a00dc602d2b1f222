"""Uploaded text files: bytes in, their text out, or a refusal.

What people send is UTF-8 (with or without a BOM), UTF-16 (Windows' "Unicode": with a BOM, or
recognisable by the zero bytes of its ASCII characters) or Windows-1256 (what Persian Excel and
Notepad save as "ANSI"). Each is tried strictly, in that order, and a result is kept only when it
reads as text: control characters other than tab and line breaks, unassigned or private code
points mean the guess was wrong. Whatever none of them reads is refused, never decoded into
replacement characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Categories a real text never holds: controls, surrogates, private use, unassigned.
_NOT_TEXT = frozenset({"Cc", "Cs", "Co", "Cn"})
_LEGACY = "cp1256"
# Without a BOM almost any even-length bytes decode as UTF-16 (CJK, mostly): such a guess is kept
# only when it holds what a recipient list is written in, Latin and Arabic script and punctuation.
_LIST_SCRIPTS = re.compile(
    "[\t\n\r\f\v\x20-\x7e\xa0-\u024f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\u2000-\u206f\u20ac\ufb50-\ufdff\ufe70-\ufeff]*"
)


class NotText(ValueError):
    """The bytes are not text in any encoding an upload may use."""


def decode_upload(content: bytes) -> str:
    """The text of an uploaded file; raises NotText when it is not one."""
    for text in _candidates(content):
        if _reads_as_text(text):
            return text
    raise NotText("not UTF-8, UTF-16 or Windows-1256 text")


def _candidates(content: bytes) -> list[str]:
    """Strict decodings worth checking, most certain first."""
    if content.startswith(codecs.BOM_UTF8):
        return _strict(content, "utf-8-sig")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(content, "utf-16")
    candidates = _strict(content, "utf-8")
    # Without a BOM, UTF-16 shows itself by the zero bytes of ASCII digits and line breaks.
    if len(content) % 2 == 0 and b"\x00" in content:
        guesses = _strict(content, "utf-16-le") + _strict(content, "utf-16-be")
        candidates += [text for text in guesses if _LIST_SCRIPTS.fullmatch(text)]
    return candidates + _strict(content, _LEGACY)


def _strict(content: bytes, encoding: str) -> list[str]:
    try:
        return [content.decode(encoding)]
    except UnicodeDecodeError:
        return []


def _reads_as_text(text: str) -> bool:
    return all(
        character in _ALLOWED_CONTROLS or unicodedata.category(character) not in _NOT_TEXT
        for character in text
    )
