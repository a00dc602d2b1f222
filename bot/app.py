"""The one place where everything is constructed and wired, and the bot's lifecycle.

`serve(settings, stop)` opens storage, the gateway (and the simulator under SMS_SANDBOX), builds the
PTB Application with its handlers and jobs, and starts delivery tracking. It then waits for Telegram
(as long as it takes: tracking goes on, reports wait in the outbox), runs polling or a webhook until
`stop` is set, and closes everything in reverse order: tracking and campaigns stop between calls,
and calls still in flight after a grace period are cut off (a send recorded as outcome unknown).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

from bot import __version__
from bot.config import Settings
from bot.gateway import Gateway, GatewayError, TransportError
from bot.i18n import Texts
from bot.sandbox import open_gateway
from bot.service.approvals import Approvals
from bot.service.audit import Audit
from bot.service.bulk import BulkService
from bot.service.charts import Charts
from bot.service.contacts import ContactBook
from bot.service.metering import Meter, MeteredGateway, NoMeter
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.quotas import Quotas
from bot.service.reports import Reports
from bot.service.results import CampaignResults
from bot.service.schedules import ScheduleService
from bot.service.sending import SendService
from bot.service.team import Team
from bot.service.tracking import DeliveryTracker
from bot.service.weekly import WeeklyReports
from bot.telegram.access import TeamContext
from bot.telegram.connect import connect, telegram_request, telegram_route
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.outbox import OutboxPump
from bot.telegram.persistence import SqlitePersistence
from bot.telegram.reports import export_words
from bot.telegram.routes import register, set_menu
from storage import Database, MessageRecord

log = logging.getLogger(__name__)

# At a stop, how long calls in flight may take to finish before they are cut off.
STOP_GRACE = 3.0  # seconds


def freeze_startup_heap() -> None:
    """Keep what lives as long as the process (modules, the parsed WSDL, the handlers) out of
    the garbage collector's full passes over all of it: a pause that every send in flight waits
    out. `serve` does it once the runtime is built, benchmarks too (`bench.ab` weighs it)."""
    gc.collect()
    gc.freeze()


@dataclass
class Runtime:
    """Everything the handlers and jobs use, built once."""

    settings: Settings
    texts: Texts
    db: Database
    gateway: Gateway
    monitor: AccountMonitor
    sender: SendService
    bulk: BulkService
    tracker: DeliveryTracker
    reports: Reports
    charts: Charts
    weekly: WeeklyReports
    notifier: TelegramNotifier
    pump: OutboxPump
    policy: TrackingPolicy
    schedules: ScheduleService
    outbox_wake: asyncio.Event
    team: Team
    audit: Audit
    quotas: Quotas
    approvals: Approvals
    book: ContactBook
    results: CampaignResults


@asynccontextmanager
async def open_metrics(settings: Settings, db: Database) -> AsyncIterator[Meter]:
    """The Prometheus endpoint and its counters when METRICS_PORT is set, else a Meter that
    counts nothing; its modules (prometheus-client, aiohttp's server) are imported only then."""
    if not settings.metrics_port:
        yield NoMeter()
        return
    from bot.service.metrics import Metrics, serve_metrics

    metrics = Metrics(db)
    async with serve_metrics(metrics, host=settings.metrics_host, port=settings.metrics_port):
        yield metrics


@asynccontextmanager
async def open_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    async with AsyncExitStack() as stack:
        db = await Database.open(settings.database_path)
        stack.push_async_callback(db.close)
        meter = await stack.enter_async_context(open_metrics(settings, db))
        gateway = MeteredGateway(await stack.enter_async_context(open_gateway(settings)), meter)
        texts = Texts(settings.bot_language, settings.zone)
        policy = settings.tracking
        charts = Charts(db, zone=settings.zone)
        outbox_wake = asyncio.Event()
        results = CampaignResults(db)
        notifier = TelegramNotifier(
            db, texts, settings.admin_ids, charts, wake=outbox_wake.set, results=results
        )
        monitor = AccountMonitor(db, gateway, notifier, threshold=settings.low_balance_threshold)
        stack.push_async_callback(monitor.aclose)
        audit = Audit(db)
        team = Team(db, audit, owners=settings.admin_ids)
        await team.load()
        quotas = Quotas(db, team, settings.zone)
        sender = SendService(
            db, gateway, monitor, policy, meter=meter, audit=audit, quotas=quotas
        )
        bulk = BulkService(
            db, sender, concurrency=settings.bulk_concurrency, rate=settings.bulk_rate,
            audit=audit, quotas=quotas,
        )
        stack.push_async_callback(bulk.aclose)
        schedules = ScheduleService(
            db, sender, bulk, notifier, zone=settings.zone, grace=settings.schedule_grace,
            concurrency=settings.bulk_concurrency, audit=audit, quotas=quotas,
        )
        stack.push_async_callback(schedules.aclose)
        yield Runtime(
            settings=settings,
            texts=texts,
            db=db,
            gateway=gateway,
            monitor=monitor,
            sender=sender,
            bulk=bulk,
            tracker=DeliveryTracker(db, gateway, notifier, monitor, policy, audit=audit),
            reports=Reports(
                db, words=export_words(texts), jalali_months=texts.jalali, zone=settings.zone,
                file_bytes=int(settings.export_file_mb * 1_000_000),
            ),
            charts=charts,
            weekly=WeeklyReports(db, charts, monitor, zone=settings.zone),
            notifier=notifier,
            pump=OutboxPump(db),
            policy=policy,
            schedules=schedules,
            outbox_wake=outbox_wake,
            team=team,
            audit=audit,
            quotas=quotas,
            approvals=Approvals(db, audit, over=settings.bulk_approval_over),
            book=ContactBook(db, audit=audit),
            results=results,
        )


def build_application(runtime: Runtime) -> Application:  # type: ignore[type-arg]
    settings = runtime.settings
    app = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                do_quote=True,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                tzinfo=settings.zone,
            )
        )
        .request(telegram_request(settings, pool=256))
        .get_updates_request(telegram_request(settings, pool=1))
        .rate_limiter(AIORateLimiter())
        .concurrent_updates(True)
        .persistence(SqlitePersistence(runtime.db))
        .context_types(ContextTypes(context=TeamContext))
        .build()
    )
    register(app, runtime)
    return app


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run the bot until `stop` is set; TokenRejected if Telegram refuses the token."""
    async with open_runtime(settings) as runtime:
        app = build_application(runtime)
        freeze_startup_heap()
        interrupted = await runtime.sender.recover()  # before any update can start a send
        runtime.schedules.open()  # its claims must not meet rows a crash left in `sending`
        tracking = asyncio.create_task(
            runtime.tracker.run(runtime.policy.sweep_every()), name="delivery-tracking"
        )
        try:
            if await connect(app, stop, via=telegram_route(settings)):
                await _serve_telegram(app, runtime, interrupted, stop)
        finally:
            runtime.tracker.stop()
            await tracking
            await app.bot.shutdown()  # no-op once the Application shut it down


async def _serve_telegram(
    app: Application,  # type: ignore[type-arg]
    runtime: Runtime, interrupted: list[MessageRecord], stop: asyncio.Event,
) -> None:
    pump: asyncio.Task[None] | None = None
    try:
        await app.start()
        await _start_updates(app, runtime.settings)
        pump = asyncio.create_task(runtime.pump.run(app.bot, runtime.outbox_wake), name="outbox")
        await on_connected(app, runtime, interrupted)
        log.info("smsbridge %s ready (%s)", __version__, runtime.gateway.transport)
        await stop.wait()
    finally:
        await _stop(app, runtime, pump)


async def _stop(
    app: Application, runtime: Runtime, pump: asyncio.Task[None] | None,  # type: ignore[type-arg]
) -> None:
    """Stop taking updates, then let what runs end between calls; cut off what is still in flight
    after STOP_GRACE (a send cut off is recorded as outcome unknown)."""
    runtime.tracker.stop()
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if pump is not None:
        runtime.pump.stop()
        runtime.outbox_wake.set()
    ending = asyncio.ensure_future(_finish(app, runtime, pump))
    done, _ = await asyncio.wait({ending}, timeout=STOP_GRACE)
    if not done:
        log.warning("stopping: calls to the gateway still in flight are cut off")
        await runtime.gateway.aclose()
    await ending


async def _finish(
    app: Application, runtime: Runtime, pump: asyncio.Task[None] | None,  # type: ignore[type-arg]
) -> None:
    await runtime.schedules.aclose()  # no new claims; sends in flight end first
    await runtime.bulk.aclose()  # campaigns pause: sends in flight become outcome unknown
    if pump is not None:
        await pump
    if app.running:
        await app.stop()
    await app.shutdown()


async def _start_updates(app: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    assert app.updater is not None
    if settings.webhook_url:
        await app.updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=_webhook_path(settings.webhook_url),
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value() or None,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        await app.updater.start_polling(
            poll_interval=0.0, timeout=10, allowed_updates=Update.ALL_TYPES
        )


def _webhook_path(url: str) -> str:
    path = url.split("://", 1)[-1].partition("/")[2]
    return path


async def on_connected(
    app: Application,  # type: ignore[type-arg]
    runtime: Runtime, interrupted: list[MessageRecord],
) -> None:
    """Once Telegram answers: the menu, then the start-up notice."""
    try:
        await set_menu(app.bot, runtime.texts)
    except TelegramError as error:  # the menu is a convenience: the next start sets it
        log.warning("the command menu was not set: %s", error)
    await announce_start(runtime, interrupted)


async def announce_start(runtime: Runtime, interrupted: list[MessageRecord]) -> None:
    """After a (re)start: report interrupted sends, tell the admins, offer to resume campaigns."""
    texts, notifier = runtime.texts, runtime.notifier
    singles = [record for record in interrupted if record.campaign_id is None]
    if singles:
        await notifier.to_admins(texts("notice.interrupted", count=len(singles)))
    for stalled in await runtime.bulk.stalled():
        await notifier.campaign_stalled(stalled)
    unreachable: TransportError | None = None
    try:
        credit: object = (await runtime.monitor.read_balance()).credit
    except TransportError as error:
        credit, unreachable = texts("notice.credit_unknown"), error
    except GatewayError:
        credit = texts("notice.credit_unknown")
    await notifier.to_admins(
        texts(
            "notice.startup", version=__version__,
            transport=texts(f"transport.{runtime.gateway.transport}"),
            credit=credit,
        )
    )
    if unreachable is not None:
        await notifier.to_admins(
            texts("notice.gateway_unreachable", reason=texts.gateway_reason(unreachable))
        )
    if runtime.settings.sms_sandbox:
        await notifier.to_admins(texts("notice.startup_sandbox"))
