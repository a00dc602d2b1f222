"""The Prometheus endpoint (METRICS_PORT): counters the service layer moves, gauges read from
storage at each scrape (the same snapshot `smsbridge health` judges), on a registry of its own.

prometheus-client is imported only when the endpoint is on. The endpoint is served by aiohttp on
the bot's event loop, so each scrape reads storage through the one connection, like any handler.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from aiohttp import web

from bot.service.health import Health, read_health
from storage import Database

if TYPE_CHECKING:
    from prometheus_client.metrics_core import Metric

log = logging.getLogger(__name__)

# Gateway answers take tens of milliseconds to the timeout (SMS_TIMEOUT, 20 s by default).
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 60.0)
PATH = "/metrics"


class Metrics:
    """The registry, its counters (a `Meter`) and the storage-backed gauges."""

    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self._db = db
        self._clock = clock
        self.registry = CollectorRegistry()
        self._sends = Counter(
            "smsbridge_sends", "Messages whose send ended, by outcome.", ["outcome"],
            registry=self.registry,
        )
        self._calls = Counter(
            "smsbridge_gateway_calls", "Gateway calls, by operation and result.",
            ["operation", "result"], registry=self.registry,
        )
        self._latency = Histogram(
            "smsbridge_gateway_latency_seconds", "Time a gateway call took, by operation.",
            ["operation"], buckets=LATENCY_BUCKETS, registry=self.registry,
        )
        self._gauges = StorageGauges()
        self.registry.register(self._gauges)

    def send_outcome(self, outcome: str) -> None:
        self._sends.labels(outcome).inc()

    def gateway_call(self, operation: str, result: str, seconds: float) -> None:
        self._calls.labels(operation, result).inc()
        self._latency.labels(operation).observe(seconds)

    async def exposition(self) -> tuple[bytes, str]:
        """The text a scrape gets, with gauges as storage holds them now."""
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        self._gauges.health = await read_health(self._db, now=self._clock())
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class StorageGauges:
    """A collector of the gauges of one `Health` snapshot, taken just before each scrape."""

    def __init__(self) -> None:
        self.health: Health | None = None

    def describe(self) -> list[Metric]:
        return []  # nothing to check at registration: the names are all of this module's

    def collect(self) -> Iterator[Metric]:
        from prometheus_client.core import GaugeMetricFamily

        health = self.health
        if health is None:
            return
        yield GaugeMetricFamily("smsbridge_database_up", "1 when the database answers.",
                                value=int(health.database_ok))
        states = GaugeMetricFamily(
            "smsbridge_messages", "Messages created in the last 24 hours, by where they stand.",
            labels=["state"],
        )
        for state, count in health.states.items():
            states.add_metric([state.value], count)
        yield states
        for name, documentation, value in (
            ("smsbridge_credit", "The credit the gateway last reported.", health.credit),
            ("smsbridge_credit_read_timestamp_seconds", "When the credit was last read.",
             health.credit_at),
            ("smsbridge_outbox_backlog", "Chat messages waiting in the outbox.",
             health.outbox_backlog),
            ("smsbridge_outbox_oldest_timestamp_seconds",
             "When the longest-waiting outbox item was queued.", health.outbox_oldest),
            ("smsbridge_campaigns_running", "Campaigns sending now.", health.campaigns_running),
            ("smsbridge_delivery_checks_due", "Tracked messages whose delivery check is due.",
             health.due_checks),
            ("smsbridge_last_sweep_timestamp_seconds", "When the delivery sweep last finished.",
             health.last_sweep),
        ):
            if value is not None:  # never read: no sample rather than a made-up zero
                yield GaugeMetricFamily(name, documentation, value=value)


@asynccontextmanager
async def serve_metrics(metrics: Metrics, *, host: str, port: int) -> AsyncIterator[None]:
    async def scrape(_: web.Request) -> web.Response:
        body, content_type = await metrics.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})

    app = web.Application()
    app.router.add_get(PATH, scrape)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("metrics on http://%s:%s%s", host, port, PATH)
        yield
    finally:
        await runner.cleanup()
