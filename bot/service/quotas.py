"""Daily quotas: a person's sends of a day (TIMEZONE's day) may not cross their quota in SMS
parts. Checked before anything is stored or sent; what counts is what costs credit or will
(queued, sending, sent, outcome unknown), not failures, cancellations or unsent drafts."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.calendars import local_day_bounds
from bot.service.team import Team
from storage import Campaign, Database


class QuotaExceeded(Exception):
    """Refused before the gateway: `needed` parts would cross the daily quota."""

    def __init__(self, *, needed: int, left: int, limit: int) -> None:
        super().__init__(f"needs {needed} parts, {left} of {limit} left today")
        self.needed = needed
        self.left = left
        self.limit = limit


class Quotas:
    def __init__(
        self, db: Database, team: Team, zone: ZoneInfo, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._db = db
        self._team = team
        self._zone = zone
        self._clock = clock

    async def check(self, user_id: int, parts: int) -> None:
        """Raise QuotaExceeded when `parts` more would cross the user's quota today."""
        limit = self._team.daily_parts(user_id)
        if not limit:
            return
        today = datetime.fromtimestamp(self._clock(), self._zone).date()
        since, until = local_day_bounds(today, self._zone)
        used = await self._db.team.parts_used(user_id, since=since, until=until)
        if used + parts > limit:
            raise QuotaExceeded(needed=parts, left=max(limit - used, 0), limit=limit)

    async def check_campaign(self, campaign: Campaign) -> None:
        """`check` for what the campaign has still to send, each recipient's own text counted."""
        await self.check(campaign.user_id, await self._db.campaigns.parts(campaign.id, waiting=True))
