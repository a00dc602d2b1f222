"""Cold start and idle memory of the bot: `python -m bot` in sandbox mode against the fake Telegram.

Cold start: from launching the interpreter to its first getUpdates reaching the fake Bot API
(imports, configuration, SQLite, the built-in simulator and the WSDL, PTB's start). Several runs,
each on a fresh database. Idle memory: VmRSS of /proc/<pid>/status once the bot has been
polling for a few seconds with nothing to do (VmHWM, the peak, shown beside it).

    .venv/bin/python -m bench.startup [--runs 5] [--idle 3]      (from the repository root)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.fake_telegram import FakeTelegram

ADMIN = 111
START_TARGET_S = 1.5
MEMORY_TARGET_MB = 100.0


@dataclass(frozen=True)
class Run:
    start_seconds: float
    start_cpu_seconds: float  # the bot's own CPU until then: a figure other load barely moves
    rss_mb: float
    peak_mb: float


def bot_environment(telegram: FakeTelegram, database: Path) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.base_url,
        "ADMIN_IDS": str(ADMIN),
        "SMS_SANDBOX": "true",
        "DATABASE_PATH": str(database),
        "LOG_LEVEL": "WARNING",
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024  # kB
    return fields["VmRSS"], fields["VmHWM"]


async def one_run(idle: float) -> Run:
    async with FakeTelegram() as telegram:
        with tempfile.TemporaryDirectory() as folder:
            environment = {**os.environ, **bot_environment(telegram, Path(folder) / "bot.db")}
            launched = time.perf_counter()
            # cwd: an empty folder, so no developer's .env is read.
            bot = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", env=environment, cwd=folder
            )
            try:
                await telegram.wait_for(lambda: bool(telegram.calls_to("getUpdates")), timeout=30)
                started = time.perf_counter() - launched
                cpu = cpu_seconds(bot.pid)
                await asyncio.sleep(idle)
                rss, peak = memory_mb(bot.pid)
            finally:
                bot.send_signal(signal.SIGTERM)
                await asyncio.wait_for(bot.wait(), 30)
    return Run(started, cpu, rss, peak)


def report(runs: list[Run]) -> None:
    starts = sorted(run.start_seconds for run in runs)
    cpu = statistics.median(run.start_cpu_seconds for run in runs)
    rss = statistics.median(run.rss_mb for run in runs)
    peak = statistics.median(run.peak_mb for run in runs)
    median = statistics.median(starts)
    print(f"cold start to first getUpdates, {len(runs)} runs: median {median:.2f} s"
          f"  (min {starts[0]:.2f}, max {starts[-1]:.2f}); the bot's CPU by then: {cpu:.2f} s")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"idle resident memory: VmRSS median {rss:.1f} MB (peak VmHWM {peak:.1f} MB)")
    start_verdict = "met" if median < START_TARGET_S else "MISSED"
    memory_verdict = "met" if rss < MEMORY_TARGET_MB else "MISSED"
    print(f"target start < {START_TARGET_S} s: {start_verdict}; "
          f"target RSS < {MEMORY_TARGET_MB:.0f} MB: {memory_verdict}")


async def run(runs: int, idle: float) -> list[Run]:
    await one_run(0.0)  # warm the OS file cache: "cold" is the interpreter, not the disk
    return [await one_run(idle) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle", type=float, default=3.0)
    args = parser.parse_args()
    report(asyncio.run(run(args.runs, args.idle)))


if __name__ == "__main__":
    main()
