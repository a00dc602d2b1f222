"""The vocabulary of where things stand, shared by storage, the service, the gateway and the chat.

`SendStatus` is our side of the gateway, `Outcome` what a delivery report means, and `MessageState`
where a message stands as an admin names it: the delivery outcome once the gateway gave one, a
tracked message without one is pending, otherwise the send status.
"""

from __future__ import annotations

from enum import StrEnum


class SendStatus(StrEnum):
    """Where a message stands on our side of the gateway."""

    SCHEDULED = "scheduled"  # held by the bot until its due time (`scheduled_at`)
    QUEUED = "queued"
    SENDING = "sending"  # written before the gateway call: a crash leaves it here
    SENT = "sent"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the request may have left: never re-sent automatically
    CANCELLED = "cancelled"


# The `status_detail` of a row CANCELLED when it was due to go out, because its recipient was on
# the opt-out list by then (blocked after the schedule or campaign was made).
BLOCKED = "blocked"


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    RUNNING = "running"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    FINISHED = "finished"


class Outcome(StrEnum):
    """What a delivery answer means."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # an undocumented or error answer: shown verbatim, tracking goes on


FINAL_OUTCOMES = frozenset({Outcome.DELIVERED, Outcome.FAILED, Outcome.EXPIRED})


class MessageState(StrEnum):
    """Where a message stands, as an admin names it: delivery outcome first, else send status."""

    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    EXPIRED = "expired"
    PENDING = "pending"  # sent and tracked, no final report yet
    SENT = "sent"  # sent, delivery not followed (no smsid, or tracking ended without an answer)
    FAILED = "failed"
    UNKNOWN = "unknown"
    SCHEDULED = "scheduled"  # held by the bot until its time
    QUEUED = "queued"
    SENDING = "sending"
    CANCELLED = "cancelled"


# The order /stats lists states in.
STATE_ORDER: tuple[MessageState, ...] = tuple(MessageState)

OUTCOME_STATE: dict[Outcome, MessageState] = {
    Outcome.DELIVERED: MessageState.DELIVERED,
    Outcome.FAILED: MessageState.UNDELIVERED,
    Outcome.EXPIRED: MessageState.EXPIRED,
    Outcome.PENDING: MessageState.PENDING,
    Outcome.UNKNOWN: MessageState.PENDING,  # an error answer (e.g. -31 right after the send)
}


def message_state(status: SendStatus, delivery: Outcome | None, tracked: bool) -> MessageState:
    """`delivery`: the outcome of the last delivery answer, None when there is none."""
    if status is SendStatus.SENT:
        if delivery is not None:
            return OUTCOME_STATE[delivery]
        return MessageState.PENDING if tracked else MessageState.SENT
    return MessageState(status.value)
