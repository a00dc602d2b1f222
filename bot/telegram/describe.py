"""How gateway errors and stored states read to an admin: tables, not if-chains in handlers."""

from __future__ import annotations

from bot.gateway.errors import GatewayError, OutcomeUnknown, TransportError, Unsupported
from bot.i18n import Html, Texts
from bot.service.reports import record_state
from bot.states import MessageState
from storage import MessageRecord

# Most specific class first; the first the error is an instance of picks the text.
ERROR_TEXTS: tuple[tuple[type[GatewayError], str, str], ...] = (
    # (error class, text when sending, text when only reading)
    (OutcomeUnknown, "gateway.unknown_outcome", "gateway.transport_read"),
    (TransportError, "gateway.transport", "gateway.transport_read"),
    (Unsupported, "gateway.unsupported", "gateway.unsupported"),
    (GatewayError, "gateway.refused", "gateway.refused"),
)

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


def describe_error(texts: Texts, error: GatewayError, *, sending: bool) -> Html:
    for cls, send_key, read_key in ERROR_TEXTS:
        if isinstance(error, cls):
            key = send_key if sending else read_key
            if not error.code and key == "gateway.refused":
                key = "gateway.refused_uncoded"  # refused before the wire: no gateway code to show
            return texts(key, reason=texts.gateway_reason(error), code=error.code)
    raise AssertionError("GatewayError closes the table")


def record_state_key(record: MessageRecord) -> str:
    """The catalogue key for where a stored message stands (delivery wins once known)."""
    return STATE_KEYS[record_state(record)]
