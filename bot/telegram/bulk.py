"""/bulk as a conversation: collect recipients (message lines, a .txt/.csv/.xlsx file, `@group`,
or a group chosen with a button after a bare /bulk) and a text (or `#template`), then confirm
with buttons (see `bulk_buttons`). The confirmation shows the plan (`bot.service.audience`).

The list and the text may come together (message form, or a file with `/bulk text` as caption),
or the text may follow as the same admin's next plain message in that chat: the conversation then
waits in WAITING_TEXT, per chat and user, for BULK_TEXT_WAIT_MINUTES. Its state and the waiting
list are persisted (`SqlitePersistence`), so a restart keeps it; PTB does not persist the
timeout's job, so `restore_timeouts` schedules one for each list left from before the start. New
steps (a time, a group, an approval) are new states of the one `ConversationHandler`.

The confirmation's Schedule button opens WAITING_TIME: the admin's next plain message is the
time the campaign starts at, in every form /schedule takes (`ScheduleService`).
"""

from __future__ import annotations

import logging
import time
import warnings
from datetime import datetime
from typing import Any

from telegram import Document, Message, ReplyParameters, Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.gateway.errors import GatewayError
from bot.i18n import Html, Texts
from bot.recipients import (
    MAX_FILE_BYTES,
    InvalidLine,
    Recipients,
    RecipientsError,
    check_upload,
    parse_file,
    parse_message,
)
from bot.service import audience
from bot.service.approvals import Approvals
from bot.service.bulk import BulkService
from bot.service.contacts import ContactBook, UnknownTemplate
from bot.service.monitor import AccountMonitor
from bot.service.quotas import QuotaExceeded
from bot.service.schedules import ScheduleService
from bot.service.team import may_handle
from bot.sms_text import measure
from bot.telegram import audience_view
from bot.telegram import bulk_view as view
from bot.telegram.access import role_of
from bot.telegram.bulk_buttons import answer
from bot.telegram.parsing import ParseError, command_body, parse_time
from bot.telegram.updates import message_of
from bot.typed import COMMAND
from storage import CampaignStatus

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
WAITING_TEXT = "waiting_text"  # a state: a string, as persisted
WAITING_TIME = "waiting_time"
END = ConversationHandler.END
_WAITING = "bulk.waiting"  # the user data key of the lists waiting for a text, by chat
_ASKED_TIME = "bulk.asked_time"  # the campaigns waiting for a start time, by chat


