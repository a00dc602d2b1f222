"""Bulk campaigns: one text to many stored recipients, sent in the background, resumable.

Every recipient is a QUEUED message row written when the campaign is created (DRAFT). A run claims
rows one by one (QUEUED -> SENDING, atomically) and delivers each through `SendService`, so the
write-ahead and outcome-unknown rules are the same as for a single send and a row is never sent
twice: after a crash, rows left SENDING become UNKNOWN at start-up and only QUEUED rows are sent on
resume. A run reports progress to a `ProgressSink` (the chat, or a benchmark) and its end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot.gateway.errors import ErrorKind, GatewayError
from bot.recipients import Recipients
from bot.service.audience import Plan
from bot.service.audit import Action, Audit
from bot.service.quotas import Quotas
from bot.service.sending import EmptyText, SendService
from bot.service.slots import slot_returned_once
from bot.sms_text import measure
from bot.states import CampaignStatus, SendStatus
from storage import Campaign, Database, MessageRecord

log = logging.getLogger(__name__)

# The gateway refused for the account, not the recipient: every other send would fail too, so
# the run pauses at once.
ACCOUNT_KINDS = frozenset({ErrorKind.CREDENTIALS, ErrorKind.ACCOUNT, ErrorKind.CREDIT})
# The gateway could not be reached or did not answer: the run pauses after PAUSE_AFTER in a row
# (one may be a blip), so an outage costs only those and the sends already in flight.
OUTAGE_KINDS = frozenset({ErrorKind.TRANSPORT, ErrorKind.OUTCOME_UNKNOWN})
PAUSE_AFTER = 3
# Failures that certainly sent nothing and are not the recipient's: the row goes back to the
# queue and Resume sends it. Outcome unknown is not among them: it is never resent by itself.
REQUEUED_KINDS = ACCOUNT_KINDS | {ErrorKind.TRANSPORT}
DRAFT_LIFETIME = 24 * 3600.0  # seconds a campaign waits for its Send press
PAGE = 200  # queued rows read per query


@dataclass(frozen=True, slots=True)
class Tally:
    """How many of a campaign's messages are in each send status."""

    queued: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    unknown: int = 0
    cancelled: int = 0
    scheduled: int = 0  # waiting for the campaign's due time

    @classmethod
    def of(cls, counts: dict[SendStatus, int]) -> Tally:
        return cls(**{status.value: count for status, count in counts.items()})

    @property
    def total(self) -> int:
        return self.done + self.remaining + self.cancelled

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.unknown

    @property
    def remaining(self) -> int:
        return self.scheduled + self.queued + self.sending


@dataclass(frozen=True, slots=True)
class Progress:
    campaign_id: int
    tally: Tally
    rate: float  # messages handled per second in this run
    eta: float | None  # seconds left at that rate; None before anything is done


@dataclass(frozen=True, slots=True)
class CampaignEnd:
    """How a run ended: FINISHED, CANCELLED, or PAUSED (by `stopped_by`, or an internal error)."""

    campaign: Campaign
    tally: Tally
    failures: list[MessageRecord]  # FAILED and UNKNOWN rows
    stopped_by: GatewayError | None = None
    in_a_row: int = 0  # consecutive failed sends that paused it (an outage)
    blocked: int = 0  # of the cancelled rows, those skipped when due: recipient blocked by then


@dataclass(frozen=True, slots=True)
class Stalled:
    """An unfinished campaign found at start-up, to offer for resuming."""

    campaign: Campaign
    tally: Tally


@dataclass(frozen=True, slots=True)
class Transition:
    """The answer to send, resume or cancel: whether this call moved the campaign, and the status
    it is in now (None: no such campaign; `expired`: a draft not sent within DRAFT_LIFETIME, now
    cancelled)."""

    moved: bool
    status: CampaignStatus | None
    expired: bool = False


class ProgressSink(Protocol):
    async def progress(self, progress: Progress) -> None:
        """Called when a run starts and then every `progress_every` seconds while it runs."""

    async def ended(self, end: CampaignEnd) -> None:
        """Called once when a run ends, except on shutdown (then the campaign stays PAUSED)."""


@dataclass
class _Run:
    campaign_id: int
    sink: ProgressSink
    started_at: float  # monotonic
    handled: int = 0  # rows sent, failed or unknown in this run
    halted: bool = False
    stopped_by: GatewayError | None = None
    in_a_row: int = 0  # sends that failed not by the recipient's fault, since the last answer
    requeued: int = 0  # rows put back in the queue during this pass over it
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    def halt(self, error: GatewayError | None = None) -> None:
        self.halted = True
        self.stopped_by = self.stopped_by or error

    def answered(self) -> None:
        """The gateway took a send, or refused it for the recipient's own reason."""
        self.in_a_row = 0

    def failed(self, error: GatewayError) -> None:
        if error.kind not in ACCOUNT_KINDS | OUTAGE_KINDS:
            self.answered()
            return
        if self.halted:
            return  # a send that was in flight: the pause and its reason are already decided
        self.in_a_row += 1
        if error.kind in ACCOUNT_KINDS or self.in_a_row >= PAUSE_AFTER:
            log.warning("campaign %s paused: %s", self.campaign_id, error)
            self.halt(error)


