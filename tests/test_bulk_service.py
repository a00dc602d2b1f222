"""BulkService against the simulator, for what the end-to-end tests cannot provoke on demand: one
connection refused in the middle of a campaign (a blip, not an outage)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime

import pytest

from bot.gateway import Gateway
from bot.gateway.base import Balance, DeliveryState, SendResult
from bot.gateway.errors import TransportError
from bot.recipients import Recipients
from bot.service.bulk import BulkService, CampaignEnd, Progress
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.sending import SendService
from bot.simulator import Simulator
from storage import CampaignStatus, Database, SendStatus
from tests.fixtures_gateway import MakeGateway
from tests.notifiers import RecordingNotifier

NUMBERS = tuple(f"0912000{n:04d}" for n in range(10))
BLIP = NUMBERS[3]


class RefusedOnce(Gateway):
    """The real gateway, but the first send to BLIP finds the connection refused (nothing sent)."""

    def __init__(self, inner: Gateway) -> None:
        self._inner = inner
        self.transport = inner.transport
        self.capabilities = inner.capabilities
        self.refused = 0

    async def send(self, recipient: str, text: str, *, flash: bool = False) -> SendResult:
        if recipient == BLIP and not self.refused:
            self.refused += 1
            raise TransportError("", name="connect_failed")
        return await self._inner.send(recipient, text, flash=flash)

    async def send_at(
        self, recipient: str, text: str, when: datetime, *, flash: bool = False
    ) -> SendResult:
        return await self._inner.send_at(recipient, text, when, flash=flash)

    async def delivery_state(self, smsid: str) -> DeliveryState:
        return await self._inner.delivery_state(smsid)

    async def balance(self) -> Balance:
        return await self._inner.balance()

    async def aclose(self) -> None:
        await self._inner.aclose()


class Ends:
    def __init__(self) -> None:
        self.ends: asyncio.Queue[CampaignEnd] = asyncio.Queue()

    async def progress(self, progress: Progress) -> None:
        """Not looked at here."""

    async def ended(self, end: CampaignEnd) -> None:
        await self.ends.put(end)


@pytest.fixture
async def gateway(make_gateway: MakeGateway) -> RefusedOnce:
    return RefusedOnce(make_gateway("soap"))


@pytest.fixture
async def bulk(storage_db: Database, gateway: RefusedOnce) -> AsyncIterator[BulkService]:
    monitor = AccountMonitor(storage_db, gateway, RecordingNotifier(), threshold=0)
    policy = TrackingPolicy(first=30, maximum=1800, track_for=3600)
    service = BulkService(storage_db, SendService(storage_db, gateway, monitor, policy))
    yield service
    await service.aclose()
    await monitor.aclose()


async def test_a_blip_is_sent_again_in_the_same_run_and_the_campaign_finishes(
    bulk: BulkService, gateway: RefusedOnce, gateway_sim: Simulator, storage_db: Database
) -> None:
    campaign = await bulk.create(
        user_id=1, chat_id=1, text="hello", recipients=Recipients(NUMBERS, (), 0)
    )
    sink = Ends()
    assert (await bulk.send(campaign.id, sink)).moved
    end = await sink.ends.get()
    assert gateway.refused == 1
    assert end.campaign.status is CampaignStatus.FINISHED
    assert end.tally.sent == len(NUMBERS) and end.tally.remaining == 0
    assert sorted(message.mobileno for message in gateway_sim.sent) == sorted(NUMBERS)
    counts = await storage_db.messages.campaign_counts(campaign.id)
    assert counts[SendStatus.SENT] == len(NUMBERS)
