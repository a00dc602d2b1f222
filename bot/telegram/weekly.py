"""The weekly report (WEEKLY_REPORT): last week's chart to the owners, through the outbox."""

from __future__ import annotations

from bot.i18n import Texts
from bot.service import drawing
from bot.service.charts import Charts
from bot.service.weekly import WeeklyReports
from bot.telegram import chart_view
from bot.telegram.notifier import TelegramNotifier


class WeeklyReport:
    def __init__(
        self, texts: Texts, reports: WeeklyReports, charts: Charts, notifier: TelegramNotifier
    ) -> None:
        self._texts = texts
        self._reports = reports
        self._charts = charts
        self._notifier = notifier

    async def send(self) -> None:
        """Queue the report for every owner, once per week (a rerun of the job adds nothing)."""
        week = await self._reports.last_week()
        bars = chart_view.daily_bars(self._texts, week.series)
        chart = await self._charts.draw(drawing.daily_png, bars)
        await self._notifier.to_admins(
            chart_view.weekly_caption(self._texts, week), photo=chart,
            dedupe_key=f"weekly:{week.series.days[-1].day.isoformat()}",
        )
