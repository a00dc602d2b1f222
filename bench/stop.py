"""How long SIGTERM takes to end the bot while thousands of delivery checks are due.

The bot runs in its own process (`python -m bot`) against the fake Bot API and a simulator that
answers each request after `--latency` seconds; `--due` tracked messages are due for a check at the
start. Once the first checks reach the gateway, SIGTERM is sent and the time until the process has
exited is printed, with how many rows were checked and how many still wait (none half-done).

    .venv/bin/python -m bench.stop [--due 2000] [--latency 0.5]     (from the repository root)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from bot.simulator import Simulator, SimulatorConfig
from storage import Database
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import bot_environment
from tests.fixtures_storage import store_tracked

TARGET_S = 5.0


async def measure(due: int, latency: float) -> tuple[float, int, int]:
    """Seconds from SIGTERM to exit; rows checked, rows still due."""
    config = SimulatorConfig(latency=latency)
    async with FakeTelegram() as telegram, Simulator(config) as simulator:
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "bench.db"
            db = await Database.open(database)
            await store_tracked(db, [f"9{n:08d}" for n in range(due)])
            await db.close()
            environment = bot_environment(telegram, simulator, database)
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", env={**os.environ, **environment}, cwd=folder
            )
            await telegram.wait_for(lambda: _checks(simulator) >= 8, timeout=60)
            sent_at = time.perf_counter()
            bot.send_signal(signal.SIGTERM)
            await asyncio.wait_for(bot.wait(), 120)
            took = time.perf_counter() - sent_at
            db = await Database.open(database)
            rows = [record async for record in db.messages.iter_since(0)]
            await db.close()
    checked = sum(r.checks > 0 for r in rows)
    return took, checked, len(rows) - checked


def _checks(simulator: Simulator) -> int:
    return sum(r.operation == "smsdeliveryState" for r in simulator.requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    took, checked, waiting = asyncio.run(measure(args.due, args.latency))
    print(f"{args.due} checks due, gateway answering in {args.latency:.2f} s")
    print(f"SIGTERM -> exit: {took:.2f} s; rows checked {checked}, still due {waiting}")
    print(f"target < {TARGET_S:.0f} s: {'met' if took < TARGET_S else 'MISSED'}")


if __name__ == "__main__":
    main()
