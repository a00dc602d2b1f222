"""What delivery tracking costs: gateway calls per message, and one sweep over 10,000 messages.

(a) One message the simulated operator delivers after 10 minutes, tracked with the default
    DELIVERY_POLL_FIRST/MAX (30 s doubling to 1800 s): the real SendService and DeliveryTracker on
    a hand-moved clock shared with the simulator (ManualClock); every due check is swept at its
    due time. Counted: smsdeliveryState requests the simulator received. Target: at most 8.
(b) 10,000 sent messages all due at once: one DeliveryTracker.sweep() (its default batch 200 and
    concurrency 4) against the simulator in its own process, wall time and this process's CPU
    (the simulator's CPU is shown apart); and the gateway calls per hour the policy implies.

    .venv/bin/python -m bench.tracking [--messages 10000]      (from the repository root)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.simulator_process import SilentNotifier, simulator_process
from bot.config import GatewaySettings
from bot.gateway import Gateway, build_gateway
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.sending import SendRequest, SendService
from bot.service.tracking import DeliveryTracker
from bot.simulator import ManualClock, Simulator, SimulatorConfig
from storage import Database
from tests.fixtures_storage import store_tracked

FIRST, MAXIMUM, TRACK_HOURS = 30.0, 1800.0, 48.0  # the defaults in bot/config.py
CALLS_TARGET = 8
RECIPIENT = "09121234567"
# The simulator's own process also accepts the messages to track, straight through its panel (the
# code behind its SOAP operations): how they were sent is not what is measured, and 10,000 SOAP
# sends would take longer than the sweep. It prints its SOAP URL, then the smsids, one per line.


def default_policy() -> TrackingPolicy:
    return TrackingPolicy(first=FIRST, maximum=MAXIMUM, track_for=TRACK_HOURS * 3600)


def gateway_for(soap_url: str) -> Gateway:
    values: dict[str, Any] = {"_env_file": None, "sms_sandbox": True, "sms_endpoint": soap_url}
    return build_gateway(GatewaySettings(**values))


# --- (a) calls per message ----------------------------------------------------------------------


async def calls_until_final(delivered_after: float, folder: Path) -> list[tuple[float, str]]:
    """(seconds after the send, answer) of every delivery check until the final answer."""
    clock = ManualClock()
    config = SimulatorConfig(delivery_after=delivered_after, delivered_ratio=1.0)
    async with Simulator(config, clock) as simulator:
        db = await Database.open(folder / f"one-{delivered_after:.0f}.db")
        gateway = gateway_for(simulator.soap_url)
        try:
            return await _track_one(db, gateway, simulator, clock)
        finally:
            await gateway.aclose()
            await db.close()


async def _track_one(
    db: Database, gateway: Gateway, simulator: Simulator, clock: ManualClock
) -> list[tuple[float, str]]:
    policy, notifier = default_policy(), SilentNotifier()
    monitor = AccountMonitor(db, gateway, notifier, threshold=0, clock=clock.now)
    sender = SendService(db, gateway, monitor, policy, clock=clock.now)
    tracker = DeliveryTracker(db, gateway, notifier, monitor, policy, clock=clock.now)
    sent_at = clock.now()
    receipt = await sender.send(SendRequest(recipient=RECIPIENT, text="hi", user_id=1, chat_id=1))
    checks: list[tuple[float, str]] = []
    while True:
        record = await db.messages.get(receipt.message_id)
        assert record is not None
        if record.next_check_at is None:  # final, or tracking gave up
            return checks
        clock.advance(max(0.0, record.next_check_at - clock.now()))
        before = len(simulator.requests)
        await tracker.sweep()
        for request in simulator.requests[before:]:
            if request.operation == "smsdeliveryState":
                after = await db.messages.get(receipt.message_id)
                assert after is not None
                checks.append((clock.now() - sent_at, after.delivery_code or "?"))


def check_schedule(policy: TrackingPolicy) -> list[float]:
    """Seconds after the send of each check of a message that never gets a final answer, as
    DeliveryTracker schedules them: doubling up to the cap, the last check at the deadline."""
    times, now, interval = [], policy.first, policy.first
    while True:
        times.append(now)
        if now >= policy.track_for:
            return times
        interval = policy.next_interval(interval)
        now = min(now + interval, policy.track_for)


# --- (b) one sweep over many messages ------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def one_sweep(messages: int, folder: Path) -> dict[str, float]:
    setup_start = time.perf_counter()
    with simulator_process(messages=messages) as simulator:
        soap_url, simulator_pid, smsids = simulator.url, simulator.pid, simulator.smsids
        db = await Database.open(folder / "many.db")
        gateway = gateway_for(soap_url)
        try:
            await store_tracked(db, smsids, interval=FIRST, track_hours=TRACK_HOURS)
            setup = time.perf_counter() - setup_start
            policy, notifier = default_policy(), SilentNotifier()
            monitor = AccountMonitor(db, gateway, notifier, threshold=0)
            tracker = DeliveryTracker(db, gateway, notifier, monitor, policy)
            simulator_cpu = cpu_seconds(simulator_pid)
            wall, cpu = time.perf_counter(), time.process_time()
            asked = await tracker.sweep()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            simulator_cpu = cpu_seconds(simulator_pid) - simulator_cpu
        finally:
            await gateway.aclose()
            await db.close()
    return {"asked": asked, "wall": wall, "cpu": cpu, "simulator_cpu": simulator_cpu,
            "setup": setup}


# --- report -------------------------------------------------------------------------------------


def report_calls(cases: dict[float, list[tuple[float, str]]]) -> None:
    print("(a) delivery checks until the final answer (defaults: first 30 s, max 1800 s)")
    for delivered_after, checks in cases.items():
        schedule = ", ".join(f"{at:.0f}s:{code}" for at, code in checks)
        minutes = delivered_after / 60
        print(f"    delivered after {minutes:4.0f} min: {len(checks)} calls  [{schedule}]")
    ten_minutes = len(cases[600.0])
    verdict = "met" if ten_minutes <= CALLS_TARGET else "MISSED"
    print(f"    target <= {CALLS_TARGET} calls for 10 min: {verdict} ({ten_minutes})")


def report_policy(messages: int) -> None:
    times = check_schedule(default_policy())
    first_hour = sum(1 for t in times if t <= 3600)
    print(f"(b) policy: a message with no final answer is asked {len(times)} times in "
          f"{TRACK_HOURS:.0f} h; {first_hour} in its first hour, then "
          f"{3600 / MAXIMUM:.0f} per hour")
    burst, steady = messages * first_hour, messages * 3600 / MAXIMUM
    print(f"    {messages} such messages sent together: {burst:,} calls in the first hour "
          f"({burst / 3600:.1f}/s), then {steady:,.0f} per hour ({steady / 3600:.1f}/s)")


def report_sweep(figures: dict[str, float]) -> None:
    asked, wall = figures["asked"], figures["wall"]
    print(f"    one sweep, {asked:.0f} messages due at once: {wall:.2f} s wall, "
          f"{figures['cpu']:.2f} s CPU in the bot ({figures['cpu'] / asked * 1000:.2f} ms per "
          f"check), simulator {figures['simulator_cpu']:.2f} s CPU; {asked / wall:.0f} checks/s")
    print(f"    (setup, not measured: {figures['setup']:.1f} s to send and store them)")


async def run(messages: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        cases = {
            after: await calls_until_final(after, Path(folder)) for after in (60.0, 600.0, 3600.0)
        }
        report_calls(cases)
        report_policy(messages)
        report_sweep(await one_sweep(messages, Path(folder)))
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    asyncio.run(run(parser.parse_args().messages))


if __name__ == "__main__":
    main()
