"""Delivery tracking: one sweep asks the gateway about every row that is due, in bounded batches.

Everything the sweep needs is in SQLite (next check time, interval, deadline), so a restart simply
resumes. Each change of state goes to the notifier; `8` (not known yet) and error answers right after a
send (e.g. `-31` before the operator reports) are recorded but only reported if tracking ends on them.

`run` sweeps on its own schedule, with or without Telegram; `stop` ends it between calls: a check in
flight is abandoned (nothing recorded, the row stays due) rather than waited for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from bot.gateway.base import DeliveryState, Gateway
from bot.gateway.codes import DELIVERY_STATES
from bot.gateway.errors import GatewayError, Unsupported
from bot.service.audit import Action, Audit
from bot.service.monitor import AccountMonitor
from bot.service.notifier import Notifier
from bot.service.policy import TrackingPolicy
from bot.states import Outcome
from storage import BlockSource, Database, MessageRecord

log = logging.getLogger(__name__)

HEARTBEAT_KEY = "delivery_sweep_at"
# Delivery states that put the recipient on the opt-out list: it blocks promotional messages.
OPTS_OUT = frozenset({"4"})


class DeliveryTracker:
    def __init__(
        self,
        db: Database,
        gateway: Gateway,
        notifier: Notifier,
        monitor: AccountMonitor,
        policy: TrackingPolicy,
        *,
        batch: int = 200,
        # Checks are background work: few at once, so a command's own gateway call and database
        # write never queue behind a sweep's (`bench.latency --load`).
        concurrency: int = 4,
        clock: Callable[[], float] = time.time,
        audit: Audit | None = None,
    ) -> None:
        self._db = db
        self._audit = audit
        self._gateway = gateway
        self._tracks = gateway.capabilities.tracks_delivery
        self._notifier = notifier
        self._monitor = monitor
        self._policy = policy
        self._batch = batch
        self._limit = asyncio.Semaphore(concurrency)
        self._clock = clock
        self._stopping = asyncio.Event()
        self._asking: set[asyncio.Task[object]] = set()

    async def run(self, every: float) -> None:
        """Sweep every `every` seconds until `stop`."""
        while not self._stopping.is_set():
            try:
                await self.sweep()
            except Exception:  # the next sweep tries again; tracking must not end by one error
                log.exception("delivery sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), every)

    def stop(self) -> None:
        """No new check starts; the checks in flight are abandoned."""
        self._stopping.set()
        for task in self._asking:
            task.cancel()

    async def sweep(self) -> int:
        """Check every due row (batch after batch); returns how many were asked."""
        asked = 0
        while not self._stopping.is_set():
            due = await self._db.messages.due_for_check(now=self._clock(), limit=self._batch)
            if not due:
                break
            await asyncio.gather(*(self._check(record) for record in due))
            asked += len(due)
            if len(due) < self._batch:
                break
        await self._db.state.set(HEARTBEAT_KEY, repr(self._clock()))
        return asked

    async def status(self, smsid: str) -> tuple[MessageRecord | None, DeliveryState]:
        """`/status`: ask at once; a message of ours records the answer, its schedule kept."""
        if not self._tracks:
            raise Unsupported("", name="delivery")
        record = await self._db.messages.by_smsid(smsid)
        try:
            state = await self._gateway.delivery_state(smsid)
        except GatewayError as error:
            await self._monitor.observe_error(error)
            raise
        if record is not None:
            tracking = record.next_check_at is not None and not state.final
            await self._db.messages.record_delivery(
                record.id, code=state.code, final=state.final, now=self._clock(),
                next_check_at=record.next_check_at if tracking else None,
                check_interval=record.check_interval if tracking else None,
            )
            await self._opt_out(record, state)
        return record, state

    async def _check(self, record: MessageRecord) -> None:
        assert record.smsid is not None
        interval = self._policy.next_interval(record.check_interval)
        async with self._limit:
            if self._stopping.is_set():
                return
            try:
                state = await self._ask(record.smsid)
            except GatewayError as error:
                log.warning("delivery check of message %s failed: %s", record.id, error)
                await self._monitor.observe_error(error)
                await self._db.messages.postpone_check(
                    record.id, next_check_at=self._clock() + interval, check_interval=interval
                )
                return
            if state is None:
                return
        now = self._clock()
        deadline = record.track_until if record.track_until is not None else now + interval
        gives_up = now >= deadline
        stop = state.final or gives_up
        changed = await self._db.messages.record_delivery(
            record.id, code=state.code, final=state.final, now=now,
            next_check_at=None if stop else min(now + interval, deadline),
            check_interval=None if stop else interval,
        )
        if changed:
            await self._opt_out(record, state)
        if changed and _worth_reporting(state):
            await self._notifier.delivery_changed(record, state)
        elif gives_up and not state.final:
            await self._notifier.tracking_ended(record, state)

    async def _opt_out(self, record: MessageRecord, state: DeliveryState) -> None:
        if state.code not in OPTS_OUT:
            return
        added = await self._db.blocked.add(
            record.recipient, source=BlockSource.DELIVERY, reason=None, smsid=record.smsid,
            now=self._clock(),
        )
        if added and self._audit is not None:
            # Nobody pressed anything: the row names whose message brought the report.
            await self._audit.record(
                record.user_id, Action.BLOCK_DELIVERY, detail=record.recipient, recipients=1
            )

    async def _ask(self, smsid: str) -> DeliveryState | None:
        """The gateway's answer; None when `stop` abandoned the call."""
        task = asyncio.current_task()
        assert task is not None
        self._asking.add(task)
        try:
            return await self._gateway.delivery_state(smsid)
        except asyncio.CancelledError:
            if self._stopping.is_set() and task.uncancel() == 0:
                return None  # abandoned by `stop`, not cancelled by anyone else
            raise
        finally:
            self._asking.discard(task)


def _worth_reporting(state: DeliveryState) -> bool:
    return state.code in DELIVERY_STATES and state.outcome is not Outcome.PENDING
