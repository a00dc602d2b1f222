"""Access control, once, before every handler, for every kind of update.

A `TypeHandler` in group -1 sees messages, edits, button presses and documents alike and stops
everything that is not from an admin with `ApplicationHandlerStop`, so no handler (and so no gateway
call, no database row) is ever reached by anyone else. Commands that return files of customer
numbers and texts are stopped, with a refusal, outside the admin's private chat: a group's other
members must not receive them.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.i18n import Texts
from bot.typed import COMMAND

log = logging.getLogger(__name__)

# A stranger hammering the bot gets one refusal a minute, not one per message.
REFUSE_EVERY = 60.0
REMEMBERED_STRANGERS = 1024


class AdminGuard:
    def __init__(
        self, admin_ids: frozenset[int], texts: Texts, *, private_only: frozenset[str] = frozenset()
    ) -> None:
        self._admins = admin_ids
        self._texts = texts
        self._private_only = private_only  # command names
        self._refused_at: OrderedDict[int, float] = OrderedDict()

    def handler(self) -> TypeHandler[Update, ContextTypes.DEFAULT_TYPE, None]:
        return TypeHandler(Update, self.check)

    async def check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is not None and user.id in self._admins:
            await self._check_private(update, context)
            return
        user_id = user.id if user is not None else None
        log.info("refused update %s from user %s", update.update_id, user_id)
        if update.callback_query is not None:
            # Always answered (it only stops the button's spinner), never throttled.
            await update.callback_query.answer(self._texts("refusal.button"))
        elif user_id is not None and self._should_answer(user_id):
            await self._refuse(update, user_id)
        raise ApplicationHandlerStop

    async def _check_private(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.chat.type == ChatType.PRIVATE:
            return
        command = COMMAND.match(message.text or message.caption or "")
        if command is None:
            return
        name, _, bot = command.group()[1:].partition("@")
        if name.lower() in self._private_only and bot.lower() in ("", context.bot.username.lower()):
            await message.reply_text(self._texts("private_only"))
            raise ApplicationHandlerStop

    def _should_answer(self, user_id: int) -> bool:
        now = time.monotonic()
        last = self._refused_at.pop(user_id, None)
        self._refused_at[user_id] = now if last is None or now - last >= REFUSE_EVERY else last
        while len(self._refused_at) > REMEMBERED_STRANGERS:
            self._refused_at.popitem(last=False)
        return last is None or now - last >= REFUSE_EVERY

    async def _refuse(self, update: Update, user_id: int) -> None:
        text = self._texts("refusal", user_id=str(user_id))
        chat = update.effective_chat
        if chat is not None and chat.type == ChatType.PRIVATE and update.message is not None:
            await update.message.reply_text(text)
