"""User-facing text: one catalogue per language, filled safely for Telegram's HTML parse mode.

Every value put into a template is HTML-escaped unless it is `Html` (already rendered from the
catalogue). `Texts.plain` renders the same templates as plain text, for what Telegram shows without
parsing HTML: button answers, file names, CSV cells. In Persian, numbers are written with Persian
digits; codes, smsids and phone numbers stay ASCII inside <code> so they can be copied back into a
command. One `Texts` per process chooses the language: nothing else does.
"""

from __future__ import annotations

import html
import re
import string
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.calendars import format_moment, to_persian_digits
from bot.gateway.codes import describe_state, meaning_key
from bot.gateway.errors import GatewayError, TransportError, Unsupported
from bot.i18n import en, fa
from bot.states import MessageState

CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXTS, "fa": fa.TEXTS}


_TAG = re.compile(r"<[^>]*>")

# The catalogue word for each state a message can be in.
STATE_KEYS: dict[MessageState, str] = {
    MessageState.DELIVERED: "state.delivered",
    MessageState.UNDELIVERED: "state.not_delivered",
    MessageState.EXPIRED: "state.expired",
    MessageState.PENDING: "state.pending",
    MessageState.SENT: "state.sent",
    MessageState.FAILED: "state.failed",
    MessageState.UNKNOWN: "state.unknown",
    MessageState.SCHEDULED: "state.scheduled",
    MessageState.QUEUED: "state.queued",
    MessageState.SENDING: "state.sending",
    MessageState.CANCELLED: "state.cancelled",
}
# Where each catalogue lists other words a person may type for a state (comma-separated).
ALIAS_PREFIX = "state.also."


def state_phrases() -> dict[MessageState, set[str]]:
    """Every way either catalogue names each state: the word the bot shows, then the aliases."""
    phrases: dict[MessageState, set[str]] = {state: {state.value} for state in MessageState}
    for table in CATALOGUES.values():
        for state, key in STATE_KEYS.items():
            aliases = table[ALIAS_PREFIX + state.value].split(",")
            phrases[state].update(word.strip() for word in [to_plain(Html(table[key])), *aliases])
    return {state: {word for word in words if word} for state, words in phrases.items()}


class Html(str):
    """Text that is already safe HTML (rendered from the catalogue): inserted as is."""

    __slots__ = ()


# Where the words for an error are, by its class (most specific first); the rest are gateway codes.
_REASON_PREFIXES: tuple[tuple[type[GatewayError], str], ...] = (
    (Unsupported, "gateway.unsupported."),
    (TransportError, "gateway.fault."),
)


def reason_key(error: GatewayError) -> str:
    """The catalogue key that says what went wrong."""
    for cls, prefix in _REASON_PREFIXES:
        if isinstance(error, cls):
            return prefix + error.name
    return meaning_key(error.name)


def to_plain(text: Html) -> str:
    """Rendered text without its markup: tags dropped, then entities read (a value's own "<" was
    escaped, so it survives)."""
    return html.unescape(_TAG.sub("", text))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Texts:
    def __init__(self, language: str, zone: ZoneInfo) -> None:
        self.language = language
        self.zone = zone
        self._table = CATALOGUES[language]

    def __call__(self, key: str, **values: object) -> Html:
        return Html(self._table[key].format(**{k: self._fill(v) for k, v in values.items()}))

    def plain(self, key: str, **values: object) -> str:
        """The same text without markup, values as they are."""
        return to_plain(self(key, **values))

    @property
    def jalali(self) -> bool:
        """Whether days and months are counted in the Jalali calendar."""
        return self.language == "fa"
    def has(self, key: str) -> bool:
        return key in self._table

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

    def gateway_reason(self, error: GatewayError) -> Html:
        """What went wrong, in words (the code itself is the caller's to show)."""
        return self(reason_key(error), code=error.code, detail=error.detail)

    def delivery_state(self, code: str | None) -> Html:
        """A delivery answer in words, from the gateway's own table."""
        if code is None:
            return self("state.pending")
        return self(describe_state(code).key)


    def duration(self, seconds: float) -> str:
        seconds = max(0, round(seconds))
        if seconds < 90:
            return self("duration.seconds", n=seconds)
        if seconds < 90 * 60:
            return self("duration.minutes", n=round(seconds / 60))
        return self("duration.hours", n=round(seconds / 3600, 1))
