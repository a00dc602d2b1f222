"""A Notifier for service tests: it keeps what it was told, for the test to read."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.gateway import DeliveryState, GatewayError
from storage import MessageRecord


@dataclass
class RecordingNotifier:
    changes: list[tuple[int, str]] = field(default_factory=list)
    ended: list[tuple[int, str]] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    async def delivery_changed(self, record: MessageRecord, state: DeliveryState) -> None:
        self.changes.append((record.id, state.code))

    async def tracking_ended(self, record: MessageRecord, state: DeliveryState) -> None:
        self.ended.append((record.id, state.code))

    async def low_credit(self, credit: int, threshold: int) -> None:
        self.alerts.append(f"low {credit}")

    async def account_problem(self, error: GatewayError) -> None:
        self.alerts.append(error.name)
