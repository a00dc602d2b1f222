"""/schedule held by the bot (SCHEDULE_MODE=bot), /scheduled, /cancel, and the schedule buttons."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes

from bot.i18n import Html, Texts
from bot.service.bulk import BulkService
from bot.service.quotas import QuotaExceeded
from bot.service.schedules import Outcome, Scheduled, ScheduleService
from bot.service.sending import AlreadyHandled, Blocked, EmptyText, SendRequest
from bot.service.team import may_handle
from bot.telegram import schedule_view as view
from bot.telegram.access import role_of
from bot.telegram.bulk_progress import ChatProgress
from bot.telegram.contacts import block_reason
from bot.telegram.describe import describe_size, record_state_key
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.parsing import (
    ParseError,
    command_body,
    is_repeat,
    normalize_digits,
    parse_repeat,
    parse_schedule,
)
from bot.telegram.updates import message_of

Context = ContextTypes.DEFAULT_TYPE
# Asks before a long text is scheduled (message, number, text); True when it asked.
AskFirst = Callable[[Message, str, str], Awaitable[bool]]
# The text to send for the text typed (a template's), or None when refused (already answered).
Prepare = Callable[[Message, str], Awaitable[str | None]]
LISTED = 20
# `/cancel 12` a schedule, `/cancel C12` a scheduled campaign (as /scheduled labels them).
_CANCEL_ID = re.compile(r"^(?P<campaign>[cC])?(?P<id>[0-9]{1,18})$")
_OUTCOME_KEYS = {
    Outcome.OK: "sched.cancelled",
    Outcome.SENDING: "sched.sending",
    Outcome.DONE: "sched.done",
    Outcome.MISSING: "sched.missing",
}


class ScheduleHandlers:
    def __init__(
        self, texts: Texts, schedules: ScheduleService, bulk: BulkService,
        notifier: TelegramNotifier,
    ) -> None:
        self._t = texts
        self._schedules = schedules
        self._bulk = bulk
        self._notifier = notifier

    async def schedule(
        self, message: Message, *, confirm: AskFirst | None, prepare: Prepare | None = None
    ) -> None:
        """`/schedule` held by the bot. `confirm` may ask for a press first (a long text): then
        nothing is stored now, and the press runs this again without it."""
        assert message.from_user is not None
        body = command_body(message.text or "")
        try:
            if is_repeat(body):
                rule, number, text = parse_repeat(body, language=self._t.language)
                when = self._schedules.first_run(rule)
            else:
                rule = None
                when, number, text = parse_schedule(
                    body, now=datetime.now(self._t.zone), zone=self._t.zone
                )
        except ParseError as error:
            await message.reply_text(self._t(error.key, **error.values) + "\n"
                                     + self._t("usage.schedule"))
            return
        if prepare is not None:
            prepared = await prepare(message, text)
            if prepared is None:
                return
            text = prepared
        if confirm is not None and await confirm(message, number, text):
            return
        request = SendRequest(
            recipient=number, text=text, user_id=message.from_user.id, chat_id=message.chat_id,
            command_message_id=message.message_id,
        )
        try:
            scheduled = await self._schedules.schedule(request, when=when, rule=rule)
        except EmptyText:
            await message.reply_text(self._t("input.no_text"))
            return
        except AlreadyHandled as done:
            state = self._t(record_state_key(done.record))
            await message.reply_text(self._t("input.already_handled", state=state))
            return
        except QuotaExceeded as exceeded:  # nothing stored
            await message.reply_text(self._t(
                "quota.exceeded", needed=exceeded.needed, left=exceeded.left, limit=exceeded.limit
            ))
            return
        except Blocked as blocked:
            reason = block_reason(self._t, blocked.entry)
            await message.reply_text(self._t("block.refused", number=number, reason=reason))
            return
        confirmation = await message.reply_text(
            self._confirmation(scheduled, number),
            reply_markup=view.keyboard(self._t, scheduled.series_id, "cancel"),
        )
        await self._schedules.note_confirmation(scheduled.series_id, confirmation.message_id)

    def _confirmation(self, scheduled: Scheduled, number: str) -> Html:
        size = scheduled.measure
        parts = describe_size(self._t, size)
        moment = Html(self._t.moment(scheduled.when))
        if scheduled.rule is not None:
            return self._t("sched.confirm_repeat", id=scheduled.series_id, number=number,
                           parts=parts, moment=moment, rule=view.rule(self._t, scheduled.rule))
        return self._t("sched.confirm", id=scheduled.series_id, number=number, parts=parts,
                       moment=moment)

    async def scheduled(self, update: Update, context: Context) -> None:
        message = message_of(update)
        items = await self._schedules.pending(limit=LISTED)
        if not items:
            await message.reply_text(self._t("sched.empty"))
            return
        await message.reply_text(
            view.pending_list(self._t, items), reply_markup=view.list_keyboard(self._t, items)
        )

    async def cancel(self, update: Update, context: Context) -> None:
        message = message_of(update)
        raw = command_body(message.text or "").strip()
        match = _CANCEL_ID.match(normalize_digits(raw))
        if match is None:
            problem = self._t("input.schedule_id", raw=raw[:40]) if raw else ""
            await message.reply_text((problem + "\n" if problem else "") + self._t("usage.cancel"))
            return
        number = int(match["id"])
        assert message.from_user is not None  # the guard let only a member's message through
        by = message.from_user.id
        refusal = await self._not_theirs(context, by, number, campaign=bool(match["campaign"]))
        if refusal is not None:
            await message.reply_text(self._t(refusal, id=number))
            return
        if match["campaign"]:
            result = await self._bulk.cancel(number, by=by)
            key = ("bulk.cancelled" if result.moved else
                   "bulk.missing" if result.status is None else "sched.campaign_not_scheduled")
            await message.reply_text(self._t(key, id=number))
            return
        outcome = await self._schedules.cancel(number, by=by)
        await message.reply_text(self._t(_OUTCOME_KEYS[outcome], id=number))

    async def button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and context.matches  # the handler's type and pattern
        if query.message is None:
            await query.answer(self._t.plain("bulk.expired_button"))
            return
        match = context.matches[0]
        action, number = match.group(1), int(match.group(2))
        refusal = await self._not_theirs(
            context, query.from_user.id, number, campaign=action == "start"
        )
        if refusal is not None:
            await query.answer(self._t.plain(refusal, id=number))
            return
        if action == "start":
            await self._start_campaign(query, number, context)
            return
        if action == "cancel":
            outcome = await self._schedules.cancel(number, by=query.from_user.id)
        else:
            outcome = await self._schedules.send_now(number)
        key = "sched.started" if action == "send" and outcome is Outcome.OK else _OUTCOME_KEYS[
            outcome]
        await query.answer(self._t.plain(key, id=number))
        if outcome is Outcome.OK and action == "send" and _only_about(query, number):
            await query.edit_message_reply_markup(None)
        if outcome is Outcome.OK and action == "cancel":
            if _only_about(query, number):  # a confirmation or a question, not the list
                await query.edit_message_reply_markup(None)
            await self._notifier.to_chat(query.message.chat.id, self._t(key, id=number),
                                         reply_to=query.message.message_id)

    async def _not_theirs(
        self, context: Context, user_id: int, number: int, *, campaign: bool
    ) -> str | None:
        """The refusal's key when an operator acts on another member's schedule (owners and
        admins act on anyone's); None when they may, or when there is no such schedule (the
        action then says so)."""
        if campaign:
            found = await self._schedules.campaign(number)
            author = found.user_id if found is not None else None
        else:
            author = await self._schedules.author(number)
        if author is None or may_handle(role_of(context), user_id, author):
            return None
        return "sched.campaign_not_yours" if campaign else "sched.not_yours"

    async def _start_campaign(self, query: CallbackQuery, campaign_id: int, context: Context) -> None:
        assert query.message is not None
        campaign = await self._schedules.campaign(campaign_id)
        message_id = (campaign.progress_message_id if campaign and campaign.progress_message_id
                      else query.message.message_id)
        sink = ChatProgress(context.bot, self._t, self._notifier,
                            chat_id=query.message.chat.id, message_id=message_id)
        started = await self._schedules.start_campaign_now(campaign_id, sink)
        key = "bulk.started" if started else "sched.campaign_not_scheduled"
        await query.answer(self._t.plain(key, id=campaign_id))


def _only_about(query: CallbackQuery, series_id: int) -> bool:
    """Whether every button of the pressed message is about this one schedule."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    buttons = [button for row in markup.inline_keyboard for button in row] if markup else []
    return bool(buttons) and all(
        str(button.callback_data).endswith(f":{series_id}") for button in buttons
    )

