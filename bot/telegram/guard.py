"""Access control, once, before every handler, for every kind of update.

A `TypeHandler` in group -1 sees messages, edits, button presses and documents alike. It resolves
the sender's role (in memory: a stranger causes no database read or write) and stops with
`ApplicationHandlerStop` everything from a stranger, and everything whose command or button needs
a higher role (`access.COMMANDS`, `access.BUTTONS`), so no handler (and so no gateway call, no
database row) is reached. For the others the role goes into the update's `TeamContext`.
Commands that return files of customer numbers and texts are stopped, with a refusal, outside a
private chat: a group's other members must not receive them.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.i18n import Html, Texts, to_plain
from bot.service.team import Role, Team, at_least
from bot.telegram.access import TeamContext, command_of, needed_role

log = logging.getLogger(__name__)

# A stranger hammering the bot gets one refusal a minute, not one per message.
REFUSE_EVERY = 60.0
REMEMBERED_STRANGERS = 1024


class AccessGuard:
    def __init__(
        self, team: Team, texts: Texts, *, private_only: frozenset[str] = frozenset()
    ) -> None:
        self._team = team
        self._texts = texts
        self._private_only = private_only  # command names
        self._refused_at: OrderedDict[int, float] = OrderedDict()

    def handler(self) -> TypeHandler[Update, ContextTypes.DEFAULT_TYPE, None]:
        return TypeHandler(Update, self.check)

    async def check(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        role = self._team.role(user.id) if user is not None else None
        if user is None or role is None:
            await self._stranger(update)
            raise ApplicationHandlerStop
        if isinstance(context, TeamContext):
            context.role = role
        await self._team.seen(user.id, user.full_name)
        needed = needed_role(update, context.bot.username)
        if not at_least(role, needed):
            log.info("update %s from user %s (%s) needs %s", update.update_id, user.id, role,
                     needed)
            await self._refuse(update, self._texts("team.too_low", role=self._role(role),
                                                   needed=self._role(needed)))
            raise ApplicationHandlerStop
        if self._outside_private(update, context.bot.username):
            await self._refuse(update, self._texts("private_only"))
            raise ApplicationHandlerStop

    def _role(self, role: Role) -> str:
        return self._texts.plain(f"team.role.{role.value}")

    def _outside_private(self, update: Update, bot_username: str) -> bool:
        message, chat = update.message, update.effective_chat
        if message is None or chat is None or chat.type == ChatType.PRIVATE:
            return False
        return command_of(message, bot_username) in self._private_only

    async def _refuse(self, update: Update, text: Html) -> None:
        """A member asked for more than their role allows: told why, in the chat they asked in."""
        if update.callback_query is not None:
            await update.callback_query.answer(to_plain(text))
        elif update.message is not None:
            await update.message.reply_text(text)

    async def _stranger(self, update: Update) -> None:
        user = update.effective_user
        user_id = user.id if user is not None else None
        log.info("refused update %s from user %s", update.update_id, user_id)
        if update.callback_query is not None:
            # Always answered (it only stops the button's spinner), never throttled.
            await update.callback_query.answer(self._texts("refusal.button"))
        elif user_id is not None and self._should_answer(user_id):
            text = self._texts("refusal", user_id=str(user_id))
            chat = update.effective_chat
            if chat is not None and chat.type == ChatType.PRIVATE and update.message is not None:
                await update.message.reply_text(text)

    def _should_answer(self, user_id: int) -> bool:
        now = time.monotonic()
        last = self._refused_at.pop(user_id, None)
        self._refused_at[user_id] = now if last is None or now - last >= REFUSE_EVERY else last
        while len(self._refused_at) > REMEMBERED_STRANGERS:
            self._refused_at.popitem(last=False)
        return last is None or now - last >= REFUSE_EVERY
