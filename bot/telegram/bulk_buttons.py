"""A campaign's buttons: Send, Resume, Cancel, and Resend the outcome-unknown ones.

One `CallbackQueryHandler` per action, its pattern in `bulk_view.PATTERNS`; the campaign id is
read once from `context.matches`. Every press is answered, and pressing twice changes nothing.
An answer Telegram refuses is only logged: the press has done its work (a campaign started is
running), and saying "something went wrong" then would invite a second campaign.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import CallbackQuery, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.gateway.errors import GatewayError
from bot.i18n import Texts, to_plain
from bot.service.approvals import Gate
from bot.service.bulk import BulkService, Transition
from bot.service.monitor import AccountMonitor
from bot.service.quotas import QuotaExceeded
from bot.service.results import CampaignResults
from bot.service.team import may_handle
from bot.sms_text import measure
from bot.telegram import bulk_view as view
from bot.telegram.access import role_of
from bot.telegram.bulk_progress import ChatProgress
from bot.telegram.notifier import TelegramNotifier
from storage import CampaignStatus

if TYPE_CHECKING:
    from bot.telegram.approvals import ApprovalDesk

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE


class BulkButtons:
    def __init__(
        self, texts: Texts, bulk: BulkService, monitor: AccountMonitor, notifier: TelegramNotifier,
        desk: ApprovalDesk, results: CampaignResults | None = None,
    ) -> None:
        self._t = texts
        self._results = results
        self._bulk = bulk
        self._monitor = monitor
        self._notifier = notifier
        self._desk = desk  # an operator's large campaign waits for an approval

    def handlers(self) -> list[CallbackQueryHandler[Context, None]]:
        callbacks = {
            "send": self.send, "resume": self.resume, "cancel": self.cancel,
            "unknown": self.resend_unknown,
        }
        return [
            CallbackQueryHandler(callbacks[action], pattern=pattern)
            for action, pattern in view.PATTERNS.items()
        ]

    async def send(self, update: Update, context: Context) -> None:
        pressed = await _pressed(update, context, self._t)
        if pressed is None:
            return
        query, message, campaign_id = pressed
        if not await self._may_send(query, context, campaign_id):
            return
        try:
            start = await self._bulk.send(
                campaign_id, self._sink(context, message), by=query.from_user.id
            )
        except QuotaExceeded as exceeded:
            await answer(query, to_plain(self._desk.quota_text(exceeded)))
            return
        if start.expired:
            await answer(query, self._t.plain("bulk.draft_expired", id=campaign_id))
            await drop_buttons(query)
            return
        await self._started(query, message, campaign_id, start)

    async def resume(self, update: Update, context: Context) -> None:
        pressed = await self._own_press(update, context)
        if pressed is None:
            return
        query, message, campaign_id = pressed
        start = await self._bulk.resume(
            campaign_id, self._sink(context, message), by=query.from_user.id
        )
        await self._started(query, message, campaign_id, start)

    async def cancel(self, update: Update, context: Context) -> None:
        pressed = await self._own_press(update, context)
        if pressed is None:
            return
        query, _, campaign_id = pressed
        was_running = self._bulk.running(campaign_id)
        result = await self._bulk.cancel(campaign_id, by=query.from_user.id)
        if not result.moved:
            await answer(query, view.already(self._t, campaign_id, result.status))
            return
        await answer(query, self._t.plain("bulk.cancelled", id=campaign_id))
        if not was_running:  # a running campaign shows its end itself, when in-flight sends end
            await query.edit_message_text(self._t("bulk.cancelled", id=campaign_id))
            await self._notifier.campaign_delivery(campaign_id)

    async def resend_unknown(self, update: Update, context: Context) -> None:
        """The second confirmation: a new campaign of the outcome-unknown recipients, shown
        with its own Send button (a second press shows the same campaign again)."""
        pressed = await self._own_press(update, context)
        if pressed is None:
            return
        query, message, campaign_id = pressed
        campaign = await self._bulk.resend_unknown(campaign_id)
        if campaign is None:
            await answer(query, self._t.plain("bulk.expired_button"))
            return
        await answer(query)
        text = view.resend_confirmation(
            self._t, campaign, measure(campaign.text), await self._credit()
        )
        reply = await message.reply_text(
            text, reply_markup=view.keyboard(self._t, campaign.id, "send", "cancel")
        )
        await self._bulk.note_message(campaign.id, reply.message_id)

    async def _may_send(self, query: CallbackQuery, context: Context, campaign_id: int) -> bool:
        """Whether this Send press starts the campaign now; if it needs an approval first, the
        request goes out (or the press is told it waits) instead."""
        campaign = await self._bulk.get(campaign_id)
        if campaign is None or campaign.status is not CampaignStatus.DRAFT:
            return True  # the service answers: no such campaign, or already started
        if not await self._theirs(query, context, campaign_id):
            return False
        gate = await self._desk.gate(campaign, role_of(context))
        if gate is Gate.ASK:
            await self._desk.ask(context.bot, query, campaign)
        elif gate is not Gate.GO:
            await answer(query, self._t.plain(f"approval.gate.{gate.value}", id=campaign_id))
        return gate is Gate.GO

    async def _own_press(
        self, update: Update, context: Context
    ) -> tuple[CallbackQuery, Message, int] | None:
        """The press (as `_pressed`), or None (answered) when an operator presses another's."""
        pressed = await _pressed(update, context, self._t)
        if pressed is None or not await self._theirs(pressed[0], context, pressed[2]):
            return None
        return pressed

    async def _theirs(self, query: CallbackQuery, context: Context, campaign_id: int) -> bool:
        """An operator acts only on their own campaigns (in a group they see others')."""
        campaign = await self._bulk.get(campaign_id)
        if campaign is None or may_handle(role_of(context), query.from_user.id, campaign.user_id):
            return True
        await answer(query, self._t.plain("team.not_yours"))
        return False

    async def _started(
        self, query: CallbackQuery, message: Message, campaign_id: int, start: Transition
    ) -> None:
        if not start.moved:
            await answer(query, view.already(self._t, campaign_id, start.status))
            return
        await self._bulk.note_message(campaign_id, message.message_id)
        await answer(query, self._t.plain("bulk.started"))

    def _sink(self, context: Context, message: Message) -> ChatProgress:
        return ChatProgress(
            context.bot, self._t, self._notifier,
            chat_id=message.chat.id, message_id=message.message_id, results=self._results,
        )

    async def _credit(self) -> int | None:
        try:
            return (await self._monitor.read_balance()).credit
        except GatewayError:
            return None  # shown as unknown; the admin may still send


async def answer(query: CallbackQuery, text: str | None = None) -> None:
    """Answer a press; a refusal by Telegram only stops the spinner late, so it is only logged."""
    try:
        await query.answer(text)
    except TelegramError as error:
        log.warning("button press not answered: %s", error)


async def drop_buttons(query: CallbackQuery) -> None:
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError as error:
        log.warning("buttons not removed: %s", error)


async def _pressed(
    update: Update, context: Context, texts: Texts
) -> tuple[CallbackQuery, Message, int] | None:
    """The press, the message its button is on, and the campaign id from the pattern; None
    (the press answered) when Telegram no longer gives the message (too old)."""
    query = update.callback_query
    assert query is not None and context.matches  # the handler's type and pattern
    if not isinstance(query.message, Message):
        await answer(query, texts.plain("bulk.expired_button"))
        return None
    return query, query.message, int(context.matches[0].group(1))
