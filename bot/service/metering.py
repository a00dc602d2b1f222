"""What the service layer counts as it works: send outcomes, and each gateway call's result and
time. A `Meter` records them; `NoMeter` when METRICS_PORT is off, `bot.service.metrics` when on."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from datetime import datetime
from typing import Protocol, TypeVar

from bot.gateway.base import Balance, DeliveryState, Gateway, SendResult
from bot.gateway.errors import GatewayError

T = TypeVar("T")
OK = "ok"
INTERRUPTED = "interrupted"


class Meter(Protocol):
    def send_outcome(self, outcome: str) -> None:
        """A message's send ended: "sent", "failed" or "unknown"."""

    def gateway_call(self, operation: str, result: str, seconds: float) -> None:
        """A gateway call ended with `result`: "ok" or the error's kind."""


class NoMeter:
    def send_outcome(self, outcome: str) -> None:
        pass

    def gateway_call(self, operation: str, result: str, seconds: float) -> None:
        pass


class MeteredGateway(Gateway):
    """A Gateway that tells a Meter about every call it passes on."""

    def __init__(self, inner: Gateway, meter: Meter) -> None:
        self._inner = inner
        self._meter = meter
        self.capabilities = inner.capabilities
        self.transport = inner.transport

    async def send(self, recipient: str, text: str, *, flash: bool = False) -> SendResult:
        return await self._timed("send", self._inner.send(recipient, text, flash=flash))

    async def send_at(
        self, recipient: str, text: str, when: datetime, *, flash: bool = False
    ) -> SendResult:
        return await self._timed(
            "send_at", self._inner.send_at(recipient, text, when, flash=flash)
        )

    async def delivery_state(self, smsid: str) -> DeliveryState:
        return await self._timed("delivery_state", self._inner.delivery_state(smsid))

    async def balance(self) -> Balance:
        return await self._timed("balance", self._inner.balance())

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def _timed(self, operation: str, call: Awaitable[T]) -> T:
        started = time.perf_counter()
        try:
            value = await call
        except GatewayError as error:
            self._meter.gateway_call(operation, error.kind.value, time.perf_counter() - started)
            raise
        except BaseException:  # cancelled (a shutdown) or a bug: no answer either way
            self._meter.gateway_call(operation, INTERRUPTED, time.perf_counter() - started)
            raise
        self._meter.gateway_call(operation, OK, time.perf_counter() - started)
        return value
