"""One message, write-ahead: the row is durable before the gateway is called, completed after.

A send whose outcome cannot be known (the request left, no answer came) is marked `unknown` and never
retried here; a crash mid-send leaves the row in `sending`, which start-up turns into `unknown`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.gateway.base import Gateway, SendResult
from bot.gateway.errors import ErrorKind, GatewayError, OutcomeUnknown, Unsupported
from bot.service.audit import Action, Audit
from bot.service.metering import Meter, NoMeter
from bot.service.policy import TrackingPolicy
from bot.service.quotas import Quotas
from bot.sms_text import TextMeasure, measure
from storage import BlockedNumber, Database, MessageRecord, NewMessage, SendStatus

# The send outcome (for the metrics) of a refusal that put a campaign's row back in the queue.
REQUEUED = "requeued"

# The user and chat of a message sent by `smsbridge send`: no Telegram chat asked for it, so its
# delivery reports go to every admin.
COMMAND_LINE = 0


class AccountWatch(Protocol):
    """What sending tells the account monitor (`AccountMonitor` in the bot)."""

    async def observe_error(self, error: GatewayError) -> None: ...

    def after_send(self) -> None: ...


class EmptyText(ValueError):
    """Refused before any gateway call: there is nothing to send."""


class AlreadyHandled(Exception):
    """The command was handled before (Telegram re-delivers updates after a crash): not resent."""

    def __init__(self, record: MessageRecord) -> None:
        super().__init__(record.id)
        self.record = record


class Blocked(Exception):
    """Refused before any gateway call: the recipient is on the opt-out list."""

    def __init__(self, entry: BlockedNumber) -> None:
        super().__init__(entry.number)
        self.entry = entry


@dataclass(frozen=True, slots=True)
class SendRequest:
    recipient: str  # already normalised, 09xxxxxxxxx
    text: str
    user_id: int
    chat_id: int
    command_message_id: int | None = None
    flash: bool = False
    when: datetime | None = None  # aware; None sends now
    campaign_id: int | None = None


@dataclass(frozen=True, slots=True)
class SendReceipt:
    message_id: int
    recipient: str
    measure: TextMeasure
    smsid: str | None
    tracked: bool
    code: str


class SendService:
    def __init__(
        self,
        db: Database,
        gateway: Gateway,
        monitor: AccountWatch,
        policy: TrackingPolicy,
        *,
        clock: Callable[[], float] = time.time,
        meter: Meter | None = None,
        audit: Audit | None = None,
        quotas: Quotas | None = None,
    ) -> None:
        self._db = db
        self._gateway = gateway
        self._can = gateway.capabilities
        self._monitor = monitor
        self._policy = policy
        self._clock = clock
        self._meter = meter or NoMeter()
        self._audit = audit
        self._quotas = quotas

    @property
    def transport(self) -> str:
        return self._gateway.transport

    async def send(self, request: SendRequest) -> SendReceipt:
        """Record, then send. Raises GatewayError (already recorded) when the gateway refuses,
        Unsupported (nothing recorded) when the wire cannot send this kind of message, Blocked
        (nothing recorded) when the recipient opted out, QuotaExceeded (nothing recorded) when
        the sender's daily quota would be crossed."""
        size = measure(request.text)
        if size.parts == 0 or not request.text.strip():
            raise EmptyText
        self._check_can(request)
        await self.check_not_blocked(request.recipient)
        if self._quotas is not None:
            await self._quotas.check(request.user_id, size.parts)
        message_id = await self._db.messages.create_once(
            NewMessage(
                recipient=request.recipient,
                text=request.text,
                parts=size.parts,
                flash=request.flash,
                scheduled_at=request.when.timestamp() if request.when else None,
                user_id=request.user_id,
                chat_id=request.chat_id,
                command_message_id=request.command_message_id,
                transport=self._gateway.transport,
                campaign_id=request.campaign_id,
            ),
            now=self._clock(),
        )
        if message_id is None:
            raise AlreadyHandled(await self._earlier(request))
        if self._audit is not None:
            await self._audit.record(
                request.user_id, _action(request), detail=request.recipient, recipients=1,
                parts=size.parts,
            )
        return await self.deliver(message_id, request, size)

    async def check_not_blocked(self, recipient: str) -> None:
        """Blocked (nothing recorded) when the recipient is on the opt-out list."""
        entry = await self._db.blocked.get(recipient)
        if entry is not None:
            raise Blocked(entry)

    async def _earlier(self, request: SendRequest) -> MessageRecord:
        """The row an earlier copy of this command wrote."""
        assert request.command_message_id is not None  # only a command's insert can conflict
        earlier = await self._db.messages.by_command(request.chat_id, request.command_message_id)
        assert earlier is not None  # rows are never deleted
        return earlier

    async def deliver(
        self, message_id: int, request: SendRequest, size: TextMeasure,
        *, answered: Callable[[], None] = lambda: None,
        requeue: frozenset[ErrorKind] = frozenset(),
    ) -> SendReceipt:
        """Call the gateway for a row already in `sending`, and complete the row. `answered` is
        called as soon as the gateway has accepted the send, before the row is completed (a
        failure is recorded first, then raised). A refusal of a kind in `requeue` puts the row
        back to QUEUED instead of FAILED."""
        try:
            result = await self._call(request)
        except OutcomeUnknown as error:
            self._meter.send_outcome(SendStatus.UNKNOWN.value)
            await _to_the_end(self._db.messages.mark_unknown(
                message_id, reason=error.name or "no answer", code=error.code or None,
                now=self._clock(),
            ))
            raise
        except GatewayError as error:
            if error.kind in requeue:
                self._meter.send_outcome(REQUEUED)
                await _to_the_end(self._db.messages.requeue(
                    message_id, reason=error.code or error.name, now=self._clock()
                ))
            else:
                self._meter.send_outcome(SendStatus.FAILED.value)
                await _to_the_end(self._db.messages.mark_failed(
                    message_id, code=error.code, error_kind=error.kind.value, now=self._clock()
                ))
            await self._monitor.observe_error(error)
            raise
        except asyncio.CancelledError:
            # Cancelled while the request may be in flight: nobody can say whether it went out.
            self._meter.send_outcome(SendStatus.UNKNOWN.value)
            await self._db.messages.mark_unknown(
                message_id, reason="cancelled", code=None, now=self._clock()
            )
            raise
        answered()
        # The gateway answered: what it said is recorded even if a shutdown cancels us now.
        self._meter.send_outcome(SendStatus.SENT.value)
        await _to_the_end(self._complete(message_id, result))
        self._monitor.after_send()
        tracked = result.smsid is not None and self._can.tracks_delivery
        return SendReceipt(message_id, request.recipient, size, result.smsid, tracked, result.code)

    async def send_queued(
        self, record: MessageRecord, *, answered: Callable[[], None] = lambda: None,
        requeue: frozenset[ErrorKind] = frozenset(),
    ) -> SendReceipt | None:
        """Send a stored QUEUED row (a campaign's) at most once: claim it (QUEUED -> SENDING),
        then deliver it (see `deliver` for `answered` and `requeue`). None when it was no longer
        QUEUED (taken or cancelled): nothing sent, and `answered` is not called."""
        if not await self._claim(record.id):
            return None
        request = SendRequest(
            recipient=record.recipient, text=record.text, user_id=record.user_id,
            chat_id=record.chat_id, flash=record.flash, campaign_id=record.campaign_id,
        )
        return await self.deliver(
            record.id, request, measure(record.text), answered=answered, requeue=requeue
        )

    async def _claim(self, message_id: int) -> bool:
        try:
            return await self._db.messages.claim(message_id, now=self._clock())
        except asyncio.CancelledError:
            # Cancelled (a shutdown) while the claim may still commit: the database runs
            # statements in the order they were issued, so this release lands after the claim
            # and the row is QUEUED again either way; no gateway call was started.
            await _to_the_end(self._db.messages.release(message_id, now=self._clock()))
            raise

    async def recover(self) -> list[MessageRecord]:
        """After a crash: rows left in `sending` become `unknown`; nothing is sent again."""
        return await self._db.messages.recover_interrupted(now=self._clock())

    async def note_confirmation(self, message_id: int, confirmation_message_id: int) -> None:
        """Remember the chat message that confirmed the send: reports reply to it."""
        await self._db.messages.set_confirmation(message_id, confirmation_message_id)

    def _check_can(self, request: SendRequest) -> None:
        if request.when is not None and not self._can.schedules:
            raise Unsupported("", name="schedule")
        if request.flash and not self._can.sends_flash:
            raise Unsupported("", name="flash")

    async def _call(self, request: SendRequest) -> SendResult:
        if request.when is not None:
            return await self._gateway.send_at(
                request.recipient, request.text, request.when, flash=request.flash
            )
        return await self._gateway.send(request.recipient, request.text, flash=request.flash)

    async def _complete(self, message_id: int, result: SendResult) -> None:
        now = self._clock()
        tracked = result.smsid is not None and self._can.tracks_delivery
        interval = self._policy.next_interval(None) if tracked else None
        await self._db.messages.mark_sent(
            message_id,
            code=result.code,
            smsid=result.smsid,
            now=now,
            next_check_at=now + interval if interval is not None else None,
            check_interval=interval,
            track_until=now + self._policy.track_for if tracked else None,
        )


def _action(request: SendRequest) -> Action:
    if request.when is not None:
        return Action.SCHEDULE
    return Action.FLASH if request.flash else Action.SEND


async def _to_the_end(write: Coroutine[Any, Any, object]) -> None:
    """Run a record-keeping write to its end even if the caller is cancelled meanwhile (the
    cancellation is passed on afterwards), so a row never stays `sending` by a shutdown."""
    task = asyncio.ensure_future(write)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise
