"""The single-message commands: /send /flash /schedule /balance /status /history /help.

A send of more than SEND_CONFIRM_PARTS parts first asks for a press of a button
(`send:confirm:<command message id>`): nothing is stored before it. The press runs the command
message it replies to, once (a second press finds the command already handled).

Every reply about a send that was recorded (its confirmation, or why it failed) goes through the
outbox when Telegram refuses it right then, so it arrives later: an admin who saw "something went
wrong" instead would send again.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes

from bot.gateway.errors import GatewayError
from bot.i18n import Html, Texts
from bot.placeholders import fill
from bot.service.contacts import ContactBook, UnknownTemplate
from bot.service.monitor import AccountMonitor
from bot.service.quotas import QuotaExceeded
from bot.service.reports import Reports
from bot.service.sending import (
    AlreadyHandled,
    Blocked,
    EmptyText,
    SendReceipt,
    SendRequest,
    SendService,
)
from bot.service.team import Role, at_least, may_handle
from bot.service.tracking import DeliveryTracker
from bot.sms_text import TextMeasure, measure
from bot.telegram.access import role_of
from bot.telegram.audience_view import BRACES
from bot.telegram.bulk_buttons import answer, drop_buttons
from bot.telegram.contacts import block_reason
from bot.telegram.describe import describe_error, describe_size, record_state_key
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.parsing import (
    ParseError,
    command_body,
    is_repeat,
    parse_history,
    parse_schedule,
    parse_send,
    parse_smsid,
)
from bot.telegram.schedules import ScheduleHandlers
from bot.telegram.updates import message_of
from storage import MessageRecord, SendStatus

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
CONFIRM_PATTERN = re.compile(r"^send:confirm:(\d{1,18})$")
SEND_COMMANDS = ("send", "flash", "schedule")
# How much of each message's text a /history line shows.
SNIPPET_CHARACTERS = 30


class Commands:
    def __init__(
        self,
        texts: Texts,
        sender: SendService,
        monitor: AccountMonitor,
        tracker: DeliveryTracker,
        reports: Reports,
        notifier: TelegramNotifier,
        book: ContactBook,
        *,
        confirm_parts: int,
        held: ScheduleHandlers | None = None,
    ) -> None:
        self._t = texts
        self._sender = sender
        self._monitor = monitor
        self._tracker = tracker
        self._reports = reports
        self._notifier = notifier
        self._confirm_parts = confirm_parts
        self._held = held  # schedules the bot holds (SCHEDULE_MODE=bot); None: the gateway's
        self._book = book

    async def help(self, update: Update, context: Context) -> None:
        team = self._t("help.team") if at_least(role_of(context), Role.ADMIN) else ""
        await message_of(update).reply_text(self._t("help") + team)

    async def send(self, update: Update, context: Context) -> None:
        await self._send(message_of(update), flash=False, usage="usage.send")

    async def flash(self, update: Update, context: Context) -> None:
        await self._send(message_of(update), flash=True, usage="usage.flash")

    async def schedule(self, update: Update, context: Context) -> None:
        await self._schedule(message_of(update))

    def confirm_handler(self) -> CallbackQueryHandler[Context, None]:
        return CallbackQueryHandler(self.confirmed, pattern=CONFIRM_PATTERN)

    async def confirmed(self, update: Update, context: Context) -> None:
        """The Send press under a long text's confirmation: run the command it replies to."""
        query = update.callback_query
        assert query is not None and context.matches  # the handler's type and pattern
        asked = query.message if isinstance(query.message, Message) else None
        command = asked.reply_to_message if asked is not None else None
        if command is None or command.message_id != int(context.matches[0].group(1)):
            await answer(query, self._t.plain("send.confirm_expired"))
            return
        author = command.from_user.id if command.from_user is not None else 0
        if not may_handle(role_of(context), query.from_user.id, author):
            await answer(query, self._t.plain("team.not_yours"))
            return
        await answer(query)
        await drop_buttons(query)
        name = (command.text or "").split(maxsplit=1)[0].split("@")[0].lstrip("/").lower()
        if name == "schedule":
            await self._schedule(command, confirmed=True)
        elif name in SEND_COMMANDS:
            await self._send(command, flash=name == "flash", usage=f"usage.{name}", confirmed=True)

    async def _schedule(self, message: Message, *, confirmed: bool = False) -> None:
        """SCHEDULE_MODE=bot: stored, sent when due (`held`); gateway: SendSMSWithTime."""
        if self._held is not None:
            await self._held.schedule(
                message, confirm=None if confirmed else self._asked_to_confirm, prepare=self._text
            )
            return
        if is_repeat(command_body(message.text or "")):
            await message.reply_text(self._t("sched.gateway_repeat"))
            return
        try:
            when, number, text = parse_schedule(
                command_body(message.text or ""), now=datetime.now(self._t.zone), zone=self._t.zone
            )
        except ParseError as error:
            await self._refuse(message, error, "usage.schedule")
            return
        ready = await self._ready_text(message, number, text, confirmed=confirmed)
        if ready is None:
            return
        receipt = await self._submit(message, number, ready, flash=False, when=when)
        if receipt is not None:
            reply = self._t(
                "sent.scheduled", moment=Html(self._t.moment(when)), number=number,
                parts=self._parts(receipt),
            )
            await self._confirm(message, receipt, reply)

    async def _send(
        self, message: Message, *, flash: bool, usage: str, confirmed: bool = False
    ) -> None:
        try:
            number, text = parse_send(command_body(message.text or ""))
        except ParseError as error:
            await self._refuse(message, error, usage)
            return
        ready = await self._ready_text(message, number, text, confirmed=confirmed)
        if ready is None:
            return
        receipt = await self._submit(message, number, ready, flash=flash)
        if receipt is None:
            return
        kind = self._t("kind.flash" if flash else "kind.sms")
        if receipt.tracked:
            reply = self._t(
                "sent.tracked", kind=kind, number=number, parts=self._parts(receipt),
                smsid=receipt.smsid or "",
            )
        else:
            reply = self._t(
                "sent.untracked", kind=kind, number=number, parts=self._parts(receipt),
                transport=self._t(f"transport.{self._sender.transport}"),
            )
        await self._confirm(message, receipt, reply)

    async def _ready_text(
        self, message: Message, number: str, text: str, *, confirmed: bool
    ) -> str | None:
        """The text to send (a template resolved), or None when the admin was answered instead:
        a refused template, or a long text that now waits for its confirmation press."""
        resolved = await self._text(message, text)
        if resolved is None:
            return None
        if not confirmed and await self._asked_to_confirm(message, number, resolved):
            return None
        return resolved

    async def _submit(
        self, message: Message, number: str, text: str, *, flash: bool,
        when: datetime | None = None,
    ) -> SendReceipt | None:
        assert message.from_user is not None
        request = SendRequest(
            recipient=number, text=text, user_id=message.from_user.id, chat_id=message.chat_id,
            command_message_id=message.message_id, flash=flash, when=when,
        )
        try:
            return await self._sender.send(request)
        except EmptyText:
            await message.reply_text(self._t("input.no_text"))
        except QuotaExceeded as exceeded:  # nothing recorded, nothing sent
            await message.reply_text(self._t(
                "quota.exceeded", needed=exceeded.needed, left=exceeded.left, limit=exceeded.limit
            ))
        except AlreadyHandled as done:
            state = self._t(record_state_key(done.record))
            await message.reply_text(
                self._t("input.already_handled", number=done.record.recipient, state=state)
            )
        except Blocked as blocked:  # nothing recorded
            reason = block_reason(self._t, blocked.entry)
            await message.reply_text(self._t("block.refused", number=number, reason=reason))
        except GatewayError as error:  # recorded: the answer must arrive
            await self._say(message, describe_error(self._t, error, sending=True, number=number))
        return None

    async def _text(self, message: Message, text: str) -> str | None:
        """The text to send: a saved template's (`#name`, its placeholders' defaults filled)
        or as typed; None when refused (already answered)."""
        try:
            template = await self._book.resolve(text)
        except UnknownTemplate as unknown:
            await message.reply_text(self._t("template.unknown", name=unknown.name))
            return None
        if template is None:
            return text
        filled = fill(template, {})
        if filled.missing:
            fields = ", ".join(filled.missing)
            await message.reply_text(self._t("template.needs_fields", fields=fields, **BRACES))
            return None
        return filled.text

    async def _asked_to_confirm(self, message: Message, number: str, text: str) -> bool:
        """A text of more than `confirm_parts` parts: ask first (nothing stored), True."""
        size = measure(text)
        if size.parts <= self._confirm_parts:
            return False
        try:
            credit: object = (await self._monitor.read_balance()).credit
        except GatewayError:
            credit = self._t("notice.credit_unknown")
        button = InlineKeyboardButton(
            self._t.plain("send.button_confirm", count=size.parts),
            callback_data=f"send:confirm:{message.message_id}",
        )
        await message.reply_text(
            self._t("send.confirm_long", parts=self._parts_of(size), number=number,
                    needed=size.parts, credit=credit),
            reply_markup=InlineKeyboardMarkup([[button]]),
        )
        return True

    async def _confirm(self, message: Message, receipt: SendReceipt, reply: str) -> None:
        confirmation = await self._say(message, reply, confirms=receipt.message_id)
        if confirmation is not None:
            await self._sender.note_confirmation(receipt.message_id, confirmation)

    async def _say(self, message: Message, text: str, *, confirms: int | None = None) -> int | None:
        """Reply now, or through the outbox when Telegram refuses right now (once: keyed by the
        command). The reply's message id when it went out now."""
        try:
            return (await message.reply_text(text)).message_id
        except TelegramError as error:
            log.warning("reply about a recorded send left to the outbox: %s", error)
            await self._notifier.to_chat(
                message.chat_id, text, reply_to=message.message_id, confirms=confirms,
                dedupe_key=f"sent:{message.chat_id}:{message.message_id}",
            )
            return None

    def _parts(self, receipt: SendReceipt) -> Html:
        return self._parts_of(receipt.measure)

    def _parts_of(self, size: TextMeasure) -> Html:
        return describe_size(self._t, size)

    async def balance(self, update: Update, context: Context) -> None:
        message = message_of(update)
        try:
            balance = await self._monitor.read_balance()
        except GatewayError as error:
            await message.reply_text(describe_error(self._t, error, sending=False))
            return
        await message.reply_text(self._t("balance", credit=balance.credit))

    async def status(self, update: Update, context: Context) -> None:
        message = message_of(update)
        body = command_body(message.text or "")
        if not body.strip():  # nothing to refuse: how to use it is the answer
            await message.reply_text(self._t("usage.status"))
            return
        try:
            smsid = parse_smsid(body)
        except ParseError as error:
            await self._refuse(message, error, "usage.status")
            return
        try:
            record, state = await self._tracker.status(smsid)
        except GatewayError as error:
            await message.reply_text(describe_error(self._t, error, sending=False))
            return
        words = self._t.delivery_state(state.code)
        if record is None:
            reply = self._t("status.not_ours", smsid=smsid, state=words, code=state.code)
        else:
            reply = self._t(
                "status.line", smsid=smsid, number=record.recipient, state=words, code=state.code
            )
        await message.reply_text(reply)

    async def history(self, update: Update, context: Context) -> None:
        message = message_of(update)
        try:
            query = parse_history(command_body(message.text or ""), zone=self._t.zone)
        except ParseError as error:
            await self._refuse(message, error, "usage.history")
            return
        if role_of(context) is Role.OPERATOR and message.from_user is not None:
            query = replace(query, user_id=message.from_user.id)  # their own sends only
        records = await self._reports.history(query)
        if not records:
            await message.reply_text(self._t("history.empty"))
            return
        lines = [self._t("history.header", count=len(records))]
        for record in records:
            smsid = self._t("history.smsid", smsid=record.smsid) if record.smsid else ""
            lines.append(
                self._t(
                    "history.line", moment=self._history_moment(record),
                    number=record.recipient, state=self._t(record_state_key(record)),
                    smsid=smsid, snippet=snippet(record.text),
                )
            )
        await message.reply_text("\n".join(lines))

    def _history_moment(self, record: MessageRecord) -> Html:
        """A row still waiting for its time shows that time; any other, when it was made."""
        if record.status is SendStatus.SCHEDULED and record.scheduled_at is not None:
            due = Html(self._t.moment(record.scheduled_at))
            return self._t("history.scheduled_for", moment=due)
        return Html(self._t.moment(record.created_at))

    async def edited(self, update: Update, context: Context) -> None:
        """An edited command is never executed again: that could repeat a send."""
        message = update.edited_message
        if message is not None and (message.text or "").startswith("/"):
            await message.reply_text(self._t("input.edited"))

    async def _refuse(self, message: Message, error: ParseError, usage: str) -> None:
        await message.reply_text(self._t(error.key, **error.values) + "\n" + self._t(usage))


def snippet(text: str, length: int = SNIPPET_CHARACTERS) -> str:
    """The start of a message's text on one line, cut at `length` characters."""
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"