class BulkConversation:
    def __init__(
        self, texts: Texts, bulk: BulkService, monitor: AccountMonitor,
        schedules: ScheduleService, *, wait: float, max_file_bytes: int = MAX_FILE_BYTES,
        book: ContactBook, approvals: Approvals | None = None,
    ) -> None:
        self._t = texts
        self._book = book
        self._approvals = approvals  # a campaign waiting for approval is not scheduled
        self._max_file_bytes = max_file_bytes
        self._schedules = schedules
        self._bulk = bulk
        self._monitor = monitor
        self._wait = wait  # seconds a list waits for its text

    def handler(self) -> ConversationHandler[Context]:
        new_messages = filters.UpdateType.MESSAGE
        entry: list[BaseHandler[Update, Context, object]] = [
            CommandHandler("bulk", self.command, filters=new_messages),
            MessageHandler(filters.Document.ALL & new_messages, self.document),
            CallbackQueryHandler(self.ask_time, pattern=view.SCHEDULE_PATTERN),
            CallbackQueryHandler(self.group_button, pattern=audience_view.GROUP_CALLBACK),
        ]
        plain_text = filters.TEXT & ~filters.COMMAND & new_messages
        waiting: list[BaseHandler[Update, Context, object]] = [
            MessageHandler(plain_text, self.text)
        ]
        timing: list[BaseHandler[Update, Context, object]] = [
            MessageHandler(plain_text, self.time)
        ]
        # PTB warns that a press is tracked per chat and user, not per message: that is what
        # Schedule needs (the press, then the time typed in the same chat by the same admin), and
        # so does a group chosen after a bare /bulk (the press, then the text).
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", r".*per_message=False", PTBUserWarning)
            return self._conversation(entry, waiting, timing)

    def _conversation(
        self,
        entry: list[BaseHandler[Update, Context, object]],
        waiting: list[BaseHandler[Update, Context, object]],
        timing: list[BaseHandler[Update, Context, object]],
    ) -> ConversationHandler[Context]:
        return ConversationHandler(
            entry_points=entry,
            states={
                WAITING_TEXT: waiting,
                WAITING_TIME: timing,
                ConversationHandler.TIMEOUT: [TypeHandler(Update, self.timed_out)],
            },
            fallbacks=[],
            allow_reentry=True,
            per_chat=True,
            per_user=True,
            conversation_timeout=self._wait,
            name="bulk",
            persistent=True,
        )

    async def command(self, update: Update, context: Context) -> object:
        """`/bulk` with numbers on the following lines, then a blank line and the text."""
        message = message_of(update)
        body = command_body(message.text or "")
        if not body:
            if await self._offer_groups(message):
                return END
            await message.reply_text(self._t("bulk.how") + "\n" + self._t("usage.bulk"))
            return END
        if body.startswith("@"):
            return await self._to_group(message, context, body)
        recipients, text = parse_message(message.text or "")
        return await self._collected(message, context, recipients, text)

    async def _offer_groups(self, message: Message) -> bool:
        """A bare `/bulk`: the contact groups as buttons, if there are any."""
        groups = await self._book.groups()
        if not groups:
            return False
        await message.reply_text(
            self._t("audience.choose_group"),
            reply_markup=audience_view.group_keyboard(self._t, groups),
        )
        return True

    async def group_button(self, update: Update, context: Context) -> object:
        """A group chosen after a bare `/bulk`: its contacts wait for the next message's text."""
        query = update.callback_query
        assert query is not None and context.matches  # the handler's type and pattern
        chosen = await self._book.group_recipients_by_id(int(context.matches[0].group(1)))
        message = query.message
        if chosen is None or not isinstance(message, Message):
            await query.answer(self._t.plain("bulk.expired_button"))
            return END
        name, recipients = chosen
        await query.answer()
        if not recipients.numbers:
            await query.edit_message_text(self._t("audience.empty_group", name=name))
            return END
        until = time.time() + self._wait
        _waiting(context)[str(message.chat.id)] = _stored(recipients, until, message.message_id)
        count = len(recipients.numbers)
        await query.edit_message_text(
            self._t("audience.group_chosen", group=name, count=count, **audience_view.BRACES)
        )
        return WAITING_TEXT

    async def _to_group(self, message: Message, context: Context, body: str) -> object:
        """`/bulk @group text`: the group's contacts, their fields for the placeholders."""
        name, text = [*body[1:].split(maxsplit=1), "", ""][:2]
        if not name:  # a bare "@": no group was named, so only how to name one
            await message.reply_text(self._t("audience.group_usage", **audience_view.BRACES))
            return END
        recipients = await self._book.group_recipients(name)
        if recipients is None:
            await message.reply_text(
                self._t("audience.no_group", name=name[:40]) + "\n"
                + self._t("audience.group_usage", **audience_view.BRACES)
            )
            return END
        if not recipients.numbers:
            await message.reply_text(self._t("audience.empty_group", name=name))
            return END
        return await self._collected(message, context, recipients, text)

    async def document(self, update: Update, context: Context) -> object:
        """A .txt/.csv/.xlsx list; its caption is `/bulk text`, the text alone, or empty."""
        message = message_of(update)
        document = message.document
        assert document is not None  # the handler's filter
        caption = message.caption or ""
        if COMMAND.match(caption.lstrip()) and not _is_bulk(caption):
            await self._refuse(message, self._t("bulk.bad_caption"))
            return END
        text = command_body(caption) if _is_bulk(caption) else caption.strip()
        try:
            content = await self._download(document)
            recipients = parse_file(
                document.file_name or "", content, max_bytes=self._max_file_bytes
            )
        except RecipientsError as error:
            await self._refuse(message, self._t(error.key, **error.values))
            return END
        except TelegramError:
            await message.reply_text(self._t("bulk.download_failed"))
            return END
        return await self._collected(message, context, recipients, text)

    async def text(self, update: Update, context: Context) -> object:
        """The admin's next plain message in this chat: the text of the waiting list."""
        message = message_of(update)
        waiting = _waiting(context).pop(str(message.chat_id), None)
        if waiting is None or waiting["until"] < time.time():
            # A restart loses the timeout's job: the deadline kept with the list still holds.
            await message.reply_text(self._t("bulk.wait_expired"))
            return END
        await self._confirm(message, _recipients(waiting), message.text or "")
        return END

    async def ask_time(self, update: Update, context: Context) -> object:
        """Schedule under a confirmation: ask when the campaign should start."""
        query = update.callback_query
        assert query is not None and context.matches  # the handler's type and pattern
        campaign_id = int(context.matches[0].group(1))
        campaign = await self._schedules.campaign(campaign_id)
        if not isinstance(query.message, Message) or campaign is None or (
            campaign.status is not CampaignStatus.DRAFT or campaign.due_at is not None
        ):
            await answer(query, self._t.plain("sched.campaign_not_scheduled", id=campaign_id))
            return END
        if not may_handle(role_of(context), query.from_user.id, campaign.user_id):
            await answer(query, self._t.plain("team.not_yours"))
            return END
        if self._approvals is not None and self._approvals.needed(campaign, role_of(context)):
            await answer(query, self._t.plain("approval.no_schedule", id=campaign_id))
            return END
        _asked_time(context)[str(query.message.chat.id)] = {
            "campaign": campaign_id, "confirmation": query.message.message_id,
            "until": time.time() + self._wait,
        }
        await answer(query)
        await query.message.reply_text(self._t("bulk.ask_time", id=campaign_id))
        return WAITING_TIME

    async def time(self, update: Update, context: Context) -> object:
        """The admin's answer to Schedule: the campaign starts then; a bad time asks again."""
        message = message_of(update)
        asked = _asked_time(context).pop(str(message.chat_id), None)
        if asked is None or asked["until"] < time.time():
            await message.reply_text(self._t("bulk.time_expired"))
            return END
        campaign_id = int(asked["campaign"])
        try:
            when = parse_time(message.text or "", now=datetime.now(self._t.zone), zone=self._t.zone)
        except ParseError as error:
            _asked_time(context)[str(message.chat_id)] = asked
            await message.reply_text(self._t(error.key, **error.values) + "\n"
                                     + self._t("bulk.ask_time", id=campaign_id))
            return WAITING_TIME
        by = message.from_user.id if message.from_user is not None else None
        try:
            scheduled = await self._schedules.schedule_campaign(campaign_id, when, by=by)
        except QuotaExceeded as exceeded:
            await message.reply_text(self._t(
                "quota.exceeded", needed=exceeded.needed, left=exceeded.left, limit=exceeded.limit
            ))
            return END
        if not scheduled:
            await message.reply_text(self._t("sched.campaign_not_scheduled", id=campaign_id))
            return END
        try:
            await context.bot.edit_message_reply_markup(
                message.chat_id, int(asked["confirmation"]),
                reply_markup=view.keyboard(self._t, campaign_id, "cancel"),
            )
        except TelegramError as error:  # the Send button stays; a press finds it scheduled
            log.warning("buttons of scheduled campaign %s not changed: %s", campaign_id, error)
        await message.reply_text(
            self._t("bulk.scheduled", id=campaign_id, moment=Html(self._t.moment(when)))
        )
        return END

    async def timed_out(self, update: Update, context: Context) -> None:
        """The list waited its time without a text (or the campaign without a time): forgotten,
        and the admin told."""
        message = update.effective_message
        if message is None:
            return
        if _asked_time(context).pop(str(message.chat_id), None) is not None:
            await message.reply_text(self._t("bulk.time_expired"))
            return
        _waiting(context).pop(str(message.chat_id), None)
        await message.reply_text(self._t("bulk.wait_expired"))

    def restore_timeouts(self, jobs: JobQueue[Context]) -> None:
        """Once the application has loaded its user data: a job expiring each waiting list."""
        jobs.run_once(self._restore, when=0, name="bulk.restore_timeouts")

    async def _restore(self, context: Context) -> None:
        assert context.job_queue is not None  # this runs as a job
        for user_id, data in context.application.user_data.items():
            for chat_id, waiting in data.get(_WAITING, {}).items():
                context.job_queue.run_once(
                    self._expire, when=max(0.0, waiting["until"] - time.time()),
                    chat_id=int(chat_id), user_id=user_id, data=waiting["until"],
                )

    async def _expire(self, context: Context) -> None:
        """A list from before the restart whose time is up, unless it was replaced or taken."""
        job = context.job
        assert job is not None and job.chat_id is not None  # scheduled by `_restore`
        waiting = _waiting(context)
        stored = waiting.get(str(job.chat_id))
        if stored is None or stored["until"] != job.data:
            return
        del waiting[str(job.chat_id)]
        reply = ReplyParameters(message_id=stored["command"], allow_sending_without_reply=True)
        try:
            await context.bot.send_message(
                job.chat_id, self._t("bulk.wait_expired"), reply_parameters=reply
            )
        except TelegramError as error:
            log.warning("expiry of a waiting list not told: %s", error)

    async def _collected(
        self, message: Message, context: Context, recipients: Recipients, text: str
    ) -> object:
        if not recipients.numbers:
            await self._refuse(message, self._t("bulk.no_recipients"), recipients)
            return END
        if text.strip():
            await self._confirm(message, recipients, text)
            return END
        until = time.time() + self._wait
        _waiting(context)[str(message.chat_id)] = _stored(recipients, until, message.message_id)
        invalid = view.invalid_lines(self._t, list(recipients.invalid))
        await message.reply_text(self._t("bulk.ask_text", count=len(recipients.numbers)) + invalid)
        return WAITING_TEXT

    async def _confirm(self, message: Message, recipients: Recipients, text: str) -> None:
        assert message.from_user is not None
        try:
            text = await self._book.resolve(text) or text
        except UnknownTemplate as unknown:
            await message.reply_text(self._t("template.unknown", name=unknown.name))
            return
        size = measure(text)
        if size.parts == 0 or not text.strip():
            await message.reply_text(self._t("input.no_text"))
            return
        blocked = await self._book.blocked_among(recipients.numbers)
        plan = audience.plan(text, recipients, blocked)
        if not plan.messages:
            await message.reply_text(audience_view.nobody(self._t, plan))
            return
        await self.confirm_plan(message, message.from_user.id, plan)

    async def confirm_plan(self, message: Message, user_id: int, plan: audience.Plan) -> None:
        """Store the plan's campaign (DRAFT) and reply with its confirmation and buttons."""
        campaign = await self._bulk.create_plan(user_id=user_id, chat_id=message.chat_id, plan=plan)
        reply = await message.reply_text(
            audience_view.confirmation(self._t, campaign, plan, await self._credit()),
            reply_markup=view.keyboard(self._t, campaign.id, "send", "schedule", "cancel"),
        )
        await self._bulk.note_message(campaign.id, reply.message_id)

    async def _credit(self) -> int | None:
        try:
            return (await self._monitor.read_balance()).credit
        except GatewayError:
            return None  # shown as unknown; the admin may still send

    async def _download(self, document: Document) -> bytes:
        """The file's bytes, refusing what is not .txt/.csv or too big before downloading."""
        check_upload(
            document.file_name or "", document.file_size or 0, max_bytes=self._max_file_bytes
        )
        file = await document.get_file()
        return bytes(await file.download_as_bytearray())

    async def _refuse(
        self, message: Message, problem: Html, recipients: Recipients | None = None
    ) -> None:
        """The problem, the invalid lines if any, and the usage line."""
        lines = view.invalid_lines(self._t, list(recipients.invalid)) if recipients else ""
        if recipients is not None and recipients.scientific:
            lines += self._t("bulk.scientific")
        await message.reply_text(problem + lines + "\n" + self._t("usage.bulk"))


