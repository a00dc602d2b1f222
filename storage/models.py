"""The records storage hands out: plain frozen values, no database handles inside."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.states import CampaignStatus, SendStatus


class RecordNotFound(LookupError):
    """A write named a row that does not exist (a bug in the caller, not a user error)."""


@dataclass(frozen=True)
class NewMessage:
    recipient: str
    text: str
    parts: int
    flash: bool
    scheduled_at: float | None
    user_id: int
    chat_id: int
    command_message_id: int | None
    transport: str
    campaign_id: int | None = None
    repeat_rule: str | None = None  # a repeating schedule's rule (see bot.repeats)


@dataclass(frozen=True)
class MessageRecord:
    id: int
    campaign_id: int | None
    recipient: str
    text: str
    parts: int
    flash: bool
    scheduled_at: float | None
    user_id: int
    chat_id: int
    command_message_id: int | None
    confirmation_message_id: int | None
    transport: str
    status: SendStatus
    smsid: str | None
    gateway_code: str | None
    error_kind: str | None
    delivery_code: str | None
    delivery_final: bool
    created_at: float
    sent_at: float | None
    updated_at: float
    next_check_at: float | None
    check_interval: float | None
    track_until: float | None
    checks: int
    repeat_rule: str | None = None
    series_id: int | None = None  # a schedule: the id its series is known by
    held: bool = False  # a schedule whose time was missed, waiting for an admin
    status_detail: str | None = None  # why it is in its status (e.g. BLOCKED for a cancelled row)


@dataclass(frozen=True)
class MessageEvent:
    """One step in the state history of a message, a row of `message_events` (written by the
    stores, read by whoever inspects the file)."""

    message_id: int
    at: float
    kind: str  # "status" | "delivery"
    value: str
    detail: str | None


@dataclass(frozen=True)
class MessageStats:
    by_status: dict[str, int]
    by_delivery: dict[str, int]
    parts_used: int


@dataclass(frozen=True)
class MessageFilter:
    """Which messages a listing keeps; every field given must hold (None: any)."""

    recipient: str | None = None
    status: SendStatus | None = None
    delivery_codes: frozenset[str] | None = None  # the stored delivery code is one of these
    awaiting_report: bool = False  # SENT, tracked or answered, no final delivery code yet
    since: float | None = None  # created at or after
    until: float | None = None  # created before
    user_id: int | None = None  # sent by this Telegram user (an operator's own history)


@dataclass(frozen=True)
class StateCount:
    """How many messages share a send status, a delivery code and whether they are tracked."""

    status: SendStatus
    delivery_code: str | None
    tracked: bool  # a delivery check is scheduled
    count: int


@dataclass(frozen=True)
class DayStateCount:
    """A StateCount within one of several windows (`day`: the window's place in the list)."""

    day: int
    status: SendStatus
    delivery_code: str | None
    tracked: bool
    count: int


@dataclass(frozen=True)
class Campaign:
    id: int
    user_id: int
    chat_id: int
    text: str
    flash: bool
    parts: int
    status: CampaignStatus
    total: int
    invalid: int
    duplicates: int
    progress_message_id: int | None
    created_at: float
    started_at: float | None
    finished_at: float | None
    paused_kind: str | None = None  # the error kind that paused it (None: a restart, or never)
    paused_code: str | None = None
    resend_of: int | None = None  # the campaign whose outcome-unknown recipients this resends
    due_at: float | None = None  # a scheduled campaign starts then
    held: bool = False  # its due time was missed: waiting for an admin


@dataclass(frozen=True)
class OutboxItem:
    id: int
    chat_id: int
    text: str
    reply_to_message_id: int | None
    markup: str | None
    attempts: int
    next_attempt_at: float
    created_at: float
    confirms_message_id: int | None = None  # the message (row) whose send this confirms
    photo: bytes | None = None  # a PNG: the item is a photo and `text` its caption


@dataclass(frozen=True)
class ContactGroup:
    id: int
    name: str
    count: int


@dataclass(frozen=True)
class Contact:
    number: str
    fields: dict[str, str]


@dataclass(frozen=True)
class Template:
    name: str
    text: str


class BlockSource(StrEnum):
    ADMIN = "admin"  # /block
    DELIVERY = "delivery"  # the gateway reported that the recipient blocks promotional SMS


@dataclass(frozen=True)
class BlockedNumber:
    number: str
    source: BlockSource
    reason: str | None
    smsid: str | None
    created_at: float


@dataclass(frozen=True)
class ResultRow:
    """A campaign's message with the fields its recipient had, for the results file."""

    message: MessageRecord
    fields: dict[str, str]
