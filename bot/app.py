"""The one place where everything is constructed and wired, and the bot's lifecycle.

`serve(settings, stop)` opens storage, the gateway (and the simulator under SMS_SANDBOX), builds the
PTB Application with its handlers and jobs, runs polling or a webhook until `stop` is set, and closes
everything in reverse order.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.request import HTTPXRequest

from bot import __version__
from bot.config import GatewaySettings, Settings
from bot.gateway import Gateway, GatewayError, build_gateway
from bot.gateway.http import tls_context
from bot.i18n import Texts
from bot.service.bulk import BulkService
from bot.service.charts import Charts
from bot.service.metering import Meter, MeteredGateway, NoMeter
from bot.service.monitor import AccountMonitor
from bot.service.policy import TrackingPolicy
from bot.service.reports import Reports
from bot.service.schedules import ScheduleService
from bot.service.sending import SendService
from bot.service.tracking import DeliveryTracker
from bot.service.weekly import WeeklyReports
from bot.telegram.notifier import TelegramNotifier
from bot.telegram.outbox import OutboxPump
from bot.telegram.persistence import SqlitePersistence
from bot.telegram.routes import register, set_menu
from storage import Database

log = logging.getLogger(__name__)

# The database runs on aiosqlite's thread, which needs the GIL back after every SQLite step; at
# Python's default switch interval a busy event loop keeps it waiting. What a shorter one gains a
# campaign is measured by `bench.ab` (README, "Speed mechanisms").
GIL_SWITCH_INTERVAL = 0.0002  # seconds


def tune_interpreter() -> None:
    """What the bot's process needs of the interpreter; `serve` does it, benchmarks too."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)


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


def sandbox_state_file(settings: GatewaySettings) -> Path:
    """Beside the database: the sandbox's account, kept from one process to the next."""
    return settings.database_path.with_suffix(".sandbox.json")


@asynccontextmanager
async def open_gateway(settings: GatewaySettings) -> AsyncIterator[Gateway]:
    """The configured gateway; under SMS_SANDBOX, the built-in simulator started in-process."""
    async with AsyncExitStack() as stack:
        if settings.sms_sandbox:
            # Imported here: the simulator's HTTP server (aiohttp) costs start-up time otherwise.
            from bot.simulator import Simulator, SimulatorConfig

            simulator = Simulator(
                SimulatorConfig(
                    username=settings.sms_username,
                    password=settings.sms_password.get_secret_value(),
                    sender=settings.sms_sender,
                ),
                state_file=sandbox_state_file(settings),
            )
            await stack.enter_async_context(simulator)
            settings = settings.model_copy(
                update={"sms_endpoint": simulator.soap_url, "sms_link_url": simulator.link_url}
            )
        gateway = build_gateway(settings)
        stack.push_async_callback(gateway.aclose)
        yield gateway


class _Unwatched:
    """The account as `smsbridge send` watches it: not at all. The one-shot prints its own
    errors, and alerts (with their throttling and the low-credit state) are the bot's."""

    async def observe_error(self, error: GatewayError) -> None:
        return None

    def after_send(self) -> None:
        return None


@asynccontextmanager
async def open_recorded_sender(settings: GatewaySettings) -> AsyncIterator[SendService]:
    """What `smsbridge send` sends through: the bot's database (write-ahead, tracked later by
    the bot) and the configured gateway. Interrupted sends are left to the bot's start-up."""
    async with AsyncExitStack() as stack:
        db = await Database.open(settings.database_path)
        stack.push_async_callback(db.close)
        gateway = await stack.enter_async_context(open_gateway(settings))
        yield SendService(db, gateway, _Unwatched(), settings.tracking)


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
        notifier = TelegramNotifier(db, texts, settings.admin_ids, charts)
        monitor = AccountMonitor(db, gateway, notifier, threshold=settings.low_balance_threshold)
        stack.push_async_callback(monitor.aclose)
        sender = SendService(db, gateway, monitor, policy, meter=meter)
        bulk = BulkService(
            db, sender, concurrency=settings.bulk_concurrency, rate=settings.bulk_rate
        )
        stack.push_async_callback(bulk.aclose)
        schedules = ScheduleService(
            db, sender, bulk, notifier, zone=settings.zone, grace=settings.schedule_grace,
            concurrency=settings.bulk_concurrency,
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
            tracker=DeliveryTracker(db, gateway, notifier, monitor, policy),
            reports=Reports(
                db, language=settings.bot_language, zone=settings.zone,
                file_bytes=int(settings.export_file_mb * 1_000_000),
            ),
            charts=charts,
            weekly=WeeklyReports(db, charts, monitor, zone=settings.zone),
            notifier=notifier,
            pump=OutboxPump(db),
            policy=policy,
            schedules=schedules,
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
        .request(_telegram_request(settings, pool=256))
        .get_updates_request(_telegram_request(settings, pool=1))
        .rate_limiter(AIORateLimiter())
        .concurrent_updates(True)
        .persistence(SqlitePersistence(runtime.db))
        .build()
    )
    register(app, runtime)
    return app


def _telegram_request(settings: Settings, pool: int) -> HTTPXRequest:
    """PTB's own defaults, but on the process's one TLS context (loading CA bundles is slow),
    through TELEGRAM_PROXY if set (else httpx reads HTTPS_PROXY/ALL_PROXY, as it always did)."""
    return HTTPXRequest(
        connection_pool_size=pool, proxy=settings.telegram_proxy or None,
        httpx_kwargs={"verify": tls_context()},
    )


async def serve(settings: Settings, stop: asyncio.Event) -> None:
    """Run the bot until `stop` is set."""
    tune_interpreter()
    async with open_runtime(settings) as runtime:
        app = build_application(runtime)
        freeze_startup_heap()
        async with app:
            await set_menu(app.bot, runtime.texts)
            await app.start()
            await _start_updates(app, settings)
            await announce_start(runtime)
            log.info("smsbridge %s ready (%s)", __version__, runtime.gateway.transport)
            await stop.wait()
            assert app.updater is not None
            if app.updater.running:
                await app.updater.stop()
            await runtime.schedules.aclose()  # no new claims; sends in flight end first
            await runtime.bulk.aclose()  # while the bot can still talk: campaigns pause first
            await app.stop()


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


async def announce_start(runtime: Runtime) -> None:
    """After a (re)start: settle interrupted sends, tell the admins, offer to resume campaigns."""
    texts, notifier = runtime.texts, runtime.notifier
    interrupted = await runtime.sender.recover()
    runtime.schedules.open()
    singles = [record for record in interrupted if record.campaign_id is None]
    if singles:
        await notifier.to_admins(texts("notice.interrupted", count=len(singles)))
    for stalled in await runtime.bulk.stalled():
        await notifier.campaign_stalled(stalled)
    try:
        credit: object = (await runtime.monitor.read_balance()).credit
    except GatewayError:
        credit = texts("notice.credit_unknown")
    await notifier.to_admins(
        texts(
            "notice.startup", version=__version__, transport=runtime.gateway.transport,
            credit=credit,
        )
    )
    if runtime.settings.sms_sandbox:
        await notifier.to_admins(texts("notice.startup_sandbox"))