def _waiting(context: Context) -> dict[str, Any]:
    """This user's lists waiting for a text, by chat id (user data is persisted as JSON)."""
    assert context.user_data is not None  # per-user conversations only
    waiting: dict[str, Any] = context.user_data.setdefault(_WAITING, {})
    return waiting


def _asked_time(context: Context) -> dict[str, Any]:
    """This user's campaigns waiting for a start time, by chat id."""
    assert context.user_data is not None  # per-user conversations only
    asked: dict[str, Any] = context.user_data.setdefault(_ASKED_TIME, {})
    return asked


def _stored(recipients: Recipients, until: float, command: int) -> dict[str, Any]:
    return {
        "numbers": list(recipients.numbers),
        "invalid": [[item.line, item.content] for item in recipients.invalid],
        "duplicates": recipients.duplicates,
        "fields": [dict(fields) for fields in recipients.fields],
        "until": until,  # wall-clock time: it must mean the same after a restart
        "command": command,  # the message id of the /bulk list: the expiry replies to it
    }


def _recipients(stored: dict[str, Any]) -> Recipients:
    return Recipients(
        numbers=tuple(stored["numbers"]),
        invalid=tuple(InvalidLine(line, content) for line, content in stored["invalid"]),
        duplicates=int(stored["duplicates"]),
        fields=tuple(stored.get("fields", ())),
    )


def _is_bulk(text: str) -> bool:
    match = COMMAND.match(text.lstrip())
    return match is not None and match.group().split("@")[0].lower() == "/bulk"
