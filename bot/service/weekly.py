"""The weekly report's figures: last week's days, the credit they used and what is left, and the
campaigns that started in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.calendars import local_day_bounds
from bot.gateway.errors import GatewayError
from bot.service.charts import Charts, DailySeries
from bot.service.monitor import AccountMonitor
from storage import Campaign, Database

WEEK = 7


@dataclass(frozen=True, slots=True)
class WeekFigures:
    series: DailySeries
    credit_left: int | None  # None: the gateway could not say
    campaigns: list[Campaign]


class WeeklyReports:
    def __init__(
        self, db: Database, charts: Charts, monitor: AccountMonitor, *, zone: ZoneInfo
    ) -> None:
        self._db = db
        self._charts = charts
        self._monitor = monitor
        self._zone = zone

    async def last_week(self) -> WeekFigures:
        """The seven days before today."""
        last = self._charts.today() - timedelta(days=1)
        series = await self._charts.daily(WEEK, last=last)
        since = local_day_bounds(series.days[0].day, self._zone)[0]
        until = local_day_bounds(last, self._zone)[1]
        try:
            credit: int | None = (await self._monitor.read_balance()).credit
        except GatewayError:
            credit = None
        return WeekFigures(series, credit, await self._db.campaigns.started_between(since, until))
