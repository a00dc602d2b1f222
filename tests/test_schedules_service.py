"""ScheduleService against the simulator on a fixed clock: a scheduled campaign waits (its rows
SCHEDULED, nothing at the gateway) and the due-time pass starts it; a late one is held and asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.gateway import Gateway, GatewayError
from bot.recipients import Recipients
from bot.service.bulk import BulkService, CampaignEnd, Progress, ProgressSink
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.schedules import ScheduleService
from bot.service.sending import SendReceipt, SendService
from bot.simulator import Simulator
from storage import BlockedNumber, Campaign, CampaignStatus, Database, MessageRecord, SendStatus
from tests.fixtures_gateway import MakeGateway, requests_for
from tests.notifiers import RecordingNotifier

POLICY = TrackingPolicy(first=30, maximum=1800, track_for=48 * 3600)
DUE = 10_000.0
NUMBERS = ("09120000001", "09120000002", "09120000003")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Told:
    def __init__(self) -> None:
        self.late_campaigns: list[int] = []
        self.blocked: list[str] = []

    async def schedule_sent(self, record: MessageRecord, receipt: SendReceipt) -> None:
        pass

    async def schedule_failed(self, record: MessageRecord, error: GatewayError) -> None:
        pass

    async def schedule_blocked(self, record: MessageRecord, entry: BlockedNumber | None) -> None:
        self.blocked.append(record.recipient)

    async def schedule_late(self, record: MessageRecord) -> None:
        pass

    async def campaign_late(self, campaign: Campaign) -> None:
        self.late_campaigns.append(campaign.id)


class Ends:
    def __init__(self) -> None:
        self.ends: list[CampaignEnd] = []

    async def progress(self, progress: Progress) -> None:
        pass

    async def ended(self, end: CampaignEnd) -> None:
        self.ends.append(end)


@pytest.fixture
async def parts(
    storage_db: Database, make_gateway: MakeGateway
) -> AsyncIterator[tuple[ScheduleService, BulkService, Clock, Told]]:
    clock = Clock()
    gateway: Gateway = make_gateway("soap")
    monitor = AccountMonitor(storage_db, gateway, RecordingNotifier(), threshold=0)
    sender = SendService(storage_db, gateway, monitor, POLICY, clock=clock)
    bulk = BulkService(storage_db, sender, clock=clock)
    told = Told()
    schedules = ScheduleService(storage_db, sender, bulk, told, zone=ZoneInfo("UTC"), grace=3600, clock=clock)
    yield schedules, bulk, clock, told
    await schedules.aclose()
    await bulk.aclose()
    await monitor.aclose()


async def _campaign(bulk: BulkService, schedules: ScheduleService) -> Campaign:
    campaign = await bulk.create(user_id=1, chat_id=1, text="later, all",
                                 recipients=Recipients(NUMBERS, (), 0))
    assert await schedules.schedule_campaign(campaign.id, datetime.fromtimestamp(DUE, ZoneInfo("UTC")))
    return campaign


async def test_a_scheduled_campaign_waits_then_starts_at_its_time(
    parts: tuple[ScheduleService, BulkService, Clock, Told], storage_db: Database,
    gateway_sim: Simulator,
) -> None:
    schedules, bulk, clock, _ = parts
    campaign = await _campaign(bulk, schedules)
    counts = await storage_db.messages.campaign_counts(campaign.id)
    assert counts[SendStatus.SCHEDULED] == len(NUMBERS)
    sink = Ends()

    def sink_for(_: Campaign) -> ProgressSink:
        return sink

    await schedules.run_due(sink_for)
    assert not requests_for(gateway_sim, "SendSMSWithID")
    [pending] = await schedules.pending(limit=10)
    assert (pending.campaign is not None, pending.due_at) == (True, DUE)

    clock.now = DUE + 5
    await schedules.run_due(sink_for)
    await bulk.join(campaign.id)
    assert sorted(r.fields["mobileno"] for r in requests_for(gateway_sim, "SendSMSWithID")) == list(
        NUMBERS)
    [end] = sink.ends
    assert (end.campaign.status, end.tally.sent) == (CampaignStatus.FINISHED, len(NUMBERS))
    await schedules.run_due(sink_for)  # a second pass starts nothing again
    assert len(requests_for(gateway_sim, "SendSMSWithID")) == len(NUMBERS)


async def test_a_campaign_missed_beyond_the_grace_is_held_and_cancel_stops_it(
    parts: tuple[ScheduleService, BulkService, Clock, Told], storage_db: Database,
    gateway_sim: Simulator,
) -> None:
    schedules, bulk, clock, told = parts
    campaign = await _campaign(bulk, schedules)
    clock.now = DUE + 7200

    def sink_for(_: Campaign) -> ProgressSink:
        raise AssertionError("a late campaign is not started by itself")

    await schedules.run_due(sink_for)
    await schedules.run_due(sink_for)
    assert told.late_campaigns == [campaign.id]  # asked once
    assert (await bulk.cancel(campaign.id)).moved
    counts = await storage_db.messages.campaign_counts(campaign.id)
    assert counts[SendStatus.CANCELLED] == len(NUMBERS)
    assert not requests_for(gateway_sim, "SendSMSWithID")


async def test_a_campaign_scheduled_more_than_a_day_ahead_is_no_expired_draft(
    parts: tuple[ScheduleService, BulkService, Clock, Told], storage_db: Database,
    gateway_sim: Simulator,
) -> None:
    schedules, bulk, clock, _ = parts
    campaign = await bulk.create(user_id=1, chat_id=1, text="in two days",
                                 recipients=Recipients(NUMBERS, (), 0))
    later = clock.now + 2 * 86400
    assert await schedules.schedule_campaign(campaign.id, datetime.fromtimestamp(later, ZoneInfo("UTC")))
    clock.now = later + 1
    assert await bulk.expire_drafts() == []
    sink = Ends()
    await schedules.run_due(lambda _: sink)
    await bulk.join(campaign.id)
    [end] = sink.ends
    assert (end.campaign.status, end.tally.sent) == (CampaignStatus.FINISHED, len(NUMBERS))
