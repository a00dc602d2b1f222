"""The buttons under a campaign's results: the results file again, and "Resend to the N failed"
(a new campaign of those failures, with its own confirmation).

Both are the campaign author's (or an admin's), and the file, customer data, goes to a private
chat only: pressed in a group, it goes to the private chat of whoever pressed.
"""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import Texts
from bot.service.results import CampaignResults
from bot.service.team import may_handle
from bot.telegram.access import role_of
from bot.telegram.bulk import BulkConversation
from bot.telegram.results_view import send_results

Context = ContextTypes.DEFAULT_TYPE


class ResultHandlers:
    def __init__(self, texts: Texts, results: CampaignResults, bulk: BulkConversation) -> None:
        self._t = texts
        self._results = results
        self._bulk = bulk

    async def button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and context.matches  # the handler's type and pattern
        match = context.matches[0]
        message = query.message
        if not isinstance(message, Message):
            await query.answer(self._t.plain("bulk.expired_button"))
            return
        action, campaign_id = match.group(1), int(match.group(2))
        author = await self._results.author(campaign_id)
        if author is None:
            await query.answer(self._t.plain("results.expired"))
            return
        if not may_handle(role_of(context), query.from_user.id, author):
            await query.answer(self._t.plain("team.not_yours"))
            return
        if action == "file":
            await self._send_file(query, message, context, campaign_id)
            return
        plan = await self._results.resend_plan(campaign_id)
        if plan is None or not plan.messages:
            key = "results.expired" if plan is None else "results.nothing"
            await query.answer(self._t.plain(key))
            return
        await query.answer()
        await self._bulk.confirm_plan(message, query.from_user.id, plan)

    async def _send_file(
        self, query: CallbackQuery, message: Message, context: Context, campaign_id: int
    ) -> None:
        private = message.chat.type == ChatType.PRIVATE
        await query.answer(None if private else self._t.plain("results.file_in_private"))
        results = await self._results.results(campaign_id)
        await send_results(
            context.bot, self._t, results,
            chat_id=message.chat.id if private else query.from_user.id,
            reply_to=message.message_id if private else None,
        )
