"""A 5,000-recipient campaign through BulkService against a simulator answering after 50 ms.

Run: .venv/bin/python -m bench.bulk_campaign [--recipients 5000] [--latency 0.05] [--levels 8 32]
     [--rounds 3] [--stub] [--personal]      (from the repository root)

BulkService is driven directly (no Telegram), with a real SQLite file and the real SOAP gateway, in
an interpreter prepared as `serve` prepares the bot's (`bot.app.freeze_startup_heap`);
the simulator runs in its own process so it does not take this one's CPU. For each concurrency the
total time is compared with the ideal (recipients x latency / concurrency; target within 15%), and
CPU per send and peak memory (ru_maxrss, target < 150 MB) are printed. Each level runs `--rounds`
campaigns, each on a fresh database, and the median decides: on a shared 2-core machine single
runs move by several percent. With --stub the gateway only
waits `latency` per send (no HTTP, no SOAP): what BulkService and SQLite cost on their own.
With --personal every recipient gets its own text (`{name}` and `{code}` filled from its fields,
planned as /bulk plans it), so no two requests share a text (target within 10%).
Each level also times the physical limit of this machine: a minimal hand-written aiohttp client
(the library under the adapter) posting the same envelope the same number of times at the same
concurrency to the same simulator.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bench.adapter_throughput import ENVELOPE, HEADERS
from bench.simulator_process import SilentNotifier, simulator_process
from bot.app import freeze_startup_heap
from bot.config import GatewaySettings
from bot.gateway import Balance, DeliveryState, Gateway, SendResult, build_gateway
from bot.recipients import Recipients
from bot.service import audience
from bot.service.bulk import BulkService, CampaignEnd, Progress
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.sending import SendService
from storage import Database
from storage.checkpoint import INTERVAL as CHECKPOINT_EVERY

TIME_TARGET = 1.15
PERSONAL_TIME_TARGET = 1.10
MEMORY_TARGET_MB = 150
PERSONAL_TEXT = "سلام {name}، کد نوبت شما {code} است"

class Recorder:
    """A progress sink that keeps the last progress and the end."""

    def __init__(self) -> None:
        self.updates = 0
        self.end: CampaignEnd | None = None

    async def progress(self, progress: Progress) -> None:
        self.updates += 1

    async def ended(self, end: CampaignEnd) -> None:
        self.end = end


class WaitingGateway(Gateway):
    """Accepts every send after `latency` seconds, with a fresh smsid: no wire, no CPU."""

    transport = "soap"

    def __init__(self, latency: float) -> None:
        self._latency = latency
        self._ids = itertools.count(100_000_000)

    async def send(self, recipient: str, text: str, *, flash: bool = False) -> SendResult:
        await asyncio.sleep(self._latency)
        smsid = str(next(self._ids))
        return SendResult(smsid, smsid)

    async def send_at(self, *args: object, **kwargs: object) -> SendResult:
        raise NotImplementedError

    async def delivery_state(self, smsid: str) -> DeliveryState:
        raise NotImplementedError

    async def balance(self) -> Balance:
        return Balance(10**9, str(10**9))

    async def aclose(self) -> None:
        pass


def numbers(count: int) -> tuple[str, ...]:
    return tuple(f"0912{n:07d}" for n in range(count))


@dataclass(frozen=True)
class Mechanisms:
    """Which speed mechanisms a campaign runs with (all, as the bot does; `bench.ab` leaves one
    out at a time)."""

    reuse_shapes: bool = True
    batch_answers: bool = True
    checkpointer: bool = True
    freeze_heap: bool = True


@dataclass(frozen=True)
class Round:
    seconds: float  # from Send to the campaign's end
    cpu: float  # seconds of this process's CPU in that time


def personal_recipients(count: int) -> Recipients:
    """Numbers with fields that make every text different."""
    fields = tuple({"name": f"مشتری {n}", "code": str(100_000 + n)} for n in range(count))
    return Recipients(numbers(count), (), 0, fields)


async def campaign(
    soap_url: str | None, folder: Path, recipients: int, concurrency: int, latency: float,
    mechanisms: Mechanisms = Mechanisms(), *, personal: bool = False,
) -> Round:
    """One campaign at this concurrency; `soap_url` None means the waiting stub gateway."""
    db = await Database.open(
        folder / f"bulk-{concurrency}.db",
        checkpoint_every=CHECKPOINT_EVERY if mechanisms.checkpointer else None,
        batch_answers=mechanisms.batch_answers,
    )
    gateway = WaitingGateway(latency) if soap_url is None else build_gateway(
        GatewaySettings(  # type: ignore[call-arg]
            _env_file=None, sms_sandbox=True, sms_endpoint=soap_url, sms_timeout=30.0
        ),
        reuse_shapes=mechanisms.reuse_shapes,
    )
    monitor = AccountMonitor(db, gateway, SilentNotifier(), threshold=0)
    sender = SendService(db, gateway, monitor, TrackingPolicy(30, 1800, 48 * 3600))
    bulk = BulkService(db, sender, concurrency=concurrency)
    try:
        await gateway.send("09120000000", "warm-up")  # first connection
        if mechanisms.freeze_heap:
            freeze_startup_heap()
        created = time.perf_counter()
        if personal:
            plan = audience.plan(PERSONAL_TEXT, personal_recipients(recipients), set())
            draft = await bulk.create_plan(user_id=1, chat_id=1, plan=plan)
        else:
            draft = await bulk.create(
                user_id=1, chat_id=1, text="Bench campaign message",
                recipients=Recipients(numbers(recipients), (), 0),
            )
        stored = time.perf_counter() - created
        sink = Recorder()
        cpu_before = _cpu()
        start = time.perf_counter()
        await bulk.send(draft.id, sink)
        await bulk.join(draft.id)
        total = time.perf_counter() - start
        cpu = _cpu() - cpu_before
    finally:
        await bulk.aclose()
        await monitor.aclose()
        await gateway.aclose()
        await db.close()
    assert sink.end is not None
    tally = sink.end.tally
    ideal = recipients * latency / concurrency
    ratio = total / ideal
    print(
        f"  round at concurrency {concurrency}: {total:6.2f} s for {tally.sent} sent "
        f"({tally.failed} failed, {tally.unknown} unknown), ideal {ideal:5.2f} s, {ratio:.2f}x; "
        f"{recipients / total:.0f} sends/s, CPU {cpu / recipients * 1000:.2f} ms/send, "
        f"{sink.updates} progress updates, stored in {stored * 1000:.0f} ms"
    )
    return Round(total, cpu)


async def physical_limit(soap_url: str, recipients: int, concurrency: int) -> float:
    """Seconds a hand-written aiohttp client needs for the same sends (no zeep, no SQLite)."""
    pending = iter(range(recipients))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, raise_for_status=True) as client:

        async def post() -> None:
            async with client.post(soap_url, data=ENVELOPE, headers=HEADERS) as response:
                await response.read()

        async def worker() -> None:
            for _ in pending:
                await post()

        await post()

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - start


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--latency", type=float, default=0.05, help="simulator answer delay (s)")
    parser.add_argument("--levels", type=int, nargs="+", default=[8, 32], help="concurrencies")
    parser.add_argument("--rounds", type=int, default=3, help="campaigns per level (median)")
    parser.add_argument("--stub", action="store_true", help="a gateway that only waits")
    parser.add_argument("--personal", action="store_true", help="every recipient its own text")
    args = parser.parse_args()
    with simulator_process(args.latency) as simulator, tempfile.TemporaryDirectory() as folder:
        url = simulator.url
        soap_url = None if args.stub else url
        where = "stub gateway (waits only)" if args.stub else f"simulator (separate process) {url}"
        kind = "personal texts (all different)" if args.personal else "one text"
        target = PERSONAL_TIME_TARGET if args.personal else TIME_TARGET
        print(f"{where}, latency {args.latency * 1000:.0f} ms, {kind}")
        for concurrency in args.levels:
            ideal = args.recipients * args.latency / concurrency
            totals = [
                asyncio.run(campaign(soap_url, Path(folder) / f"round-{round_}", args.recipients,
                                     concurrency, args.latency, personal=args.personal)).seconds
                for round_ in range(args.rounds)
            ]
            ratio = statistics.median(totals) / ideal
            print(f"concurrency {concurrency:>2}: median {ratio:.2f}x ideal over {len(totals)} rounds "
                  f"({', '.join(f'{total / ideal:.2f}' for total in totals)}), "
                  f"target <= {target:.2f}x" + ("" if ratio <= target else "  MISSED"))
            if soap_url is not None:
                limit = asyncio.run(physical_limit(soap_url, args.recipients, concurrency))
                print(f"               physical limit (hand-written aiohttp client): {limit:6.2f} s, "
                      f"{limit / ideal:.2f}x ideal")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(f"peak memory (ru_maxrss): {peak:.0f} MB (target < {MEMORY_TARGET_MB} MB)"
          + ("" if peak < MEMORY_TARGET_MB else "  MISSED"))


if __name__ == "__main__":
    main()
