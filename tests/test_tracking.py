"""Delivery tracking against the simulator, on one hand-moved clock shared by both sides."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.gateway import Gateway, build_gateway
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.sending import SendRequest, SendService
from bot.service.tracking import DeliveryTracker
from bot.simulator import ManualClock, Simulator, SimulatorConfig
from storage import Database
from tests.fixtures_gateway import gateway_settings
from tests.notifiers import RecordingNotifier

POLICY = TrackingPolicy(first=30, maximum=1800, track_for=48 * 3600)
NEVER = 10.0**9


@dataclass
class World:
    clock: ManualClock
    simulator: Simulator
    gateway: Gateway
    db: Database
    notifier: RecordingNotifier
    sender: SendService
    tracker: DeliveryTracker

    asked_at: list[float] = field(default_factory=list)

    def check_times(self) -> list[float]:
        return self.asked_at

    def delivery_requests(self) -> int:
        return sum(r.operation == "smsdeliveryState" for r in self.simulator.requests)

    async def run_until(self, seconds: float, step: float = 5) -> None:
        """Move time forward, sweeping as the job queue would."""
        end = self.clock.now() + seconds
        while self.clock.now() < end:
            self.clock.advance(step)
            before = self.delivery_requests()
            await self.tracker.sweep()
            self.asked_at += [self.clock.now()] * (self.delivery_requests() - before)


@pytest.fixture
def delivery_after() -> float:
    """Seconds until the simulator reports a final state; parametrize to change."""
    return 600


@pytest.fixture
async def world(tmp_path: Path, delivery_after: float) -> AsyncIterator[World]:
    clock = ManualClock(start=1_800_000_000.0)
    config = SimulatorConfig(delivery_after=delivery_after, delivered_ratio=1.0)
    async with Simulator(config, clock) as simulator:
        gateway = build_gateway(gateway_settings(simulator), attempts=1, retry_delay=0.001)
        db = await Database.open(tmp_path / "t.db")
        notifier = RecordingNotifier()
        monitor = AccountMonitor(db, gateway, notifier, threshold=0, clock=clock.now)
        sender = SendService(db, gateway, monitor, POLICY, clock=clock.now)
        tracker = DeliveryTracker(db, gateway, notifier, monitor, POLICY, clock=clock.now)
        yield World(clock, simulator, gateway, db, notifier, sender, tracker)
        await monitor.aclose()
        await db.close()
        await gateway.aclose()


async def _send(world: World) -> int:
    receipt = await world.sender.send(SendRequest("09121234567", "hi", user_id=1, chat_id=1))
    return receipt.message_id


async def test_delivered_after_ten_minutes_costs_at_most_eight_calls(world: World) -> None:
    message_id = await _send(world)
    await world.run_until(3600)
    assert world.notifier.changes == [(message_id, "5")]
    assert world.delivery_requests() <= 8
    record = await world.db.messages.get(message_id)
    assert record is not None and record.next_check_at is None and record.delivery_final


@pytest.mark.parametrize("delivery_after", [NEVER])
async def test_backoff_doubles_up_to_the_cap(world: World) -> None:
    await _send(world)
    await world.run_until(30 * 3600, step=120)
    gaps = [b - a for a, b in zip(world.check_times(), world.check_times()[1:], strict=False)]
    # 30, 60, 120, ... then every 1800 s (give or take one sweep step): about 64 checks in 30 h
    assert gaps[:3] == sorted(gaps[:3])
    assert max(gaps) <= 1800 + 120 and min(gaps[-10:]) >= 1800
    assert 55 <= len(gaps) + 1 <= 70


@pytest.mark.parametrize("delivery_after", [NEVER])
async def test_tracking_ends_after_the_window_with_a_notice(world: World) -> None:
    message_id = await _send(world)
    await world.run_until(49 * 3600, step=300)
    assert world.notifier.changes == []
    assert world.notifier.ended == [(message_id, "8")]
    before = world.delivery_requests()
    await world.run_until(3600, step=60)
    assert world.delivery_requests() == before


async def test_gateway_down_postpones_without_noise(world: World) -> None:
    message_id = await _send(world)
    world.simulator.faults.http_error_next(500, times=3)
    await world.run_until(400)
    assert world.notifier.changes == [] and world.notifier.alerts == []
    await world.run_until(3600)
    assert world.notifier.changes == [(message_id, "5")]


async def test_restart_resumes_from_the_database(world: World, tmp_path: Path) -> None:
    message_id = await _send(world)
    await world.run_until(120)
    await world.db.close()
    world.db = await Database.open(tmp_path / "t.db")
    monitor = AccountMonitor(world.db, world.gateway, world.notifier, threshold=0, clock=world.clock.now)
    world.tracker = DeliveryTracker(
        world.db, world.gateway, world.notifier, monitor, POLICY, clock=world.clock.now
    )
    await world.run_until(3600)
    assert world.notifier.changes == [(message_id, "5")]
