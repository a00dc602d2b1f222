"""The single-message commands: /send /flash /schedule /balance /status /history /help."""

from __future__ import annotations

from datetime import datetime

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.gateway.errors import GatewayError
from bot.i18n import Html, Texts
from bot.service.monitor import AccountMonitor
from bot.service.reports import Reports
from bot.service.sending import AlreadyHandled, EmptyText, SendReceipt, SendRequest, SendService
from bot.service.tracking import DeliveryTracker
from bot.telegram.describe import describe_error, record_state_key
from bot.telegram.parsing import (
    ParseError,
    command_body,
    parse_history,
    parse_schedule,
    parse_send,
    parse_smsid,
)

Context = ContextTypes.DEFAULT_TYPE


class Commands:
    def __init__(
        self,
        texts: Texts,
        sender: SendService,
        monitor: AccountMonitor,
        tracker: DeliveryTracker,
        reports: Reports,
    ) -> None:
        self._t = texts
        self._sender = sender
        self._monitor = monitor
        self._tracker = tracker
        self._reports = reports

    async def help(self, update: Update, context: Context) -> None:
        await _message(update).reply_text(self._t("help"))

    async def send(self, update: Update, context: Context) -> None:
        await self._send(update, flash=False, usage="usage.send")

    async def flash(self, update: Update, context: Context) -> None:
        await self._send(update, flash=True, usage="usage.flash")

    async def schedule(self, update: Update, context: Context) -> None:
        message = _message(update)
        try:
            when, number, text = parse_schedule(
                command_body(message.text or ""), now=datetime.now(self._t.zone), zone=self._t.zone
            )
        except ParseError as error:
            await self._refuse(message, error, "usage.schedule")
            return
        receipt = await self._submit(message, number, text, flash=False, when=when)
        if receipt is not None:
            reply = self._t(
                "sent.scheduled", moment=Html(self._t.moment(when)), number=number,
                parts=self._parts(receipt),
            )
            await self._confirm(message, receipt, reply)

    async def _send(self, update: Update, *, flash: bool, usage: str) -> None:
        message = _message(update)
        try:
            number, text = parse_send(command_body(message.text or ""))
        except ParseError as error:
            await self._refuse(message, error, usage)
            return
        receipt = await self._submit(message, number, text, flash=flash)
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
                transport=self._sender.transport,
            )
        await self._confirm(message, receipt, reply)

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
        except AlreadyHandled as done:
            state = self._t(record_state_key(done.record))
            await message.reply_text(self._t("input.already_handled", state=state))
        except GatewayError as error:
            await message.reply_text(describe_error(self._t, error, sending=True))
        return None

    async def _confirm(self, message: Message, receipt: SendReceipt, reply: str) -> None:
        confirmation = await message.reply_text(reply)
        await self._sender.note_confirmation(receipt.message_id, confirmation.message_id)

    def _parts(self, receipt: SendReceipt) -> Html:
        size = receipt.measure
        encoding = "GSM-7" if size.encoding == "gsm7" else "Unicode"
        return self._t("parts", count=size.parts, characters=size.characters, encoding=encoding)

    async def balance(self, update: Update, context: Context) -> None:
        message = _message(update)
        try:
            balance = await self._monitor.read_balance()
        except GatewayError as error:
            await message.reply_text(describe_error(self._t, error, sending=False))
            return
        await message.reply_text(self._t("balance", credit=balance.credit))

    async def status(self, update: Update, context: Context) -> None:
        message = _message(update)
        try:
            smsid = parse_smsid(command_body(message.text or ""))
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
        message = _message(update)
        try:
            query = parse_history(command_body(message.text or ""), zone=self._t.zone)
        except ParseError as error:
            await self._refuse(message, error, "usage.history")
            return
        records = await self._reports.history(query)
        if not records:
            await message.reply_text(self._t("history.empty"))
            return
        lines = [self._t("history.header", count=len(records))]
        for record in records:
            smsid = self._t("history.smsid", smsid=record.smsid) if record.smsid else ""
            lines.append(
                self._t(
                    "history.line", moment=Html(self._t.moment(record.created_at)),
                    number=record.recipient, state=self._t(record_state_key(record)),
                    smsid=smsid,
                )
            )
        await message.reply_text("\n".join(lines))

    async def edited(self, update: Update, context: Context) -> None:
        """An edited command is never executed again: that could repeat a send."""
        message = update.edited_message
        if message is not None and (message.text or "").startswith("/"):
            await message.reply_text(self._t("input.edited"))

    async def _refuse(self, message: Message, error: ParseError, usage: str) -> None:
        await message.reply_text(self._t(error.key, **error.values) + "\n" + self._t(usage))


def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message
