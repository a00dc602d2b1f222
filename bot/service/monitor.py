"""Watches the account: low credit (once per crossing) and account-level refusals (hourly per kind)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from bot.gateway.base import Balance, Gateway
from bot.gateway.errors import ACCOUNT_LEVEL_KINDS, GatewayError, Unsupported
from bot.service.notifier import Notifier
from storage import Database

log = logging.getLogger(__name__)

LOW_CREDIT_KEY = "low_credit_active"
ALERT_KEY = "account_alert_at:{name}"
CREDIT_KEY = "credit"  # the credit the gateway last reported, and when (for health and metrics)
CREDIT_AT_KEY = "credit_at"
ALERT_EVERY = 3600.0
# After sends the credit is re-read, but not more often than this (a campaign sends thousands).
CHECK_AFTER_SEND_EVERY = 60.0


class AccountMonitor:
    def __init__(
        self,
        db: Database,
        gateway: Gateway,
        notifier: Notifier,
        *,
        threshold: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = db
        self._gateway = gateway
        self._reads_credit = gateway.capabilities.reads_credit
        self._notifier = notifier
        self._threshold = threshold
        self._clock = clock
        self._last_check = 0.0
        self._pending: asyncio.Task[None] | None = None

    async def read_balance(self) -> Balance:
        """Ask the credit, note it for the low-credit alert; gateway errors are observed and raised."""
        if not self._reads_credit:
            raise Unsupported("", name="balance")
        self._last_check = self._clock()
        try:
            balance = await self._gateway.balance()
        except GatewayError as error:
            await self.observe_error(error)
            raise
        await self.observe_credit(balance.credit)
        return balance

    async def check_balance(self) -> None:
        """The periodic check: never raises (failures are logged and, if account-level, alerted)."""
        if not self._reads_credit:
            return
        try:
            await self.read_balance()
        except GatewayError as error:
            log.warning("balance check failed: %s", error)

    def after_send(self) -> None:
        """Re-read the credit soon after sending, at most once a minute, in the background."""
        if self._clock() - self._last_check < CHECK_AFTER_SEND_EVERY:
            return
        if self._pending is None or self._pending.done():
            self._last_check = self._clock()
            self._pending = asyncio.create_task(self.check_balance())

    async def observe_credit(self, credit: int) -> None:
        await self._db.state.set(CREDIT_KEY, str(credit))
        await self._db.state.set(CREDIT_AT_KEY, repr(self._clock()))
        low = credit < self._threshold
        was_low = await self._db.state.get(LOW_CREDIT_KEY) == "1"
        if low != was_low:
            await self._db.state.set(LOW_CREDIT_KEY, "1" if low else "0")
        if low and not was_low:
            await self._notifier.low_credit(credit, self._threshold)

    async def observe_error(self, error: GatewayError) -> None:
        if error.kind not in ACCOUNT_LEVEL_KINDS:
            return
        key = ALERT_KEY.format(name=error.name)
        last = await self._db.state.get_float(key)
        now = self._clock()
        if last is not None and now - last < ALERT_EVERY:
            return
        await self._db.state.set(key, repr(now))
        await self._notifier.account_problem(error)

    async def aclose(self) -> None:
        if self._pending is not None and not self._pending.done():
            self._pending.cancel()
