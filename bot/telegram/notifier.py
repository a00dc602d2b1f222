"""Turns what the service layer reports into outbox items, in the admin's language."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from telegram import InlineKeyboardMarkup

from bot.gateway.base import DeliveryState
from bot.gateway.errors import GatewayError
from bot.i18n import Html, Texts
from bot.service import drawing
from bot.service.bulk import Stalled
from bot.service.charts import Charts, campaign_outcome
from bot.service.results import CampaignResults
from bot.service.sending import COMMAND_LINE, SendReceipt
from bot.states import CampaignStatus, SendStatus
from bot.telegram import bulk_view, chart_view, results_view, schedule_view
from bot.telegram.contacts import block_reason
from bot.telegram.describe import describe_error
from storage import BlockedNumber, Campaign, Database, MessageRecord


class TelegramNotifier:
    def __init__(
        self,
        db: Database,
        texts: Texts,
        admin_ids: frozenset[int],
        charts: Charts,
        *,
        wake: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.time,
        results: CampaignResults | None = None,
    ) -> None:
        self._db = db
        self._results = results
        self._texts = texts
        self._admins = sorted(admin_ids)
        self._charts = charts
        self._wake = wake  # asks the outbox pump to run now rather than at its next tick
        self._clock = clock

    async def delivery_changed(self, record: MessageRecord, state: DeliveryState) -> None:
        await self._report(record, state, "report.delivery")

    async def tracking_ended(self, record: MessageRecord, state: DeliveryState) -> None:
        await self._report(record, state, "report.gave_up")

    async def _report(self, record: MessageRecord, state: DeliveryState, key: str) -> None:
        if record.campaign_id is not None:
            # Campaigns are summarised as a whole, not one chat message per recipient.
            await self.campaign_delivery(record.campaign_id)
            return
        text = self._texts(
            key, number=record.recipient, smsid=record.smsid or "",
            state=self._texts.delivery_state(state.code), code=state.code,
        )
        dedupe_key = f"{key}:{record.id}:{state.code}"
        if record.chat_id == COMMAND_LINE:
            await self.to_admins(text, dedupe_key=dedupe_key)
            return
        await self._db.outbox.enqueue(
            chat_id=record.chat_id, text=text,
            reply_to_message_id=record.confirmation_message_id or record.command_message_id,
            dedupe_key=dedupe_key, now=self._clock(),
        )
        self._wake()

    async def campaign_delivery(self, campaign_id: int) -> None:
        """One delivery summary per campaign, with its chart, once it has ended and none of its
        messages is followed any more (the dedupe key keeps it to one when the last checks race)."""
        dedupe_key = f"bulk.delivery:{campaign_id}"
        if await self._db.outbox.queued(dedupe_key):
            return  # summarised already: not drawn again
        campaign = await self._db.campaigns.get(campaign_id)
        if campaign is None or campaign.status not in (
            CampaignStatus.FINISHED, CampaignStatus.CANCELLED
        ):
            return
        if await self._db.campaigns.tracking_left(campaign_id):
            return
        counts = await self._db.messages.campaign_counts(campaign_id)
        codes = await self._db.messages.campaign_delivery_counts(campaign_id)
        if counts[SendStatus.SENDING] or not codes:
            return  # a send still finishing, or nothing was tracked (no smsid)
        outcome = campaign_outcome(counts, codes)
        text = bulk_view.delivery(self._texts, campaign_id, outcome)
        chart = await self._charts.draw(
            drawing.breakdown_png, chart_view.campaign_breakdown(self._texts, outcome)
        )
        markup = None
        if self._results is not None:
            failed = len((await self._results.results(campaign_id)).failed)
            markup = results_view.keyboard(self._texts, campaign_id, failed, file_button=True)
        await self.to_chat(
            campaign.chat_id, text, reply_to=campaign.progress_message_id, dedupe_key=dedupe_key,
            photo=chart, markup=markup,
        )

    async def campaign_stalled(self, item: Stalled) -> None:
        """After a restart: an unfinished campaign, with Resume and Cancel buttons; said once
        for as long as nothing changes (restarting again repeats nothing)."""
        campaign, tally = item.campaign, item.tally
        await self.to_chat(
            campaign.chat_id, bulk_view.stalled(self._texts, item),
            markup=bulk_view.keyboard(self._texts, campaign.id, "resume", "cancel"),
            dedupe_key=f"bulk.stalled:{campaign.id}:{tally.done}:{tally.remaining}",
        )

    async def to_chat(
        self,
        chat_id: int,
        text: str,
        *,
        reply_to: int | None = None,
        markup: InlineKeyboardMarkup | None = None,
        dedupe_key: str | None = None,
        confirms: int | None = None,
        photo: bytes | None = None,
    ) -> None:
        """Queue `text` for the chat; `confirms`: the message (row) whose send it confirms. With
        `photo` (PNG bytes), a photo with `text` as its caption."""
        await self._db.outbox.enqueue(
            chat_id=chat_id, text=text, reply_to_message_id=reply_to,
            markup=json.dumps(markup.to_dict()) if markup is not None else None,
            dedupe_key=dedupe_key, confirms_message_id=confirms, photo=photo, now=self._clock(),
        )
        self._wake()

    async def schedule_sent(self, record: MessageRecord, receipt: SendReceipt) -> None:
        key = "sched.sent_tracked" if receipt.tracked else "sched.sent_untracked"
        text = self._texts(key, number=record.recipient, smsid=receipt.smsid or "")
        await self._schedule_news(record, text, "sent")

    async def schedule_failed(self, record: MessageRecord, error: GatewayError) -> None:
        reason = describe_error(self._texts, error, sending=True)
        text = self._texts("sched.failed", number=record.recipient, reason=reason)
        await self._schedule_news(record, text, "failed")

    async def schedule_blocked(self, record: MessageRecord, entry: BlockedNumber | None) -> None:
        reason = block_reason(self._texts, entry) if entry is not None else ""
        text = self._texts("sched.blocked", number=record.recipient, reason=reason)
        if record.repeat_rule is not None:
            text = Html(text + self._texts("sched.blocked_series"))
        await self._schedule_news(record, text, "blocked")

    async def schedule_late(self, record: MessageRecord) -> None:
        series = record.series_id or record.id
        text = self._texts(
            "sched.late", id=series, number=record.recipient,
            moment=Html(self._texts.moment(record.scheduled_at or 0.0)),
        )
        await self.to_chat(
            record.chat_id, text, reply_to=record.confirmation_message_id,
            markup=schedule_view.keyboard(self._texts, series, "send", "cancel"),
            dedupe_key=f"sched.late:{record.id}",
        )

    async def campaign_late(self, campaign: Campaign) -> None:
        text = self._texts(
            "sched.late_campaign", id=campaign.id,
            moment=Html(self._texts.moment(campaign.due_at or 0.0)),
        )
        await self.to_chat(
            campaign.chat_id, text, reply_to=campaign.progress_message_id,
            markup=schedule_view.campaign_keyboard(self._texts, campaign.id),
            dedupe_key=f"sched.late_campaign:{campaign.id}",
        )

    async def _schedule_news(self, record: MessageRecord, text: str, what: str) -> None:
        await self.to_chat(
            record.chat_id, text, reply_to=record.confirmation_message_id,
            dedupe_key=f"sched.{what}:{record.id}",
        )

    async def low_credit(self, credit: int, threshold: int) -> None:
        await self.to_admins(self._texts("notice.low_credit", credit=credit, threshold=threshold))

    async def account_problem(self, error: GatewayError) -> None:
        reason = self._texts.gateway_reason(error)
        await self.to_admins(self._texts("notice.account", reason=reason, code=error.code))

    async def to_admins(
        self, text: str, *, dedupe_key: str | None = None, photo: bytes | None = None
    ) -> None:
        for admin in self._admins:
            key = f"{dedupe_key}:{admin}" if dedupe_key else None
            await self._db.outbox.enqueue(chat_id=admin, text=text, dedupe_key=key, photo=photo,
                                          now=self._clock())
        self._wake()
