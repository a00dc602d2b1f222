"""The one interface the rest of smsbridge uses to reach 0098SMS, whatever the wire.

Implementations: `SoapGateway` (the web service, via zeep) and `LinkGateway` (the HTTP link API).
Both raise only `bot.gateway.errors.GatewayError` subclasses.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime

from bot.gateway.codes import StateInfo, describe_state
from bot.states import Outcome


@dataclass(frozen=True, slots=True)
class SendResult:
    """An accepted send. `smsid` is None when the wire returns no id (untrackable)."""

    code: str
    smsid: str | None


@dataclass(frozen=True, slots=True)
class DeliveryState:
    code: str  # the raw answer, verbatim

    @property
    def info(self) -> StateInfo:
        return describe_state(self.code)

    @property
    def outcome(self) -> Outcome:
        return self.info.outcome

    @property
    def final(self) -> bool:
        return self.info.final


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a wire can do beyond sending now; callers read it before asking for more."""

    tracks_delivery: bool  # `send` returns a smsid that `delivery_state` can follow
    schedules: bool  # `send_at`
    reads_credit: bool  # `balance`
    sends_flash: bool  # `send(..., flash=True)`


EVERYTHING = Capabilities(tracks_delivery=True, schedules=True, reads_credit=True, sends_flash=True)


@dataclass(frozen=True, slots=True)
class Balance:
    credit: int
    code: str  # the raw answer


class Gateway(abc.ABC):
    """Send, schedule, ask delivery state and credit. Numbers are already `09xxxxxxxxx`.

    What `capabilities` says the wire cannot do raises `Unsupported`, as a last guard: callers
    read `capabilities` first.
    """

    capabilities: Capabilities = EVERYTHING
    #: The wire's name, for logs and notices: "soap" or "link".
    transport: str = ""

    @abc.abstractmethod
    async def send(self, recipient: str, text: str, *, flash: bool = False) -> SendResult:
        """Send now. Raises OutcomeUnknown if the request may have left without an answer."""

    @abc.abstractmethod
    async def send_at(
        self, recipient: str, text: str, when: datetime, *, flash: bool = False
    ) -> SendResult:
        """Schedule a send for an aware `when` (sent as a 10-digit Unix time)."""

    @abc.abstractmethod
    async def delivery_state(self, smsid: str) -> DeliveryState:
        """The current delivery state of a message; retried on transport faults."""

    @abc.abstractmethod
    async def balance(self) -> Balance:
        """The remaining credit; retried on transport faults."""

    @abc.abstractmethod
    async def aclose(self) -> None:
        """Release connections."""
