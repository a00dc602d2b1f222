"""Pure chart drawing: figures in, PNG bytes out. No database, no Telegram, no catalogue.

matplotlib is imported on the first drawing, not with this module: the bot starts without it.
Only the object-oriented API is used (a `Figure` and its Agg canvas, no pyplot): no global figure
state is shared between the worker threads that draw. Persian words need nothing here: matplotlib
(3.11 on) shapes text and orders it right to left itself.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

COLOURS = {"delivered": "#2e7d32", "sent": "#90caf9", "failed": "#c62828", "rate": "#6a1b9a"}
# The campaign chart's bars, in the order they are drawn (top to bottom).
BREAKDOWN_COLOURS = ("#2e7d32", "#ef6c00", "#8d6e63", "#9e9e9e", "#c62828")
_DPI = 100
_BAR_WIDTH = 0.85


@dataclass(frozen=True, slots=True)
class DailyBars:
    """One bar per day: what the stacked bars and the rate line show, with their labels."""

    days: Sequence[str]  # tick labels, already in the reader's calendar and digits
    sent: Sequence[int]  # accepted, no delivery report (yet)
    delivered: Sequence[int]
    failed: Sequence[int]  # refused by the gateway, not delivered or expired
    legend: Sequence[str]  # sent, delivered, failed, delivery rate
    percent: Sequence[str]  # the rate axis' ticks at 0, 25, 50, 75, 100 %
    number: Callable[[int], str] = str  # a count as the reader writes it (the count axis)


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A few labelled counts as horizontal bars (a campaign's outcome)."""

    labels: Sequence[str]
    counts: Sequence[int]
    numbers: Sequence[str]  # each count as the reader writes it



def daily_png(bars: DailyBars) -> bytes:
    """Stacked delivered / sent / failed bars per day, and the day's delivery rate as a line."""
    figure = _figure(width=9.0, height=4.2)
    axes = figure.add_subplot()
    positions = range(len(bars.days))
    bottom = [0] * len(bars.days)
    for name, values, label in (
        ("delivered", bars.delivered, bars.legend[1]),
        ("sent", bars.sent, bars.legend[0]),
        ("failed", bars.failed, bars.legend[2]),
    ):
        _stack(axes, bottom, values, color=COLOURS[name], label=label)
        bottom = [low + value for low, value in zip(bottom, values, strict=True)]
    axes.set_ylim(0, max(max(bottom, default=0), 1) * 1.05)
    _day_ticks(axes, bars.days)
    _count_ticks(axes, bars.number)
    rate = axes.twinx()
    rate.plot(positions, _rates(bars), color=COLOURS["rate"], marker="." if len(bars.days) <= 60
              else "", linewidth=1.5, label=bars.legend[3])
    rate.set_ylim(0, 105)
    rate.set_yticks([0, 25, 50, 75, 100], list(bars.percent))
    axes.set_xlim(-0.6, len(bars.days) - 0.4)
    handles, labels = axes.get_legend_handles_labels()
    line_handles, line_labels = rate.get_legend_handles_labels()
    axes.legend(handles + line_handles, labels + line_labels, loc="upper left", fontsize=8,
                ncols=4, frameon=False, bbox_to_anchor=(0, 1.12))
    return _png(figure)


def breakdown_png(breakdown: Breakdown) -> bytes:
    figure = _figure(width=5.0, height=2.4)
    axes = figure.add_subplot()
    rows = list(range(len(breakdown.counts)))[::-1]
    axes.barh(rows, breakdown.counts, color=BREAKDOWN_COLOURS[: len(rows)], height=0.7)
    axes.set_yticks(rows, list(breakdown.labels))
    top = max(breakdown.counts, default=0) or 1
    axes.set_xlim(0, top * 1.18)
    axes.set_xticks([])
    for row, count, number in zip(rows, breakdown.counts, breakdown.numbers, strict=True):
        axes.annotate(number, (count, row), xytext=(4, 0), textcoords="offset points",
                      va="center", fontsize=9)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    return _png(figure)


def _stack(axes: Axes, bottom: Sequence[int], values: Sequence[int], *, color: str,
           label: str) -> None:
    """One layer of the stacked bars as a single collection: a year of bars as patches one by
    one would take most of a second to lay out."""
    from matplotlib.collections import PolyCollection

    half = _BAR_WIDTH / 2
    boxes = [
        [(x - half, low), (x + half, low), (x + half, low + value), (x - half, low + value)]
        for x, (low, value) in enumerate(zip(bottom, values, strict=True))
        if value
    ]
    axes.add_collection(PolyCollection(boxes, facecolors=color, linewidths=0, label=label))


def _rates(bars: DailyBars) -> list[float]:
    """Delivered as a share of the day's bars, in percent; a day with none has no point."""
    rates = []
    for sent, delivered, failed in zip(bars.sent, bars.delivered, bars.failed, strict=True):
        total = sent + delivered + failed
        rates.append(100.0 * delivered / total if total else float("nan"))
    return rates


def _day_ticks(axes: Axes, days: Sequence[str]) -> None:
    """At most about fifteen day labels, the last day always among them."""
    step = max(1, -(-len(days) // 15))
    ticks = list(range(len(days) - 1, -1, -step))[::-1]
    axes.set_xticks(ticks, [days[tick] for tick in ticks], fontsize=8, rotation=45, ha="right")


def _count_ticks(axes: Axes, number: Callable[[int], str]) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axes.tick_params(axis="y", labelsize=8)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(round(value))))


def _figure(*, width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=_DPI, layout="constrained")
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")  # a PNG is drawn with Agg, whatever the backend
    return buffer.getvalue()
