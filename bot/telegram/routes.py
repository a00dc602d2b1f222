"""Which update goes to which handler, and the repeating jobs that need Telegram.

Delivery tracking and the outbox run on their own (`bot/app.py`): tracking goes on while Telegram
is away, and the outbox is woken by the notifier.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Iterable
from typing import TYPE_CHECKING, Any

from telegram import Bot, BotCommand, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.i18n import Texts
from bot.telegram import contacts, results_view, schedule_view
from bot.telegram.approvals import ApprovalDesk
from bot.telegram.bulk import BulkConversation
from bot.telegram.bulk_buttons import BulkButtons
from bot.telegram.bulk_progress import ChatProgress
from bot.telegram.commands import Commands
from bot.telegram.contacts import ContactHandlers
from bot.telegram.fallbacks import Fallbacks
from bot.telegram.guard import AccessGuard
from bot.telegram.reports import ReportCommands
from bot.telegram.results import ResultHandlers
from bot.telegram.schedules import ScheduleHandlers
from bot.telegram.team import TeamCommands
from bot.telegram.weekly import WeeklyReport
from storage import Campaign

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)

App = Application[Any, Any, Any, Any, Any, Any]
Callback = Callable[[Update, Any], Coroutine[Any, Any, object]]
# Commands that answer with a file of customer numbers and texts: a private chat only.
PRIVATE_ONLY = frozenset({"export"})
MENU = ("send", "flash", "schedule", "scheduled", "cancel", "bulk", "balance", "status",
        "history", "export", "stats", "contacts", "template", "blocked", "help", "users",
        "audit")
SCHEDULE_TICK = 1.0  # seconds between two looks at the due-time index


def register(app: App, runtime: Runtime) -> None:
    texts = runtime.texts
    guard = AccessGuard(runtime.team, texts, private_only=PRIVATE_ONLY)
    app.add_handler(guard.handler(), group=-1)
    schedules = ScheduleHandlers(texts, runtime.schedules, runtime.bulk, runtime.notifier)
    commands = Commands(
        texts, runtime.sender, runtime.monitor, runtime.tracker, runtime.reports,
        runtime.notifier, runtime.book, confirm_parts=runtime.settings.send_confirm_parts,
        held=schedules if runtime.settings.schedule_mode == "bot" else None,
    )
    reports = ReportCommands(texts, runtime.reports, runtime.charts)
    team = TeamCommands(texts, runtime.team, runtime.audit)
    _add_commands(app, (
        ("start", commands.help),
        ("help", commands.help),
        ("send", commands.send),
        ("flash", commands.flash),
        ("schedule", commands.schedule),
        ("scheduled", schedules.scheduled),
        ("cancel", schedules.cancel),
        ("balance", commands.balance),
        ("status", commands.status),
        ("history", commands.history),
        ("export", reports.export),
        ("stats", reports.stats),
        ("users", team.users),
        ("audit", team.audit),
    ))
    app.add_handler(commands.confirm_handler())
    app.add_handler(CallbackQueryHandler(schedules.button, pattern=schedule_view.CALLBACK))
    _register_contacts(app, runtime)
    _register_bulk(app, runtime)
    app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, commands.edited))
    app.add_error_handler(ErrorReply(texts).handle)
    _schedule_jobs(app, runtime)
    _register_fallbacks(app, texts)  # keep last: see there


def _add_commands(app: App, commands: Iterable[tuple[str, Callback]]) -> None:
    """Each `/name` (new messages only: an edited command is never run again)."""
    for name, callback in commands:
        app.add_handler(CommandHandler(name, callback, filters=filters.UpdateType.MESSAGE))


def _register_contacts(app: App, runtime: Runtime) -> None:
    """Before /bulk's handlers: a file captioned /contacts is a contact list, not a campaign's."""
    handlers = ContactHandlers(runtime.texts, runtime.book)
    _add_commands(app, (
        ("contacts", handlers.contacts),
        ("template", handlers.template),
        ("block", handlers.block),
        ("unblock", handlers.unblock),
        ("blocked", handlers.blocked),
    ))
    new_messages = filters.UpdateType.MESSAGE
    captioned = filters.CaptionRegex(r"^\s*/contacts(?:@\w+)?(?:\s|$)")
    app.add_handler(MessageHandler(filters.Document.ALL & captioned & new_messages, handlers.document))
    app.add_handler(CallbackQueryHandler(handlers.button, pattern=contacts.CALLBACK))


def _register_bulk(app: App, runtime: Runtime) -> None:
    conversation = BulkConversation(
        runtime.texts, runtime.bulk, runtime.monitor, runtime.schedules,
        wait=runtime.settings.bulk_text_wait_minutes * 60,
        max_file_bytes=runtime.settings.upload_max_kb * 1024, approvals=runtime.approvals,
        book=runtime.book,
    )
    app.add_handler(conversation.handler())
    assert app.job_queue is not None
    conversation.restore_timeouts(app.job_queue)
    desk = ApprovalDesk(
        runtime.texts, runtime.bulk, runtime.approvals, runtime.team, runtime.quotas,
        runtime.monitor, runtime.notifier, runtime.results,
    )
    buttons = BulkButtons(
        runtime.texts, runtime.bulk, runtime.monitor, runtime.notifier, desk, runtime.results
    )
    app.add_handlers(buttons.handlers())
    app.add_handler(desk.handler())
    results = ResultHandlers(runtime.texts, runtime.results, conversation)
    app.add_handler(CallbackQueryHandler(results.button, pattern=results_view.CALLBACK))


def _register_fallbacks(app: App, texts: Texts) -> None:
    """What no handler took: a one-line hint, and an answer to an unknown button. In group 0
    and added after every other handler there, so they get only what the others left: a later
    group would see every update, the handled ones too."""
    fallbacks = Fallbacks(texts)
    app.add_handler(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, fallbacks.command))
    # Stray text is hinted at in a private chat only: in a group, admins talk to each other.
    private_text = filters.TEXT & filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private_text, fallbacks.text))
    app.add_handler(CallbackQueryHandler(fallbacks.button))


async def set_menu(bot: Bot, texts: Texts) -> None:
    await bot.set_my_commands([BotCommand(name, texts(f"cmd.{name}")) for name in MENU])


def _schedule_jobs(app: App, runtime: Runtime) -> None:
    jobs = app.job_queue
    assert jobs is not None

    async def check_balance(_: ContextTypes.DEFAULT_TYPE) -> None:
        await runtime.monitor.check_balance()

    def campaign_sink(bot: Bot) -> Callable[[Campaign], ChatProgress]:
        def sink(campaign: Campaign) -> ChatProgress:
            return ChatProgress(
                bot, runtime.texts, runtime.notifier, chat_id=campaign.chat_id,
                message_id=campaign.progress_message_id or 0, results=runtime.results,
            )

        return sink

    async def due(context: ContextTypes.DEFAULT_TYPE) -> None:
        runtime.schedules.tick(campaign_sink(context.bot))

    jobs.run_repeating(due, interval=SCHEDULE_TICK, first=0.3, name="schedules")
    minutes = runtime.settings.balance_check_minutes
    if minutes > 0:
        jobs.run_repeating(check_balance, interval=minutes * 60, first=minutes * 60,
                           name="balance")
    _schedule_weekly(app, runtime)


def _schedule_weekly(app: App, runtime: Runtime) -> None:
    slot = runtime.settings.weekly_slot
    if slot is None or app.job_queue is None:
        return
    report = WeeklyReport(runtime.texts, runtime.weekly, runtime.charts, runtime.notifier)

    async def weekly(_: ContextTypes.DEFAULT_TYPE) -> None:
        await report.send()

    app.job_queue.run_daily(
        weekly, time=slot.at.replace(tzinfo=runtime.settings.zone), days=(slot.ptb_day,),
        name="weekly",
    )


class ErrorReply:
    """Logs what a handler did not expect and tells the admin, instead of going silent."""

    def __init__(self, texts: Texts) -> None:
        self._texts = texts

    async def handle(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            try:
                await update.effective_message.reply_text(self._texts("error.internal"))
            except Exception:  # Telegram itself may be what failed
                log.warning("could not tell the admin about the error")
