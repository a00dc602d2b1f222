"""Campaign approvals in the chat: the request to each owner and admin (the campaign's
confirmation with Approve / Reject), and their presses. The first decision wins (the service
decides it in one statement); every request message then says who decided, and the operator is
told in the chat the campaign was made in, under its confirmation."""

from __future__ import annotations

import logging
import re
import time

from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.gateway.errors import GatewayError
from bot.i18n import Html, Texts, to_plain
from bot.service.approvals import Approvals, Decision, Gate
from bot.service.bulk import BulkService
from bot.service.monitor import AccountMonitor
from bot.service.quotas import QuotaExceeded, Quotas
from bot.service.results import CampaignResults
from bot.service.team import Role, Team
from bot.sms_text import measure
from bot.telegram import bulk_view as view
from bot.telegram.bulk_buttons import answer
from bot.telegram.bulk_progress import ChatProgress
from bot.telegram.notifier import TelegramNotifier
from storage import ApprovalState, Campaign, CampaignStatus

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
PATTERN = re.compile(r"^approval:(yes|no):(\d{1,18})$")


class ApprovalDesk:
    def __init__(
        self, texts: Texts, bulk: BulkService, approvals: Approvals, team: Team, quotas: Quotas,
        monitor: AccountMonitor, notifier: TelegramNotifier,
        results: CampaignResults | None = None,
    ) -> None:
        self._t = texts
        self._results = results  # an approved campaign's end sends its results file too
        self._bulk = bulk
        self._approvals = approvals
        self._team = team
        self._quotas = quotas
        self._monitor = monitor
        self._notifier = notifier

    async def gate(self, campaign: Campaign, role: Role) -> Gate:
        return await self._approvals.gate(campaign, role)

    def handler(self) -> CallbackQueryHandler[Context, None]:
        return CallbackQueryHandler(self.decided, pattern=PATTERN)

    async def ask(self, bot: Bot, query: CallbackQuery, campaign: Campaign) -> None:
        """The operator pressed Send on a campaign that needs approval: ask every approver."""
        try:
            await self._quotas.check_campaign(campaign)
        except QuotaExceeded as exceeded:
            await answer(query, to_plain(self.quota_text(exceeded)))
            return
        if not await self._approvals.request(campaign, by=query.from_user.id, now=time.time()):
            await answer(query, self._t.plain("approval.waiting", id=campaign.id))
            return
        text = Html(
            self._t("approval.request", id=campaign.id, who=self._who(query.from_user.id))
            + "\n\n" + view.confirmation(self._t, campaign, measure(campaign.text), (),
                                         await self._credit())
        )
        asked = 0
        for approver in self._team.approvers():
            try:
                sent = await bot.send_message(approver, text, reply_markup=self._keyboard(campaign.id))
            except TelegramError as error:  # they never opened a private chat with the bot
                log.warning("approval request not sent to %s: %s", approver, error)
                continue
            await self._approvals.note_message(campaign.id, approver, sent.message_id)
            asked += 1
        await answer(query, self._t.plain("approval.asked", id=campaign.id))
        try:  # Send is gone until someone decides; the operator may still cancel
            await query.edit_message_reply_markup(view.keyboard(self._t, campaign.id, "cancel"))
        except TelegramError as error:
            log.warning("send button not removed: %s", error)
        key = "approval.sent_to" if asked else "approval.nobody"
        await self._tell_operator(campaign, self._t(key, id=campaign.id, count=asked),
                                  f"approval.asked:{campaign.id}")

    async def decided(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and context.matches  # the handler's type and pattern
        approve, campaign_id = context.matches[0].group(1) == "yes", int(context.matches[0].group(2))
        campaign = await self._bulk.get(campaign_id)
        if campaign is None:
            await answer(query, self._t.plain("bulk.expired_button"))
            return
        if approve and not await self._startable(query, campaign):
            return
        decision = await self._approvals.decide(
            campaign, by=query.from_user.id, approve=approve, now=time.time()
        )
        if decision is None:
            await answer(query, self._t.plain("bulk.expired_button"))
            return
        verdict = self._verdict(campaign, decision)
        if not decision.won:
            await answer(query, to_plain(verdict))
            if isinstance(query.message, Message):  # this request's buttons are gone too
                await self._edit_message(
                    context.bot, query.message.chat.id, query.message.message_id, verdict
                )
            return
        await answer(query, to_plain(verdict))
        for chat_id, message_id in await self._approvals.messages(campaign_id):
            await self._edit_message(context.bot, chat_id, message_id, verdict)
        await self._tell_operator(campaign, verdict, f"approval.decided:{campaign_id}")
        if approve:
            await self._start(context.bot, campaign, query.from_user.id)

    async def _startable(self, query: CallbackQuery, campaign: Campaign) -> bool:
        """Before approving: still a draft waiting, and within its author's quota."""
        if campaign.status is not CampaignStatus.DRAFT:
            await answer(query, view.already(self._t, campaign.id, campaign.status))
            return False
        approval = await self._approvals.get(campaign.id)
        if approval is None or approval.state is not ApprovalState.PENDING:
            return True  # decided already (`decide` says by whom), or never asked
        try:
            await self._quotas.check_campaign(campaign)
        except QuotaExceeded as exceeded:
            await answer(query, to_plain(self.quota_text(exceeded)))
            return False
        return True

    async def _start(self, bot: Bot, campaign: Campaign, by: int) -> None:
        sink = ChatProgress(
            bot, self._t, self._notifier, chat_id=campaign.chat_id,
            message_id=campaign.progress_message_id or 0, results=self._results,
        )
        try:
            start = await self._bulk.send(campaign.id, sink, by=by)
        except QuotaExceeded as exceeded:
            await self._tell_operator(campaign, self.quota_text(exceeded),
                                      f"approval.quota:{campaign.id}")
            return
        if not start.moved:
            await self._tell_operator(
                campaign, Html(view.already(self._t, campaign.id, start.status)),
                f"approval.not_started:{campaign.id}",
            )

    def quota_text(self, exceeded: QuotaExceeded) -> Html:
        return self._t("quota.exceeded", needed=exceeded.needed, left=exceeded.left,
                       limit=exceeded.limit)

    def _verdict(self, campaign: Campaign, decision: Decision) -> Html:
        approval = decision.approval
        key = ("approval.approved" if approval.state is ApprovalState.APPROVED
               else "approval.rejected")
        who = self._who(approval.decided_by) if approval.decided_by is not None else ""
        return self._t(key, id=campaign.id, who=who, total=campaign.total)

    def _who(self, user_id: int) -> str:
        return self._team.name(user_id) or str(user_id)

    def _keyboard(self, campaign_id: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[
            InlineKeyboardButton(self._t.plain("approval.button_yes"),
                                 callback_data=f"approval:yes:{campaign_id}"),
            InlineKeyboardButton(self._t.plain("approval.button_no"),
                                 callback_data=f"approval:no:{campaign_id}"),
        ]])

    async def _tell_operator(self, campaign: Campaign, text: str, key: str) -> None:
        await self._notifier.to_chat(
            campaign.chat_id, text, reply_to=campaign.progress_message_id, dedupe_key=key
        )

    async def _edit_message(self, bot: Bot, chat_id: int, message_id: int, text: str) -> None:
        try:
            await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                        reply_markup=None)
        except TelegramError as error:
            log.warning("approval request not updated: %s", error)

    async def _credit(self) -> int | None:
        try:
            return (await self._monitor.read_balance()).credit
        except GatewayError:
            return None
