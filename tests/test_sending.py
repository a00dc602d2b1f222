"""SendService against the simulator: a stored row is sent at most once, and every answer lands
in its own row, also when many arrive together or a shutdown cancels the send."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.gateway import Gateway
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.sending import SendService
from bot.simulator import Simulator
from storage import Database, MessageEvent, MessageRecord, SendStatus
from tests.fixtures_gateway import MakeGateway, requests_for
from tests.fixtures_storage import events_of, new_message
from tests.notifiers import RecordingNotifier

POLICY = TrackingPolicy(first=30, maximum=1800, track_for=48 * 3600)


@pytest.fixture
async def sender(storage_db: Database, make_gateway: MakeGateway) -> AsyncIterator[SendService]:
    gateway: Gateway = make_gateway("soap")
    monitor = AccountMonitor(storage_db, gateway, RecordingNotifier(), threshold=0)
    yield SendService(storage_db, gateway, monitor, POLICY, clock=lambda: 1000.0)
    await monitor.aclose()


async def _queued(db: Database, count: int) -> list[MessageRecord]:
    records = []
    for n in range(count):
        message_id = await db.messages.create(
            new_message(recipient=f"0912000{n:04d}", command_message_id=None),
            status=SendStatus.QUEUED, now=1.0,
        )
        record = await db.messages.get(message_id)
        assert record is not None
        records.append(record)
    return records


async def test_queued_rows_sent_together_each_store_the_smsid_the_gateway_gave_them(
    sender: SendService, storage_db: Database, gateway_sim: Simulator
) -> None:
    records = await _queued(storage_db, 25)
    receipts = await asyncio.gather(*(sender.send_queued(record) for record in records))
    sent = {message.mobileno: message.smsid for message in gateway_sim.sent}
    assert len(sent) == len(requests_for(gateway_sim, "SendSMSWithID")) == 25
    for record, receipt in zip(records, receipts, strict=True):
        stored = await storage_db.messages.get(record.id)
        assert stored is not None and receipt is not None
        assert (stored.status, stored.smsid) == (SendStatus.SENT, sent[record.recipient])
        assert receipt.smsid == stored.smsid
        assert stored.next_check_at == 1000.0 + POLICY.first


@pytest.mark.parametrize("turns", [0, 1])
async def test_a_send_cancelled_while_claiming_leaves_its_row_queued_and_sends_nothing(
    sender: SendService, storage_db: Database, gateway_sim: Simulator, turns: int, storage_path: Path
) -> None:
    [record] = await _queued(storage_db, 1)
    task = asyncio.create_task(sender.send_queued(record))
    for _ in range(turns):  # 1: the claim has been handed to the database
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    stored = await storage_db.messages.get(record.id)
    assert stored is not None and stored.status is SendStatus.QUEUED
    assert gateway_sim.requests == []
    if turns:
        assert (events_of(storage_path, record.id))[-1] == MessageEvent(
            record.id, 1000.0, "status", "queued", "released"
        )
