"""User-facing text: one catalogue per language, filled safely for Telegram's HTML parse mode.

Every value put into a template is HTML-escaped unless it is `Html` (already rendered from the
catalogue). In Persian, numbers are written with Persian digits; codes, smsids and phone numbers stay
ASCII inside <code> so they can be copied back into a command.
"""

from __future__ import annotations

import html
import string
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.calendars import format_moment, to_persian_digits
from bot.gateway.codes import describe_state
from bot.gateway.errors import GatewayError
from bot.i18n import en, fa

CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXTS, "fa": fa.TEXTS}


class Html(str):
    """Text that is already safe HTML (rendered from the catalogue): inserted as is."""

    __slots__ = ()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Texts:
    def __init__(self, language: str, zone: ZoneInfo) -> None:
        self.language = language
        self.zone = zone
        self._table = CATALOGUES[language]

    def __call__(self, key: str, **values: object) -> Html:
        return Html(self._table[key].format(**{k: self._fill(v) for k, v in values.items()}))

    def _fill(self, value: object) -> str:
        if isinstance(value, Html):
            return value
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, int | float):
            return self.number(value)
        return html.escape(str(value), quote=False)

    def number(self, value: float) -> str:
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
        return to_persian_digits(text.replace(",", "٬")) if self.language == "fa" else text

    def digits(self, text: str) -> str:
        """ASCII digits in `text` as the reader writes them (Persian digits in Persian)."""
        return to_persian_digits(text) if self.language == "fa" else text

    def moment(self, when: datetime | float) -> str:
        if not isinstance(when, datetime):
            when = datetime.fromtimestamp(when, self.zone)
        return html.escape(format_moment(when, self.zone, self.language), quote=False)

    def gateway_reason(self, error: GatewayError) -> str:
        return error.message(self.language)

    def delivery_state(self, code: str | None) -> str:
        """A delivery answer in words, from the gateway's own table (verbatim when unknown)."""
        if code is None:
            return self("state.pending")
        info = describe_state(code)
        return info.fa if self.language == "fa" else info.en

    def duration(self, seconds: float) -> str:
        seconds = max(0, round(seconds))
        if seconds < 90:
            return self("duration.seconds", n=seconds)
        if seconds < 90 * 60:
            return self("duration.minutes", n=round(seconds / 60))
        return self("duration.hours", n=round(seconds / 3600, 1))
