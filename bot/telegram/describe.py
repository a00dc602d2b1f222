"""How gateway errors and stored states read to an admin: tables, not if-chains in handlers."""

from __future__ import annotations

from bot.gateway.codes import Outcome, describe_state
from bot.gateway.errors import GatewayError, OutcomeUnknown, TransportError, Unsupported
from bot.i18n import Html, Texts
from storage import MessageRecord, SendStatus

# Most specific class first; the first the error is an instance of picks the text.
ERROR_TEXTS: tuple[tuple[type[GatewayError], str, str], ...] = (
    # (error class, text when sending, text when only reading)
    (OutcomeUnknown, "gateway.unknown_outcome", "gateway.transport_read"),
    (TransportError, "gateway.transport", "gateway.transport_read"),
    (Unsupported, "gateway.unsupported", "gateway.unsupported"),
    (GatewayError, "gateway.refused", "gateway.refused"),
)

OUTCOME_KEYS: dict[Outcome, str] = {
    Outcome.DELIVERED: "state.delivered",
    Outcome.FAILED: "state.not_delivered",
    Outcome.EXPIRED: "state.expired",
    Outcome.PENDING: "state.pending",
    Outcome.UNKNOWN: "state.pending",
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
    if record.status is SendStatus.SENT and record.delivery_code is not None:
        return OUTCOME_KEYS[describe_state(record.delivery_code).outcome]
    if record.status is SendStatus.SENT and record.next_check_at is not None:
        return "state.pending"
    return f"state.{record.status.value}"
