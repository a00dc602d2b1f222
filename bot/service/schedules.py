"""Schedules the bot holds itself (SCHEDULE_MODE=bot): stored until due, then sent like /send.

A schedule is a SCHEDULED row (storage.schedules). One repeating job calls `run_due`, which reads
the rows that are due from a partial index (nothing else is touched, however many wait), claims
each (SCHEDULED -> SENDING, atomically: a row is sent at most once, even across a crash) and
delivers it through `SendService`, at most `concurrency` at the gateway at once. A due time missed
by more than `grace` (the bot was down) is not sent by itself: the row is held and its admin asked.
A scheduled campaign is started by the same job, through `BulkService`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.gateway.errors import GatewayError
from bot.repeats import Rule
from bot.service.audit import Action, Audit
from bot.service.bulk import BulkService, ProgressSink
from bot.service.quotas import Quotas
from bot.service.sending import (
    AlreadyHandled,
    EmptyText,
    SendReceipt,
    SendRequest,
    SendService,
)
from bot.service.slots import slot_returned_once
from bot.sms_text import TextMeasure, measure
from storage import (
    BlockedNumber,
    Campaign,
    CampaignStatus,
    Database,
    MessageRecord,
    NewMessage,
    SendStatus,
)

log = logging.getLogger(__name__)

BATCH = 500  # due rows read per query


class ScheduleNotifier(Protocol):
    async def schedule_sent(self, record: MessageRecord, receipt: SendReceipt) -> None:
        """A scheduled message went out at its time."""

    async def schedule_failed(self, record: MessageRecord, error: GatewayError) -> None:
        """The gateway refused a scheduled message, or its outcome is unknown."""

    async def schedule_blocked(self, record: MessageRecord, entry: BlockedNumber | None) -> None:
        """Not sent at its time: the recipient was blocked since (`entry`, None when unblocked
        again meanwhile); the row is CANCELLED, a series goes on."""

    async def schedule_late(self, record: MessageRecord) -> None:
        """Its time was missed by more than the grace: ask its admin (Send now / Cancel)."""

    async def campaign_late(self, campaign: Campaign) -> None:
        """The same, for a scheduled campaign."""


SinkFor = Callable[[Campaign], ProgressSink]


@dataclass(frozen=True, slots=True)
class Scheduled:
    series_id: int
    when: datetime
    measure: TextMeasure
    rule: Rule | None


class Outcome(StrEnum):
    """The answer to Cancel or Send now."""

    OK = "ok"
    SENDING = "sending"  # already claimed: it can no longer be stopped
    DONE = "done"  # already sent, failed or cancelled
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class Pending:
    """One line of /scheduled: a single schedule (or a series' next run), or a campaign."""

    series_id: int  # for a campaign: its id
    due_at: float
    text: str
    recipient: str | None = None
    campaign: Campaign | None = None
    rule: Rule | None = None
    held: bool = False


class ScheduleService:
    def __init__(
        self,
        db: Database,
        sender: SendService,
        bulk: BulkService,
        notifier: ScheduleNotifier,
        *,
        zone: ZoneInfo,
        grace: float,
        concurrency: int = 8,
        clock: Callable[[], float] = time.time,
        audit: Audit | None = None,
        quotas: Quotas | None = None,
    ) -> None:
        self._db = db
        self._sender = sender
        self._bulk = bulk
        self._audit = audit
        self._quotas = quotas  # checked when scheduled (a run is sent by the bot, unasked)
        self._notifier = notifier
        self._zone = zone
        self._grace = grace
        self._concurrency = concurrency
        self._clock = clock
        self._run: asyncio.Task[int] | None = None
        self._open = False
        self._stopping = False

    async def schedule(
        self, request: SendRequest, *, when: datetime, rule: Rule | None = None
    ) -> Scheduled:
        """Store the message as SCHEDULED, due at `when`; nothing reaches the gateway now.
        Blocked (nothing stored) when the recipient is on the opt-out list."""
        size = measure(request.text)
        if size.parts == 0 or not request.text.strip():
            raise EmptyText
        await self._sender.check_not_blocked(request.recipient)
        if self._quotas is not None:
            await self._quotas.check(request.user_id, size.parts)
        series_id = await self._db.schedules.create(
            NewMessage(
                recipient=request.recipient, text=request.text, parts=size.parts,
                flash=request.flash, scheduled_at=when.timestamp(), user_id=request.user_id,
                chat_id=request.chat_id, command_message_id=request.command_message_id,
                transport=self._sender.transport,
                repeat_rule=rule.to_text() if rule is not None else None,
            ),
            now=self._clock(),
        )
        if series_id is None:
            raise AlreadyHandled(await self._earlier(request))
        if self._audit is not None:
            await self._audit.record(request.user_id, Action.SCHEDULE, detail=request.recipient,
                                     recipients=1, parts=size.parts)
        return Scheduled(series_id, when, size, rule)

    async def _earlier(self, request: SendRequest) -> MessageRecord:
        """The row an earlier copy of this command wrote."""
        assert request.command_message_id is not None  # only a command's insert can conflict
        earlier = await self._db.messages.by_command(request.chat_id, request.command_message_id)
        assert earlier is not None  # rows are never deleted
        return earlier

    def first_run(self, rule: Rule) -> datetime:
        return rule.next_after(datetime.fromtimestamp(self._clock(), self._zone), self._zone)

    async def note_confirmation(self, series_id: int, confirmation_message_id: int) -> None:
        """The chat message that confirmed the schedule: every run's reports reply to it."""
        await self._db.schedules.set_confirmation(series_id, confirmation_message_id)

    async def schedule_campaign(
        self, campaign_id: int, when: datetime, *, by: int | None = None
    ) -> bool:
        """A DRAFT campaign starts at `when`; False when it is no longer a plain DRAFT. Raises
        QuotaExceeded (nothing scheduled) when it would cross its author's quota today."""
        campaign = await self._db.campaigns.get(campaign_id)
        needed = await self._db.campaigns.parts(campaign_id, waiting=True) if campaign else 0
        if self._quotas is not None and campaign is not None:
            await self._quotas.check(campaign.user_id, needed)
        scheduled = await self._db.schedules.schedule_campaign(
            campaign_id, due_at=when.timestamp(), now=self._clock()
        )
        if scheduled and self._audit is not None and campaign is not None:
            await self._audit.record(
                campaign.user_id if by is None else by, Action.CAMPAIGN_SCHEDULE,
                detail=f"#{campaign_id}", recipients=campaign.total, parts=needed,
            )
        return scheduled

    async def cancel(self, series_id: int, *, by: int | None = None) -> Outcome:
        """Cancel a schedule (every future run of a series); immediate and final."""
        if await self._db.schedules.cancel(series_id, now=self._clock()):
            if self._audit is not None and by is not None:
                await self._audit.record(by, Action.SCHEDULE_CANCEL, detail=f"#{series_id}")
            return Outcome.OK
        return await self._why_not(series_id)

    async def author(self, series_id: int) -> int | None:
        """Who scheduled the series; None when there is no such schedule."""
        last = await self._db.schedules.series_last(series_id)
        return last.user_id if last is not None else None

    async def _why_not(self, series_id: int) -> Outcome:
        last = await self._db.schedules.series_last(series_id)
        if last is None:
            return Outcome.MISSING
        return Outcome.SENDING if last.status is SendStatus.SENDING else Outcome.DONE

    async def pending(self, *, limit: int) -> list[Pending]:
        """What waits for its time, the next first: single schedules and campaigns."""
        singles = [
            Pending(
                record.series_id or record.id, record.scheduled_at or 0.0, record.text,
                recipient=record.recipient, held=record.held,
                rule=Rule.from_text(record.repeat_rule) if record.repeat_rule else None,
            )
            for record in await self._db.schedules.pending(limit=limit)
        ]
        campaigns = [
            Pending(campaign.id, campaign.due_at or 0.0, campaign.text, campaign=campaign,
                    held=campaign.held)
            for campaign in await self._db.schedules.pending_campaigns()
        ]
        return sorted(singles + campaigns, key=lambda item: item.due_at)[:limit]

    # --- the due-time job -------------------------------------------------------------------

    def open(self) -> None:
        """Start sending what is due; called once start-up has settled the rows a crash left
        in `sending` (`SendService.recover`), which must not meet this job's fresh claims."""
        self._open = True

    def tick(self, sink_for: SinkFor) -> None:
        """Called by the repeating job: start a pass over what is due, unless one is running
        (a pass over many rows outlasts the job's interval)."""
        if not self._open or self._stopping or (self._run is not None and not self._run.done()):
            return
        self._run = asyncio.create_task(self._logged_pass(sink_for), name="schedules")

    async def _logged_pass(self, sink_for: SinkFor) -> int:
        try:
            return await self.run_due(sink_for)
        except Exception:  # the next tick tries again; the rows say what is still due
            log.exception("pass over due schedules failed")
            return 0

    async def run_due(self, sink_for: SinkFor) -> int:
        """Send every single schedule that is due, start every due campaign; returns how many
        messages were claimed and handed to the gateway."""
        await self._start_campaigns(sink_for)
        slots = asyncio.Semaphore(self._concurrency)
        claimed: list[bool] = []
        after = (float("-inf"), 0)
        async with asyncio.TaskGroup() as sends:
            while not self._stopping:
                due = await self._db.schedules.due(now=self._clock(), after=after, limit=BATCH)
                for record in due:
                    if self._late(record.scheduled_at):
                        await self._hold(record)
                        continue
                    await slots.acquire()
                    if self._stopping:
                        slots.release()
                        break
                    sends.create_task(self._send_one(record, slots, claimed))
                if len(due) < BATCH:
                    break
                after = (due[-1].scheduled_at or 0.0, due[-1].id)
        return sum(claimed)

    async def send_now(self, series_id: int) -> Outcome:
        """An admin's answer to a late schedule: send its held run now."""
        record = await self._db.schedules.waiting(series_id)
        if record is None:
            return await self._why_not(series_id)
        slots = asyncio.Semaphore(0)
        claimed: list[bool] = []
        await self._send_one(record, slots, claimed)
        return Outcome.OK if any(claimed) else await self._why_not(series_id)

    async def campaign(self, campaign_id: int) -> Campaign | None:
        return await self._db.campaigns.get(campaign_id)

    async def start_campaign_now(self, campaign_id: int, sink: ProgressSink) -> bool:
        """An admin's answer to a late campaign: start it now."""
        await self._db.schedules.release_campaign(campaign_id, now=self._clock())
        return (await self._bulk.send(campaign_id, sink)).moved

    async def aclose(self) -> None:
        """Shutdown: no new claim is made; sends in flight finish (each bounded by the gateway
        timeout), so no row is left in doubt by a clean stop."""
        self._stopping = True
        if self._run is not None:
            await asyncio.gather(self._run, return_exceptions=True)

    def _late(self, due_at: float | None) -> bool:
        return due_at is not None and self._clock() - due_at > self._grace

    async def _hold(self, record: MessageRecord) -> None:
        if await self._db.schedules.hold(record.id):
            await self._notifier.schedule_late(record)

    async def _send_one(
        self, record: MessageRecord, slots: asyncio.Semaphore, claimed: list[bool]
    ) -> None:
        with slot_returned_once(slots) as release:
            try:
                claimed.append(await self._claim_and_send(record, release))
            except Exception:
                log.exception("scheduled message %s", record.id)

    async def _claim_and_send(self, record: MessageRecord, answered: Callable[[], None]) -> bool:
        """Claim the row, then deliver it; False when it was no longer SCHEDULED (cancelled
        meanwhile, or claimed by an admin's Send now) or its recipient is blocked: nothing sent."""
        moved = await self._db.schedules.claim(
            record, next_at=self._next_run(record), now=self._clock()
        )
        if moved is SendStatus.CANCELLED:  # blocked since it was scheduled
            await self._notifier.schedule_blocked(
                record, await self._db.blocked.get(record.recipient)
            )
            return False
        if moved is None:
            return False
        request = SendRequest(
            recipient=record.recipient, text=record.text, user_id=record.user_id,
            chat_id=record.chat_id, flash=record.flash,
        )
        try:
            receipt = await self._sender.deliver(
                record.id, request, measure(record.text), answered=answered
            )
        except GatewayError as error:  # already recorded (failed, or outcome unknown)
            await self._notifier.schedule_failed(record, error)
            return True
        await self._notifier.schedule_sent(record, receipt)
        return True

    def _next_run(self, record: MessageRecord) -> float | None:
        if record.repeat_rule is None:
            return None
        now = datetime.fromtimestamp(max(self._clock(), record.scheduled_at or 0.0), self._zone)
        return Rule.from_text(record.repeat_rule).next_after(now, self._zone).timestamp()

    async def _start_campaigns(self, sink_for: SinkFor) -> None:
        for campaign in await self._db.schedules.due_campaigns(now=self._clock()):
            if self._late(campaign.due_at):
                if await self._db.schedules.hold_campaign(campaign.id):
                    await self._notifier.campaign_late(campaign)
                continue
            await self._db.schedules.release_campaign(campaign.id, now=self._clock())
            start = await self._bulk.send(campaign.id, sink_for(campaign))
            if not start.moved and start.status is not CampaignStatus.RUNNING:
                log.warning("scheduled campaign %s not started: %s", campaign.id, start.status)
