"""Latency of /send: from the update leaving getUpdates to the gateway request reaching the gateway.

The real app (`python -m bot`, i.e. `bot.app.serve`) polls the fake Telegram Bot API and sends
through the real SOAP adapter to the simulator; both fakes answer at once. Each fake records its
own timestamp with time.perf_counter (CLOCK_MONOTONIC: comparable across processes on one
machine): the fake Telegram when its getUpdates answer hands the update out, the simulator when
the request arrives. Commands go one at a time (the next after the reply), so the figure is the
bot's own path: PTB dispatch, parsing, the write-ahead row in SQLite, zeep, HTTP.

By default the bot runs in its own process, as in production, where Telegram and the gateway do
not share its event loop. `--in-process` runs `serve` in this process beside both fakes instead
(their work then delays the bot's; an upper bound).

`--load` measures beside heavy jobs: 10,000 delivery checks due at the start and a 5,000-recipient
campaign running (the gateway answering each request after `--gateway-ms`), and prints how many
campaign sends and checks the gateway saw while the /send commands were measured.

    .venv/bin/python -m bench.latency [--count 200] [--in-process] [--load]   (from the repository root)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.app import serve
from bot.config import Settings
from bot.simulator import Simulator, SimulatorConfig
from storage import Database
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, bot_environment
from tests.fixtures_storage import store_tracked

TARGET_MS = 10.0
TARGET_P99_LOADED_MS = 100.0
LOAD_CHECKS = 10_000
LOAD_RECIPIENTS = 5_000


class TimedTelegram(FakeTelegram):
    """The fake Bot API, noting when each update is first handed out by getUpdates."""

    def __init__(self) -> None:
        super().__init__()
        self.handed_out: dict[int, float] = {}

    async def _get_updates(self, params: dict[str, Any], uploads: dict[str, Any]) -> list[Any]:
        updates = await super()._get_updates(params, uploads)
        now = time.perf_counter()
        for update in updates:
            self.handed_out.setdefault(update["update_id"], now)
        return updates


async def measure(
    count: int, *, in_process: bool, load: bool = False, gateway_ms: float = 0.0
) -> list[float]:
    """Milliseconds from getUpdates to the simulator, one per /send."""
    config = SimulatorConfig(credit=10**9, latency=gateway_ms / 1000)
    async with TimedTelegram() as telegram, Simulator(config) as simulator:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.db"
            if load:
                db = await Database.open(database)
                await store_tracked(db, [f"9{n:08d}" for n in range(LOAD_CHECKS)])
                await db.close()
            environment = bot_environment(telegram, simulator, database)
            if in_process:
                return await _with_bot_in_process(telegram, simulator, environment, count, load)
            return await _with_bot_process(telegram, simulator, environment, folder, count, load)


async def _start_campaign(telegram: TimedTelegram, simulator: Simulator) -> None:
    """A campaign to LOAD_RECIPIENTS numbers, started, its first sends at the gateway."""
    numbers = "\n".join(f"0912{n:07d}" for n in range(LOAD_RECIPIENTS)).encode()
    update = telegram.send_document(ADMIN, "numbers.txt", numbers, caption="/bulk load")
    message_id = update["message"]["message_id"]
    await telegram.wait_for(lambda: _reply(telegram, message_id) is not None, timeout=60)
    confirmation = _reply(telegram, message_id)
    assert confirmation is not None
    telegram.press_button(ADMIN, confirmation, "bulk:send:1")
    await telegram.wait_for(lambda: _load_seen(simulator)[0] >= 50, timeout=60)


def _reply(telegram: FakeTelegram, message_id: int) -> dict[str, Any] | None:
    for message in telegram.messages_in(ADMIN):
        if (message.get("reply_to_message") or {}).get("message_id") == message_id:
            return message
    return None


def _load_seen(simulator: Simulator) -> tuple[int, int]:
    """Campaign sends and delivery checks the gateway has seen so far."""
    sends = sum(r.fields.get("text") == "load" for r in simulator.requests)
    checks = sum(r.operation == "smsdeliveryState" for r in simulator.requests)
    return sends, checks


async def _measured(
    telegram: TimedTelegram, simulator: Simulator, count: int, load: bool
) -> list[float]:
    if load:
        await _start_campaign(telegram, simulator)
    before = _load_seen(simulator)
    latencies = [await _one_send(telegram, simulator, i) for i in range(count)]
    if load:
        after = _load_seen(simulator)
        print(f"during the measurement the gateway saw {after[0] - before[0]} campaign sends "
              f"and {after[1] - before[1]} delivery checks")
    return latencies


async def _with_bot_process(
    telegram: TimedTelegram, simulator: Simulator, environment: dict[str, str], folder: str,
    count: int, load: bool,
) -> list[float]:
    # cwd: an empty folder, so no .env file of the developer's is read.
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env={**os.environ, **environment}, cwd=folder
    )
    try:
        await telegram.wait_for(lambda: _started(telegram), timeout=30)
        return await _measured(telegram, simulator, count, load)
    finally:
        bot.send_signal(signal.SIGTERM)
        await asyncio.wait_for(bot.wait(), 30)


async def _with_bot_in_process(
    telegram: TimedTelegram, simulator: Simulator, environment: dict[str, str], count: int,
    load: bool,
) -> list[float]:
    values: dict[str, Any] = {name.lower(): value for name, value in environment.items()}
    settings = Settings(**values | {"_env_file": None})
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))
    try:
        await telegram.wait_for(lambda: _started(telegram), timeout=30)
        return await _measured(telegram, simulator, count, load)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


def _started(telegram: FakeTelegram) -> bool:
    return any("🟢" in m.get("text", "") for m in telegram.sent)


async def _one_send(telegram: TimedTelegram, simulator: Simulator, number: int) -> float:
    text = f"bench {number}"
    seen = len(telegram.sent)
    update = telegram.send_text(ADMIN, f"/send 09121234567 {text}", language_code="en")
    message_id = update["message"]["message_id"]

    def replied() -> bool:
        # Only the new messages: with --in-process this runs in the bot's loop; keep it cheap.
        return any(
            (m.get("reply_to_message") or {}).get("message_id") == message_id
            for m in telegram.sent[seen:]
        )

    await telegram.wait_for(replied, timeout=10)
    [request] = [r for r in simulator.requests if r.fields.get("text") == text]
    return (request.received_at - telegram.handed_out[update["update_id"]]) * 1000


def report(latencies: list[float], *, in_process: bool, load: bool = False) -> None:
    ordered = sorted(latencies)
    median = statistics.median(ordered)
    p90 = ordered[round(0.9 * (len(ordered) - 1))]
    p99 = ordered[round(0.99 * (len(ordered) - 1))]
    where = "in the fakes' process" if in_process else "in its own process"
    print(f"bot {where}; /send commands: {len(ordered)}")
    print(f"update -> gateway, ms: median {median:.2f}  p90 {p90:.2f}  p99 {p99:.2f}  "
          f"min {ordered[0]:.2f}  max {ordered[-1]:.2f}")
    if load:
        verdict = "met" if p99 < TARGET_P99_LOADED_MS else "MISSED"
        print(f"with {LOAD_CHECKS} checks due and a {LOAD_RECIPIENTS}-recipient campaign; "
              f"target p99 < {TARGET_P99_LOADED_MS:.0f} ms: {verdict}")
    else:
        verdict = "met" if median < TARGET_MS else "MISSED"
        print(f"target median < {TARGET_MS:.0f} ms: {verdict}")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--in-process", action="store_true")
    parser.add_argument("--load", action="store_true")
    parser.add_argument("--gateway-ms", type=float, default=0.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    latencies = asyncio.run(measure(
        args.count, in_process=args.in_process, load=args.load, gateway_ms=args.gateway_ms
    ))
    report(latencies, in_process=args.in_process, load=args.load)


if __name__ == "__main__":
    main()
