"""How gateway errors, stored states and a text's size read to an admin: tables, not if-chains
in handlers."""

from __future__ import annotations

from bot.gateway.errors import GatewayError, OutcomeUnknown, TransportError, Unsupported
from bot.i18n import STATE_KEYS, Html, Texts
from bot.service.reports import record_state
from bot.sms_text import TextMeasure
from bot.states import BLOCKED, SendStatus
from storage import MessageRecord

# Most specific class first; the first the error is an instance of picks the text.
ERROR_TEXTS: tuple[tuple[type[GatewayError], str, str], ...] = (
    # (error class, text when sending, text when only reading)
    (OutcomeUnknown, "gateway.unknown_outcome", "gateway.transport_read"),
    (TransportError, "gateway.transport", "gateway.transport_read"),
    (Unsupported, "gateway.unsupported", "gateway.unsupported"),
    (GatewayError, "gateway.refused", "gateway.refused"),
)

def describe_error(
    texts: Texts, error: GatewayError, *, sending: bool, number: str | None = None
) -> Html:
    """The reply about a failed gateway call; `number` names the recipient of a send."""
    text = _error_text(texts, error, sending=sending)
    return text if number is None else texts("gateway.for_number", text=text, number=number)


def _error_text(texts: Texts, error: GatewayError, *, sending: bool) -> Html:
    for cls, send_key, read_key in ERROR_TEXTS:
        if isinstance(error, cls):
            key = send_key if sending else read_key
            if not error.code and key == "gateway.refused":
                key = "gateway.refused_uncoded"  # refused before the wire: no gateway code to show
            return texts(key, reason=texts.gateway_reason(error), code=error.code)
    raise AssertionError("GatewayError closes the table")


def record_state_key(record: MessageRecord) -> str:
    """The catalogue key for where a stored message stands (delivery wins once known)."""
    if _skipped_blocked(record):
        return _BLOCKED_KEY
    return STATE_KEYS[record_state(record)]


def describe_size(texts: Texts, size: TextMeasure) -> Html:
    """What a text costs: its parts, its length and the alphabet it is sent in."""
    return texts("parts", count=size.parts, characters=size.characters,
                 encoding=texts(f"encoding.{size.encoding}"))


def send_state_key(record: MessageRecord) -> str:
    """The catalogue key for the send status alone (a cancelled row says if it was blocked)."""
    return _BLOCKED_KEY if _skipped_blocked(record) else f"state.{record.status.value}"


_BLOCKED_KEY = "state.cancelled_blocked"


def _skipped_blocked(record: MessageRecord) -> bool:
    return record.status is SendStatus.CANCELLED and record.status_detail == BLOCKED
