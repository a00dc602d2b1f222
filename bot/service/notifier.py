"""What the service layer tells people about; the Telegram layer decides how it reads."""

from __future__ import annotations

from typing import Protocol

from bot.gateway.base import DeliveryState
from bot.gateway.errors import GatewayError
from storage import MessageRecord


class Notifier(Protocol):
    async def delivery_changed(self, record: MessageRecord, state: DeliveryState) -> None:
        """A tracked message reached a new documented delivery state."""

    async def tracking_ended(self, record: MessageRecord, state: DeliveryState) -> None:
        """Tracking gave up (time window over) without a final state."""

    async def low_credit(self, credit: int, threshold: int) -> None:
        """The credit fell below the threshold (once per crossing)."""

    async def account_problem(self, error: GatewayError) -> None:
        """The gateway refused the account itself (throttled per kind by the caller)."""
