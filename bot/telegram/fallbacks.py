"""Answers for what no other handler took: an unknown command, stray text, an unknown button."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import Texts
from bot.telegram.bulk_buttons import answer

Context = ContextTypes.DEFAULT_TYPE


class Fallbacks:
    def __init__(self, texts: Texts) -> None:
        self._t = texts

    async def command(self, update: Update, context: Context) -> None:
        message = update.message
        assert message is not None  # the handler's filter
        _, _, addressee = (message.text or "").split(maxsplit=1)[0].partition("@")
        if addressee and addressee.lower() != context.bot.username.lower():
            return  # a group command for another bot
        await message.reply_text(self._t("hint.unknown_command"))

    async def text(self, update: Update, context: Context) -> None:
        assert update.message is not None  # the handler's filter
        await update.message.reply_text(self._t("hint.stray_text"))

    async def button(self, update: Update, context: Context) -> None:
        """A button of an older version of the bot, or one whose purpose is gone."""
        assert update.callback_query is not None  # the handler's type
        await answer(update.callback_query, self._t.plain("bulk.expired_button"))
