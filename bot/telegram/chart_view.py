"""What the charts say in words: their labels, axes and captions, in the admin's language."""

from __future__ import annotations

from bot.calendars import format_day, short_day
from bot.i18n import STATE_KEYS, Html, Texts
from bot.service.charts import CampaignOutcome, DailySeries
from bot.service.drawing import Breakdown, DailyBars
from bot.service.weekly import WeekFigures
from bot.states import MessageState

_PERCENT_TICKS = (0, 25, 50, 75, 100)
WEEKLY_CAMPAIGNS = 10  # listed by name in the weekly report; the rest are counted
# The campaign chart's bars, top to bottom.
_OUTCOME_STATES = (
    MessageState.DELIVERED, MessageState.UNDELIVERED, MessageState.EXPIRED, MessageState.UNKNOWN,
    MessageState.FAILED,
)


def daily_bars(texts: Texts, series: DailySeries) -> DailyBars:
    return DailyBars(
        days=[short_day(day.day, texts.language) for day in series.days],
        sent=[day.sent for day in series.days],
        delivered=[day.delivered for day in series.days],
        failed=[day.failed for day in series.days],
        legend=[texts.plain(f"chart.{name}") for name in ("sent", "delivered", "failed", "rate")],
        percent=[texts.plain("chart.percent", n=tick) for tick in _PERCENT_TICKS],
        number=texts.number,
    )


def window_caption(texts: Texts, series: DailySeries) -> Html:
    totals = series.totals
    rate = (
        texts("chart.percent", n=round(100 * totals.rate)) if totals.rate is not None
        else texts("chart.rate_none")
    )
    return texts(
        "stats.window", days=len(series.days), first=format_day(series.days[0].day, texts.language),
        last=format_day(totals.day, texts.language), delivered=totals.delivered, sent=totals.sent,
        failed=totals.failed, rate=rate, parts=series.parts_used,
    )


def campaign_breakdown(texts: Texts, outcome: CampaignOutcome) -> Breakdown:
    counts = [
        outcome.delivered, outcome.undelivered, outcome.expired, outcome.unknown, outcome.failed
    ]
    return Breakdown(
        labels=[texts.plain(STATE_KEYS[state]) for state in _OUTCOME_STATES],
        counts=counts,
        numbers=[texts.number(count) for count in counts],
    )


def weekly_caption(texts: Texts, week: WeekFigures) -> Html:
    shown = week.campaigns[:WEEKLY_CAMPAIGNS]
    lines = [
        texts("weekly.campaign", id=campaign.id, total=campaign.total,
              status=texts(f"campaign.{campaign.status.value}"))
        for campaign in shown
    ]
    if len(week.campaigns) > len(shown):
        lines.append(texts("weekly.more", count=len(week.campaigns) - len(shown)))
    credit = week.credit_left if week.credit_left is not None else texts("notice.credit_unknown")
    return texts(
        "weekly.report", window=window_caption(texts, week.series), credit=credit,
        campaigns=Html("\n".join(lines)) if lines else texts("weekly.no_campaigns"),
    )
