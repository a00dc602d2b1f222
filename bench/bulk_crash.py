"""Kill -9 a running campaign at random points, restart and resume; count repeats and losses.

Run: .venv/bin/python bench/bulk_crash.py [--recipients 1000] [--kills 6] [--seed 1]

This process hosts the gateway simulator for the whole run (its record of accepted sends is the
truth) and creates the campaign in a SQLite file. Each round starts a campaign process (BulkService
with the real SOAP gateway, as the bot runs it at start-up: recover, then send or resume), waits
until the simulator has accepted a random number of further sends, and SIGKILLs it. A last process
runs the campaign to its end. Printed: duplicate sends (numbers the simulator accepted twice) and
lost recipients (rows left queued/sending, rows marked sent that the gateway never accepted, sends
accepted without a sent/unknown row): both must be 0. And the sends the gateway accepted whose answer a
kill cut off (outcome unknown): more than 0, or no kill landed while a request was in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bot.config import GatewaySettings
from bot.gateway import build_gateway
from bot.service.bulk import BulkService, CampaignEnd, Progress
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.sending import SendService
from bot.simulator import Simulator, SimulatorConfig
from storage import CampaignStatus, Database

CONCURRENCY = 16
LATENCY = 0.05  # seconds the simulator takes to answer: sends are in flight when killed


class Silent:
    async def progress(self, progress: Progress) -> None:
        pass

    async def ended(self, end: CampaignEnd) -> None:
        pass


async def run_campaign(database: Path, soap_url: str, campaign_id: int) -> None:
    """The campaign process: what the bot does at start-up, then send or resume to the end."""
    settings = GatewaySettings(  # type: ignore[call-arg]
        _env_file=None, sms_sandbox=True, sms_endpoint=soap_url, sms_timeout=30.0
    )
    db = await Database.open(database)
    gateway = build_gateway(settings)
    monitor = AccountMonitor(db, gateway, _Nobody(), threshold=0)
    sender = SendService(db, gateway, monitor, TrackingPolicy(30, 1800, 48 * 3600))
    bulk = BulkService(db, sender, concurrency=CONCURRENCY)
    try:
        await sender.recover()
        await bulk.stalled()
        campaign = await db.campaigns.get(campaign_id)
        assert campaign is not None
        if campaign.status is CampaignStatus.DRAFT:
            await bulk.send(campaign_id, Silent())
        else:
            await bulk.resume(campaign_id, Silent())
        await bulk.join(campaign_id)
    finally:
        await bulk.aclose()
        await monitor.aclose()
        await gateway.aclose()
        await db.close()


class _Nobody:
    async def delivery_changed(self, *args: object) -> None:
        pass

    async def tracking_ended(self, *args: object) -> None:
        pass

    async def low_credit(self, *args: object) -> None:
        pass

    async def account_problem(self, *args: object) -> None:
        pass


async def create_campaign(database: Path, recipients: list[str]) -> int:
    db = await Database.open(database)
    try:
        return await db.campaigns.create(
            user_id=1, chat_id=1, text="crash bench", flash=False, parts=1,
            recipients=recipients, invalid=0, duplicates=0, transport="soap", now=time.time(),
        )
    finally:
        await db.close()


async def start_process(database: Path, soap_url: str, campaign_id: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--child", str(database), soap_url, str(campaign_id),
    )


async def crash_rounds(args: argparse.Namespace, simulator: Simulator, database: Path) -> None:
    recipients = tuple(f"0935{n:07d}" for n in range(args.recipients))
    campaign_id = await create_campaign(database, list(recipients))
    # Kill when the simulator has accepted this many sends in all: random, distinct, increasing.
    points = sorted(random.Random(args.seed).sample(range(1, args.recipients), args.kills))
    for round_number, point in enumerate(points, start=1):
        process = await start_process(database, simulator.soap_url, campaign_id)
        # Polled: the simulator's record has no event to wait on.
        while len(simulator.sent) < point and process.returncode is None:  # noqa: ASYNC110
            await asyncio.sleep(0.002)
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)
        await process.wait()
        print(f"round {round_number}: SIGKILL at {len(simulator.sent)} accepted sends "
              f"(aimed at {point})")
    process = await start_process(database, simulator.soap_url, campaign_id)
    await process.wait()
    print(f"final run: exit code {process.returncode}, {len(simulator.sent)} accepted sends in all")
    report(recipients, simulator, database)


def report(recipients: tuple[str, ...], simulator: Simulator, database: Path) -> None:
    accepted = Counter(message.mobileno for message in simulator.sent)
    with sqlite3.connect(database) as conn:
        rows = dict(conn.execute("SELECT recipient, status FROM messages").fetchall())
    duplicates = sum(count - 1 for count in accepted.values() if count > 1)
    unfinished = [n for n in recipients if rows.get(n) in (None, "queued", "sending")]
    sent_not_accepted = [n for n, status in rows.items() if status == "sent" and n not in accepted]
    accepted_unrecorded = [n for n in accepted if rows.get(n) not in ("sent", "unknown")]
    lost = len(unfinished) + len(sent_not_accepted) + len(accepted_unrecorded)
    statuses = Counter(rows.values())
    never_left = sum(1 for n, status in rows.items() if status == "unknown" and n not in accepted)
    in_flight = sum(1 for n, status in rows.items() if status == "unknown" and n in accepted)
    print(f"rows: {dict(statuses)}; outcome unknown that never reached the gateway: {never_left}")
    print(f"accepted but unanswered at a kill (outcome unknown): {in_flight} (must be > 0: "
          "else no kill landed while a request was in flight, and the run proves nothing)")
    print(f"duplicate sends: {duplicates} (must be 0)")
    print(f"lost recipients: {lost} (must be 0: {len(unfinished)} unfinished, "
          f"{len(sent_not_accepted)} sent but not accepted, {len(accepted_unrecorded)} accepted "
          "but not on record)")


async def bench(args: argparse.Namespace) -> None:
    config = SimulatorConfig(credit=10**9, latency=LATENCY)
    async with Simulator(config) as simulator:
        with tempfile.TemporaryDirectory() as folder:
            await crash_rounds(args, simulator, Path(folder) / "crash.db")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        database, soap_url, campaign_id = sys.argv[2:5]
        asyncio.run(run_campaign(Path(database), soap_url, int(campaign_id)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
