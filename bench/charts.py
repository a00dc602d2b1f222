"""Drawing time of the /stats chart: a year of days (365 bars of three layers and the rate line),
in both languages, from figures to PNG bytes.

The first drawing of a process also imports matplotlib and loads its fonts: it is shown apart. The
figure to hold against the target is the median of the drawings after it, as /stats sees them
once the bot has drawn its first chart.

    .venv/bin/python -m bench.charts [--runs 9] [--days 365]      (from the repository root)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import Texts
from bot.service.charts import DailySeries, DayFigures
from bot.service.drawing import daily_png
from bot.telegram.chart_view import daily_bars

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--days", type=int, default=365)
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
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
