"""10,000 schedules due in the same minute, sent by the due-time job at the campaign's pace.

Run: .venv/bin/python -m bench.schedules [--count 10000] [--latency 0.05] [--concurrency 8]
     (from the repository root)

ScheduleService is driven directly (no Telegram) on a real SQLite file, with a gateway that
only waits `latency` per send (bench.bulk_campaign.WaitingGateway) and counts what it got. It
prints: the time to store the schedules; what one pass of the due-time job costs while all of
them wait (none due: the partial index answers at once); then, all due within one minute, the
time to send them against the ideal of a campaign at that concurrency (count x latency /
concurrency) and how many texts reached the gateway more than once (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.bulk_campaign import WaitingGateway
from bench.simulator_process import SilentNotifier
from bot.gateway import SendResult
from bot.gateway.errors import GatewayError
from bot.service.bulk import BulkService, ProgressSink
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.schedules import ScheduleService
from bot.service.sending import SendReceipt, SendRequest, SendService
from storage import BlockedNumber, Campaign, Database, MessageRecord

ZONE = ZoneInfo("Asia/Tehran")


class CountingGateway(WaitingGateway):
    def __init__(self, latency: float) -> None:
        super().__init__(latency)
        self.texts: Counter[str] = Counter()

    async def send(self, recipient: str, text: str, *, flash: bool = False) -> SendResult:
        self.texts[text] += 1
        return await super().send(recipient, text, flash=flash)


class QuietSchedules:
    """Tells nobody: the benchmark measures the sending only."""

    async def schedule_sent(self, record: MessageRecord, receipt: SendReceipt) -> None:
        pass

    async def schedule_failed(self, record: MessageRecord, error: GatewayError) -> None:
        pass

    async def schedule_blocked(self, record: MessageRecord, entry: BlockedNumber | None) -> None:
        pass

    async def schedule_late(self, record: MessageRecord) -> None:
        pass

    async def campaign_late(self, campaign: Campaign) -> None:
        pass


def shift_due_times(database: Path, *, by: float) -> None:
    """Bring every due time `by` seconds earlier, as the clock would (another connection)."""
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE messages SET scheduled_at = scheduled_at - ?"
                     " WHERE status = 'scheduled'", (by,))


def no_sink(campaign: Campaign) -> ProgressSink:
    raise AssertionError("no campaign is scheduled in this benchmark")


async def run(folder: Path, count: int, latency: float, concurrency: int) -> None:
    db = await Database.open(folder / "schedules.db")
    gateway = CountingGateway(latency)
    monitor = AccountMonitor(db, gateway, SilentNotifier(), threshold=0)
    sender = SendService(db, gateway, monitor, TrackingPolicy(30, 1800, 48 * 3600))
    bulk = BulkService(db, sender, concurrency=concurrency)
    schedules = ScheduleService(db, sender, bulk, QuietSchedules(), zone=ZONE, grace=3600,
                                concurrency=concurrency)
    try:
        when = datetime.now(ZONE) + timedelta(hours=1)
        start = time.perf_counter()
        for n in range(count):
            request = SendRequest(recipient="09121234567", text=f"schedule {n}", user_id=1,
                                  chat_id=1)
            await schedules.schedule(request, when=when + timedelta(seconds=n * 59 / count))
        print(f"{count} schedules stored in {time.perf_counter() - start:.2f} s")

        start = time.perf_counter()
        handed = await schedules.run_due(no_sink)
        idle = time.perf_counter() - start
        print(f"one pass of the due-time job with {count} waiting, none due: "
              f"{idle * 1000:.2f} ms, {handed} sent")

        shift_due_times(folder / "schedules.db", by=when.timestamp() - (time.time() - 60))
        start = time.perf_counter()
        handed = await schedules.run_due(no_sink)
        total = time.perf_counter() - start
    finally:
        await schedules.aclose()
        await bulk.aclose()
        await monitor.aclose()
        await db.close()
    ideal = count * latency / concurrency
    twice = sum(1 for times in gateway.texts.values() if times > 1)
    print(f"all due within one minute: {handed} sent in {total:.2f} s at concurrency {concurrency}, "
          f"latency {latency * 1000:.0f} ms; a campaign's ideal {ideal:.2f} s, {total / ideal:.2f}x; "
          f"{len(gateway.texts)} distinct texts at the gateway, {twice} more than once")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--latency", type=float, default=0.05, help="gateway answer delay (s)")
    parser.add_argument("--concurrency", type=int, default=8, help="BULK_CONCURRENCY")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(Path(folder), args.count, args.latency, args.concurrency))


if __name__ == "__main__":
    main()
