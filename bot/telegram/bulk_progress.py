"""A running campaign in the chat: one message edited with its progress, then its end.

The service calls `progress` when a run starts and then every 2 seconds, so the progress message is
edited at most that often. A failed edit is only logged: progress is a view, the rows are the truth.
At the end the summary goes to the chat (through the outbox if Telegram refuses it right then) and
the failures follow as a CSV document: in that chat when it is the admin's private chat, else (a
group) in the private chat of the admin who ran the campaign, since the file holds customer numbers;
and so does the results file (every recipient) after it.
"""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardMarkup, InputFile, ReplyParameters
from telegram.error import BadRequest, TelegramError

from bot.i18n import Texts
from bot.service.bulk import CampaignEnd, Progress
from bot.service.results import CampaignResults
from bot.states import CampaignStatus
from bot.telegram import bulk_view as view
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.results_view import send_results

log = logging.getLogger(__name__)


class ChatProgress:
    def __init__(
        self, bot: Bot, texts: Texts, notifier: TelegramNotifier, *, chat_id: int, message_id: int,
        results: CampaignResults | None = None,
    ) -> None:
        self._bot = bot
        self._results = results
        self._texts = texts
        self._notifier = notifier
        self._chat_id = chat_id
        self._message_id = message_id

    async def progress(self, progress: Progress) -> None:
        cancel = view.keyboard(self._texts, progress.campaign_id, "cancel")
        await self._edit(view.progress(self._texts, progress), cancel)

    async def ended(self, end: CampaignEnd) -> None:
        campaign = end.campaign
        await self._edit(view.progress_ended(self._texts, end), None)
        if campaign.status is CampaignStatus.PAUSED:
            buttons = view.keyboard(self._texts, campaign.id, "resume", "cancel")
            key = f"bulk.paused:{campaign.id}:{end.tally.done}"  # a campaign may pause again
            await self._say(view.paused(self._texts, end), key, buttons)
            return
        # Outcome-unknown recipients are never resent by themselves: only on this explicit offer.
        offer = (
            view.resend_keyboard(self._texts, campaign.id, end.tally.unknown)
            if end.tally.unknown else None
        )
        summary_id = await self._say(
            view.summary(self._texts, end), f"bulk.summary:{campaign.id}", offer
        )
        if end.failures:
            await self._send_failures(end, summary_id)
        if self._results is not None:
            private = self._chat_id > 0  # the results hold customer numbers, as the failures do
            await send_results(
                self._bot, self._texts, await self._results.results(campaign.id),
                chat_id=self._chat_id if private else campaign.user_id,
                reply_to=(summary_id or self._message_id) if private else None,
            )
        await self._notifier.campaign_delivery(campaign.id)

    async def _edit(self, text: str, markup: InlineKeyboardMarkup | None) -> None:
        try:
            await self._bot.edit_message_text(
                text, chat_id=self._chat_id, message_id=self._message_id, reply_markup=markup
            )
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                log.warning("campaign progress not edited: %s", error)
        except TelegramError as error:
            log.warning("campaign progress not edited: %s", error)

    async def _say(
        self, text: str, key: str, markup: InlineKeyboardMarkup | None = None
    ) -> int | None:
        """Send now; if Telegram fails right now, the outbox delivers it later (once)."""
        try:
            message = await self._bot.send_message(
                self._chat_id, text, reply_parameters=self._reply(self._message_id),
                reply_markup=markup,
            )
        except TelegramError as error:
            log.warning("campaign message left to the outbox: %s", error)
            await self._notifier.to_chat(
                self._chat_id, text, reply_to=self._message_id, markup=markup, dedupe_key=key
            )
            return None
        return message.message_id

    async def _send_failures(self, end: CampaignEnd, reply_to: int | None) -> None:
        campaign_id = end.campaign.id
        document = InputFile(
            view.failures_csv(self._texts, end.failures),
            filename=self._texts.plain("bulk.failures_name", id=str(campaign_id)),
        )
        caption = self._texts("bulk.failures_file", id=campaign_id)
        try:
            # Telegram gives private chats the user's own (positive) id, groups negative ones.
            if self._chat_id > 0:
                await self._bot.send_document(
                    self._chat_id, document, caption=caption,
                    reply_parameters=self._reply(reply_to or self._message_id),
                )
            else:
                await self._bot.send_document(end.campaign.user_id, document, caption=caption)
        except TelegramError as error:
            log.warning("failures of campaign %s not sent: %s", campaign_id, error)

    @staticmethod
    def _reply(message_id: int) -> ReplyParameters:
        return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)