class BulkService:
    def __init__(
        self,
        db: Database,
        sender: SendService,
        *,
        concurrency: int = 8,
        rate: float = 0.0,
        progress_every: float = 2.0,
        clock: Callable[[], float] = time.time,
        audit: Audit | None = None,
        quotas: Quotas | None = None,
    ) -> None:
        self._db = db
        self._sender = sender
        self._audit = audit
        self._quotas = quotas
        self._concurrency = concurrency
        self._pacer = _Pacer(rate)
        self._progress_every = progress_every
        self._clock = clock
        self._runs: dict[int, _Run] = {}

    async def create(
        self, *, user_id: int, chat_id: int, text: str, recipients: Recipients, flash: bool = False
    ) -> Campaign:
        """The campaign (DRAFT) and a QUEUED row per recipient, in one transaction."""
        parts = measure(text).parts
        if parts == 0 or not text.strip():
            raise EmptyText
        campaign_id = await self._db.campaigns.create(
            user_id=user_id, chat_id=chat_id, text=text, flash=flash, parts=parts,
            recipients=recipients.numbers, invalid=len(recipients.invalid),
            duplicates=recipients.duplicates, transport=self._sender.transport, now=self._clock(),
        )
        return await self._campaign(campaign_id)

    async def create_plan(
        self, *, user_id: int, chat_id: int, plan: Plan, flash: bool = False
    ) -> Campaign:
        """The campaign (DRAFT) of a plan: its recipients, each with its own text and fields."""
        if not plan.messages or not plan.template.strip():
            raise EmptyText
        campaign_id = await self._db.campaigns.create(
            user_id=user_id, chat_id=chat_id, text=plan.template, flash=flash,
            parts=plan.most_parts, recipients=[message.number for message in plan.messages],
            invalid=len(plan.recipients.invalid), duplicates=plan.recipients.duplicates,
            transport=self._sender.transport, now=self._clock(),
            texts=[(message.text, message.parts) for message in plan.messages],
            fields=[message.fields for message in plan.messages] if plan.has_fields else None,
        )
        return await self._campaign(campaign_id)

    async def note_message(self, campaign_id: int, message_id: int) -> None:
        """The chat message that shows the campaign: its summaries reply to it."""
        await self._db.campaigns.set_progress_message(campaign_id, message_id)

    async def get(self, campaign_id: int) -> Campaign | None:
        return await self._db.campaigns.get(campaign_id)

    async def send(self, campaign_id: int, sink: ProgressSink, *, by: int | None = None) -> Transition:
        """Start a DRAFT campaign in the background; a second press finds it RUNNING. A draft
        older than DRAFT_LIFETIME is cancelled instead. `by`: who pressed (default: its author).
        Raises QuotaExceeded (nothing started) when a press would cross its author's daily quota."""
        if campaign_id in await self.expire_drafts():
            return Transition(False, CampaignStatus.CANCELLED, expired=True)
        campaign = await self._db.campaigns.get(campaign_id)
        # Pressed by a person: a scheduled start (no `by`) was checked when it was scheduled.
        if by is not None and campaign is not None and campaign.status is CampaignStatus.DRAFT \
                and self._quotas:
            await self._quotas.check_campaign(campaign)
        start = await self._start(campaign_id, CampaignStatus.DRAFT, sink)
        await self._record(start, campaign, Action.CAMPAIGN_SEND, by)
        return start

    async def _record(
        self, start: Transition, campaign: Campaign | None, action: Action, by: int | None
    ) -> None:
        """An action that changed the campaign, in the audit trail."""
        if self._audit is None or not start.moved or campaign is None:
            return
        await self._audit.record(
            campaign.user_id if by is None else by, action, detail=f"#{campaign.id}",
            recipients=campaign.total, parts=await self._db.campaigns.parts(campaign.id),
        )

    async def expire_drafts(self) -> list[int]:
        """Cancel the drafts nobody sent within DRAFT_LIFETIME; their ids."""
        now = self._clock()
        return await self._db.campaigns.expire_drafts(
            created_before=now - DRAFT_LIFETIME, now=now
        )

    async def resend_unknown(self, campaign_id: int) -> Campaign | None:
        """A new DRAFT campaign of the ended campaign's outcome-unknown recipients (the same
        one on a second call), to confirm like any other; None when there are none."""
        campaign = await self._db.campaigns.get(campaign_id)
        if campaign is None or campaign.status not in (
            CampaignStatus.FINISHED, CampaignStatus.CANCELLED
        ):
            return None
        numbers = await self._db.campaigns.recipients(campaign_id, SendStatus.UNKNOWN)
        if not numbers:
            return None
        resend_id = await self._db.campaigns.create(
            user_id=campaign.user_id, chat_id=campaign.chat_id, text=campaign.text,
            flash=campaign.flash, parts=campaign.parts, recipients=numbers, invalid=0,
            duplicates=0, transport=self._sender.transport, now=self._clock(),
            resend_of=campaign_id,
        )
        return await self._campaign(resend_id)

    async def resume(self, campaign_id: int, sink: ProgressSink, *, by: int | None = None) -> Transition:
        """Go on with a PAUSED campaign: only its QUEUED rows are sent."""
        start = await self._start(campaign_id, CampaignStatus.PAUSED, sink)
        await self._record(start, await self._db.campaigns.get(campaign_id),
                           Action.CAMPAIGN_RESUME, by)
        return start

    async def cancel(self, campaign_id: int, *, by: int | None = None) -> Transition:
        """Stop a campaign for good: rows not yet claimed are CANCELLED; sends in flight finish.
        `moved` tells whether this call cancelled it."""
        unfinished = (CampaignStatus.DRAFT, CampaignStatus.RUNNING, CampaignStatus.PAUSED)
        moved = await self._db.campaigns.move(
            campaign_id, source=unfinished, target=CampaignStatus.CANCELLED, now=self._clock()
        )
        if not moved:
            return Transition(False, await self._status(campaign_id))
        run = self._runs.get(campaign_id)
        if run is not None:
            run.halt()
        await self._db.messages.cancel_queued(campaign_id, now=self._clock())
        start = Transition(True, CampaignStatus.CANCELLED)
        await self._record(start, await self._db.campaigns.get(campaign_id),
                           Action.CAMPAIGN_CANCEL, by)
        return start

    async def tally(self, campaign_id: int) -> Tally:
        return Tally.of(await self._db.messages.campaign_counts(campaign_id))

    async def stalled(self) -> list[Stalled]:
        """After a (re)start: RUNNING or PAUSED campaigns no run of this process is sending;
        those left RUNNING by a crash become PAUSED. Call after `SendService.recover`."""
        stalled = []
        for campaign in await self._db.campaigns.unfinished():
            if campaign.id in self._runs:
                continue
            if campaign.status is CampaignStatus.RUNNING:
                await self._db.campaigns.move(
                    campaign.id, source=(CampaignStatus.RUNNING,), target=CampaignStatus.PAUSED,
                    now=self._clock(),
                )
                campaign = await self._campaign(campaign.id)
            stalled.append(Stalled(campaign, await self.tally(campaign.id)))
        return stalled

    def running(self, campaign_id: int) -> bool:
        return campaign_id in self._runs

    async def join(self, campaign_id: int) -> None:
        """Wait until the campaign's run (if any) has ended."""
        run = self._runs.get(campaign_id)
        if run is not None and run.task is not None:
            await asyncio.shield(run.task)

    async def aclose(self) -> None:
        """Shutdown: sends in flight become UNKNOWN, queued rows stay QUEUED, campaigns PAUSED."""
        tasks = [run.task for run in self._runs.values() if run.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # --- a run ------------------------------------------------------------------------------

    async def _start(self, campaign_id: int, source: CampaignStatus, sink: ProgressSink) -> Transition:
        if campaign_id in self._runs:
            return Transition(False, CampaignStatus.RUNNING)
        moved = await self._db.campaigns.move(
            campaign_id, source=(source,), target=CampaignStatus.RUNNING, now=self._clock()
        )
        if not moved:
            return Transition(False, await self._status(campaign_id))
        await self._db.campaigns.set_paused_by(campaign_id, kind=None, code=None)
        run = _Run(campaign_id, sink, time.monotonic())
        self._runs[campaign_id] = run
        run.task = asyncio.create_task(self._run(run), name=f"campaign-{campaign_id}")
        return Transition(True, CampaignStatus.RUNNING)

    async def _run(self, run: _Run) -> None:
        try:
            await self._send_all(run)
        except asyncio.CancelledError:
            await self._settle(run.campaign_id, CampaignStatus.PAUSED)
            raise
        except Exception:
            log.exception("campaign %s stopped by an internal error", run.campaign_id)
            run.halt()
            await self._settle(run.campaign_id, CampaignStatus.PAUSED)
            await self._report_end(run, paused=True)
        else:
            paused = run.stopped_by is not None
            if paused:
                await self._note_pause(run)
            await self._settle(
                run.campaign_id, CampaignStatus.PAUSED if paused else CampaignStatus.FINISHED
            )
            await self._report_end(run, paused=paused)
        finally:
            self._runs.pop(run.campaign_id, None)

    async def _send_all(self, run: _Run) -> None:
        # A slot is one request at the gateway. It is free again as soon as an accepted send is
        # in, while it is still being written down: that write never delays the next send.
        slots = asyncio.Semaphore(self._concurrency)
        sent_all = asyncio.Event()
        async with asyncio.TaskGroup() as group:
            # Stopped by the event, not cancelled: a chat edit is never cut off half-way.
            group.create_task(self._tick(run, sent_all))
            # Another pass while a blip put rows back in the queue without pausing the run:
            # they surely were not sent, and a finished campaign strands nobody.
            while not run.halted:
                run.requeued = 0
                await self._pass(run, slots)
                if not run.requeued:
                    break
            sent_all.set()

    async def _pass(self, run: _Run, slots: asyncio.Semaphore) -> None:
        """Send every row QUEUED when the pass reaches it, until the run is halted."""
        async with asyncio.TaskGroup() as sends:
            async for record in self._queued(run):
                await slots.acquire()
                if run.halted:
                    slots.release()
                    break
                await self._pacer.wait()
                sends.create_task(self._send_one(run, record, slots))

    async def _queued(self, run: _Run) -> AsyncIterator[MessageRecord]:
        after = 0
        while not run.halted:
            page = await self._db.campaigns.queued_after(run.campaign_id, after_id=after, limit=PAGE)
            for record in page:
                if run.halted:
                    return
                yield record
            if len(page) < PAGE:
                return
            after = page[-1].id

    async def _send_one(self, run: _Run, record: MessageRecord, slots: asyncio.Semaphore) -> None:
        # The slot is freed when the gateway accepted the send, or once a failure is counted,
        # so no new send starts before a failure could pause the run.
        with slot_returned_once(slots) as release:
            try:
                if run.halted:
                    return
                receipt = await self._sender.send_queued(
                    record, answered=release, requeue=REQUEUED_KINDS
                )
            except GatewayError as error:
                requeued = error.kind in REQUEUED_KINDS
                run.handled += not requeued
                run.requeued += requeued
                run.failed(error)
            else:
                if receipt is not None:
                    run.handled += 1
                    run.answered()

    async def _tick(self, run: _Run, sent_all: asyncio.Event) -> None:
        while not sent_all.is_set():
            tally = await self.tally(run.campaign_id)
            elapsed = max(time.monotonic() - run.started_at, 1e-6)
            rate = run.handled / elapsed
            eta = tally.remaining / rate if rate > 0 else None
            try:
                await run.sink.progress(Progress(run.campaign_id, tally, rate, eta))
            except Exception:  # showing progress must never stop the sending
                log.exception("progress of campaign %s not shown", run.campaign_id)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(sent_all.wait(), self._progress_every)

    async def _note_pause(self, run: _Run) -> None:
        error = run.stopped_by
        assert error is not None
        await self._db.campaigns.set_paused_by(
            run.campaign_id, kind=error.kind.value, code=error.code or None
        )

    async def _settle(self, campaign_id: int, target: CampaignStatus) -> None:
        # From RUNNING only: a Cancel pressed meanwhile has already made it CANCELLED.
        await self._db.campaigns.move(
            campaign_id, source=(CampaignStatus.RUNNING,), target=target, now=self._clock()
        )

    async def _report_end(self, run: _Run, *, paused: bool) -> None:
        campaign = await self._campaign(run.campaign_id)
        end = CampaignEnd(
            campaign=campaign,
            tally=await self.tally(run.campaign_id),
            failures=await self._db.messages.campaign_failures(run.campaign_id),
            stopped_by=run.stopped_by if paused else None,
            in_a_row=run.in_a_row if paused else 0,
            blocked=await self._db.messages.campaign_blocked(run.campaign_id),
        )
        try:
            await run.sink.ended(end)
        except Exception:
            log.exception("end of campaign %s not shown", run.campaign_id)

    async def _campaign(self, campaign_id: int) -> Campaign:
        campaign = await self._db.campaigns.get(campaign_id)
        assert campaign is not None, "campaigns are never deleted"
        return campaign

    async def _status(self, campaign_id: int) -> CampaignStatus | None:
        campaign = await self._db.campaigns.get(campaign_id)
        return campaign.status if campaign is not None else None


class _Pacer:
    """Spaces the starts of sends to at most `rate` a second (0: no cap), across workers."""

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0

    async def wait(self) -> None:
        if not self._interval:
            return
        now = time.monotonic()
        slot = max(now, self._next)
        self._next = slot + self._interval
        if slot > now:
            await asyncio.sleep(slot - now)
