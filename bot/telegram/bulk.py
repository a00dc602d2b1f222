"""/bulk: collect recipients (message lines or a .txt/.csv file) and a text, confirm, and run.

The list and the text may come together (message form, or a file with `/bulk text` as caption) or
the text may follow as the admin's next plain message in that chat (kept in memory for a while).
The confirmation stores the campaign (DRAFT) with every recipient; its buttons are
`bulk:send|cancel|resume:<id>`, each press answered, and pressing twice changes nothing.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass
from pathlib import PurePath

from telegram import CallbackQuery, Document, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.gateway.errors import GatewayError
from bot.i18n import Html, Texts
from bot.recipients import (
    FILE_SUFFIXES,
    MAX_FILE_BYTES,
    Recipients,
    RecipientsError,
    parse_file,
    parse_message,
)
from bot.service.bulk import BulkService
from bot.service.monitor import AccountMonitor
from bot.sms_text import measure
from bot.telegram import bulk_view as view
from bot.telegram.bulk_progress import ChatProgress
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.parsing import COMMAND, command_body

Context = ContextTypes.DEFAULT_TYPE
WAIT_FOR_TEXT = 15 * 60.0  # seconds a list waits for its text


@dataclass(frozen=True, slots=True)
class _Waiting:
    """A recipient list waiting for the admin's next plain message as its text."""

    recipients: Recipients
    until: float  # monotonic


class BulkHandlers:
    def __init__(
        self,
        texts: Texts,
        bulk: BulkService,
        monitor: AccountMonitor,
        notifier: TelegramNotifier,
    ) -> None:
        self._t = texts
        self._bulk = bulk
        self._monitor = monitor
        self._notifier = notifier
        self._waiting: dict[int, _Waiting] = {}  # by chat id

    async def command(self, update: Update, context: Context) -> None:
        """`/bulk` with numbers on the following lines, then a blank line and the text."""
        message = _message(update)
        recipients, text = parse_message(message.text or "")
        await self._collected(message, recipients, text)

    async def document(self, update: Update, context: Context) -> None:
        """A .txt/.csv list; its caption is `/bulk text`, the text alone, or empty."""
        message = _message(update)
        document = message.document
        assert document is not None  # the handler's filter
        caption = message.caption or ""
        if COMMAND.match(caption.lstrip()) and not _is_bulk(caption):
            await self._refuse(message, self._t("bulk.bad_caption"))
            return
        text = command_body(caption) if _is_bulk(caption) else caption.strip()
        try:
            content = await self._download(document)
            recipients = parse_file(document.file_name or "", content)
        except RecipientsError as error:
            await self._refuse(message, self._t(error.key, **error.values))
            return
        except TelegramError:
            await message.reply_text(self._t("bulk.download_failed"))
            return
        await self._collected(message, recipients, text)

    async def text(self, update: Update, context: Context) -> None:
        """A plain message: the text of a list waiting in this chat, else not ours."""
        message = _message(update)
        waiting = self._waiting.pop(message.chat_id, None)
        if waiting is None or waiting.until < time.monotonic():
            return
        await self._confirm(message, waiting.recipients, message.text or "")

    async def button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None  # the handler's type
        match = view.CALLBACK.match(query.data or "")
        if match is None or query.message is None:
            await query.answer(html.unescape(self._t("bulk.expired_button")))
            return
        action, campaign_id = match.group(1), int(match.group(2))
        if action == "cancel":
            await self._cancel(query, campaign_id)
            return
        sink = ChatProgress(
            context.bot, self._t, self._notifier,
            chat_id=query.message.chat.id, message_id=query.message.message_id,
        )
        start_run = self._bulk.send if action == "send" else self._bulk.resume
        start = await start_run(campaign_id, sink)
        if not start.started:
            await query.answer(view.already(self._t, campaign_id, start.status))
            return
        await self._bulk.note_message(campaign_id, query.message.message_id)
        await query.answer(html.unescape(self._t("bulk.started")))

    async def _cancel(self, query: CallbackQuery, campaign_id: int) -> None:
        was_running = self._bulk.running(campaign_id)
        result = await self._bulk.cancel(campaign_id)
        if not result.started:
            await query.answer(view.already(self._t, campaign_id, result.status))
            return
        await query.answer(html.unescape(self._t("bulk.cancelled", id=campaign_id)))
        if not was_running:  # a running campaign shows its end itself, when in-flight sends end
            await query.edit_message_text(self._t("bulk.cancelled", id=campaign_id))
            await self._notifier.campaign_delivery(campaign_id)

    async def _collected(self, message: Message, recipients: Recipients, text: str) -> None:
        if not recipients.numbers:
            await self._refuse(message, self._t("bulk.no_recipients"), recipients)
            return
        if text.strip():
            await self._confirm(message, recipients, text)
            return
        self._waiting[message.chat_id] = _Waiting(recipients, time.monotonic() + WAIT_FOR_TEXT)
        invalid = view.invalid_lines(self._t, list(recipients.invalid))
        await message.reply_text(self._t("bulk.ask_text", count=len(recipients.numbers)) + invalid)

    async def _confirm(self, message: Message, recipients: Recipients, text: str) -> None:
        assert message.from_user is not None
        size = measure(text)
        if size.parts == 0 or not text.strip():
            await message.reply_text(self._t("input.no_text"))
            return
        campaign = await self._bulk.create(
            user_id=message.from_user.id, chat_id=message.chat_id, text=text,
            recipients=recipients,
        )
        reply = await message.reply_text(
            view.confirmation(self._t, campaign, size, recipients.invalid, await self._credit()),
            reply_markup=view.keyboard(self._t, campaign.id, "send", "cancel"),
        )
        await self._bulk.note_message(campaign.id, reply.message_id)

    async def _credit(self) -> int | None:
        try:
            return (await self._monitor.read_balance()).credit
        except GatewayError:
            return None  # shown as unknown; the admin may still send

    async def _download(self, document: Document) -> bytes:
        """The file's bytes, refusing what is not .txt/.csv or too big before downloading."""
        name = document.file_name or ""
        if PurePath(name.lower()).suffix not in FILE_SUFFIXES:
            raise RecipientsError("bulk.bad_file")
        if (document.file_size or 0) > MAX_FILE_BYTES:
            raise RecipientsError("bulk.file_too_big", limit=MAX_FILE_BYTES // 1024)
        file = await document.get_file()
        return bytes(await file.download_as_bytearray())

    async def _refuse(
        self, message: Message, problem: Html, recipients: Recipients | None = None
    ) -> None:
        """The problem, the invalid lines if any, and the usage line."""
        lines = view.invalid_lines(self._t, list(recipients.invalid)) if recipients else ""
        await message.reply_text(problem + lines + "\n" + self._t("usage.bulk"))


def _is_bulk(text: str) -> bool:
    match = COMMAND.match(text.lstrip())
    return match is not None and match.group().split("@")[0].lower() == "/bulk"


def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message
