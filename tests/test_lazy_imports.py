"""What the bot does not load until it needs it: start-up time and idle memory depend on it."""

from __future__ import annotations

import subprocess
import sys

# Loaded on the first chart, the first workbook, the first scrape; each brings numpy or Pillow.
LATER = ("matplotlib", "openpyxl", "numpy", "PIL", "prometheus_client")


def test_starting_the_bot_loads_no_chart_spreadsheet_or_metrics_library() -> None:
    probe = (
        "import sys, bot.app, bot.cli, bot.sandbox\n"
        f"print(' '.join(name for name in {LATER!r} if name in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
