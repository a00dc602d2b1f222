"""Drawing time of the /stats chart: a year of days (365 bars of three layers and the rate line),
in both languages, from figures to PNG bytes; and the time to read those figures from SQLite.

The first drawing of a process also imports matplotlib and loads its fonts: it is shown apart. The
figure to hold against the target is the median of the drawings after it, as /stats sees them
once the bot has drawn its first chart. The read is `Charts.daily` (one grouped query, and the
credit used) over a database holding `--per-day` messages on each of the days.

    .venv/bin/python -m bench.charts [--runs 9] [--days 365] [--per-day 1000]   (repository root)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.i18n import Texts
from bot.service.charts import Charts, DailySeries, DayFigures
from bot.service.drawing import daily_png
from bot.telegram.chart_view import daily_bars
from storage import Database, NewMessage

TARGET_S = 1.0
TEHRAN = ZoneInfo("Asia/Tehran")


def year(days: int) -> DailySeries:
    """Busy days: the drawing costs the same whatever the figures, as long as none is zero."""
    draw = random.Random(16)
    last = date(2026, 12, 1)
    return DailySeries(
        [
            DayFigures(last - timedelta(days=back), sent=draw.randint(1, 80),
                       delivered=draw.randint(1, 900), failed=draw.randint(1, 60))
            for back in range(days - 1, -1, -1)
        ],
        parts_used=0,
    )


def timed(language: str, series: DailySeries) -> tuple[float, int]:
    bars = daily_bars(Texts(language, TEHRAN), series)
    started = time.perf_counter()
    png = daily_png(bars)
    return time.perf_counter() - started, len(png)


async def read_time(days: int, per_day: int, runs: int) -> list[float]:
    message = NewMessage(
        recipient="09121234567", text="hello", parts=1, flash=False, scheduled_at=None,
        user_id=1, chat_id=1, command_message_id=None, transport="soap",
    )
    now = time.time()
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "charts.db")
        try:
            for back in range(days):
                await db.messages.create_many([message] * per_day, now=now - back * 86400)
            charts = Charts(db, zone=TEHRAN)
            seconds = []
            for _ in range(runs):
                started = time.perf_counter()
                await charts.daily(days)
                seconds.append(time.perf_counter() - started)
            return seconds
        finally:
            await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=1000)
    args = parser.parse_args()
    series = year(args.days)
    first, _ = timed("fa", series)
    print(f"first drawing of the process (imports matplotlib, loads fonts): {first:.3f} s")
    for language in ("en", "fa"):
        runs = [timed(language, series) for _ in range(args.runs)]
        seconds = sorted(run[0] for run in runs)
        median = statistics.median(seconds)
        verdict = "met" if median < TARGET_S else "MISSED"
        print(f"{language}: {args.days} days, {args.runs} drawings: median {median:.3f} s "
              f"(min {seconds[0]:.3f}, max {seconds[-1]:.3f}), PNG {runs[0][1] // 1024} KiB; "
              f"target < {TARGET_S} s: {verdict}")
    reads = sorted(asyncio.run(read_time(args.days, args.per_day, 3)))
    print(f"reading {args.days} days of {args.per_day:,} messages each from SQLite, 3 reads: "
          f"median {statistics.median(reads):.3f} s (min {reads[0]:.3f}, max {reads[-1]:.3f})")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
