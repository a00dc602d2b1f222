"""METRICS_PORT: the Prometheus endpoint answers over HTTP, its counters move when a send happens,
and its gauges are the storage snapshot `smsbridge health` reads."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.service.health import read_health
from bot.simulator import Simulator
from storage import Database
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import RunningBot, bot_settings

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def metered_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "m.db",
                            metrics_port=_free_port())
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        yield bot


async def _scrape(bot: RunningBot) -> Samples:
    url = f"http://127.0.0.1:{bot.settings.metrics_port}/metrics"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def _scrape_until(bot: RunningBot, name: str, timeout: float = 10.0) -> Samples:
    """Scrape again and again until a sample of `name` is there (the gauge's first value)."""
    deadline = time.monotonic() + timeout
    while True:
        samples = await _scrape(bot)
        if any(key[0] == name for key in samples) or time.monotonic() > deadline:
            return samples
        await asyncio.sleep(0.05)


def _value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_the_counters_move_when_a_send_happens(metered_bot: RunningBot) -> None:
    bot = metered_bot
    before = await _scrape(bot)
    assert _value(before, "smsbridge_sends_total", outcome="sent") == 0
    await bot.command("/send 09121234567 hello")
    bot.simulator.faults.answer_next("-19", operation="SendSMSWithID")
    await bot.command("/send 09121234568 hello")
    after = await _scrape(bot)
    assert _value(after, "smsbridge_sends_total", outcome="sent") == 1
    assert _value(after, "smsbridge_sends_total", outcome="failed") == 1
    calls = {labels: value for (name, labels), value in after.items()
             if name == "smsbridge_gateway_calls_total" and dict(labels)["operation"] == "send"}
    assert calls[(("operation", "send"), ("result", "ok"))] == 1
    assert sum(calls.values()) == 2  # the refusal is counted under its kind
    assert _value(after, "smsbridge_gateway_latency_seconds_count", operation="send") == 2
    assert _value(after, "smsbridge_messages", state="pending") == 1
    assert _value(after, "smsbridge_messages", state="failed") == 1
    assert _value(after, "smsbridge_credit") > 0  # read at start-up, kept in storage


async def test_the_gauges_are_the_health_snapshot(metered_bot: RunningBot) -> None:
    bot = metered_bot
    await bot.command("/send 09121234567 hello")
    samples = await _scrape_until(bot, "smsbridge_last_sweep_timestamp_seconds")
    db = await Database.open(bot.settings.database_path)
    try:
        health = await read_health(db, now=time.time())
    finally:
        await db.close()
    assert health.last_sweep is not None
    assert _value(samples, "smsbridge_last_sweep_timestamp_seconds") <= health.last_sweep
    assert _value(samples, "smsbridge_last_sweep_timestamp_seconds") > time.time() - 60
    assert _value(samples, "smsbridge_campaigns_running") == health.campaigns_running == 0
    assert _value(samples, "smsbridge_credit") == health.credit
    assert _value(samples, "smsbridge_database_up") == 1
    for state, count in health.states.items():
        assert _value(samples, "smsbridge_messages", state=state.value) == count
    assert ("smsbridge_outbox_backlog", ()) in samples
