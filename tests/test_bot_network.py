"""The whole bot across a filtered network: Telegram and the gateway each on a host name only a
proxy can resolve, Telegram going away and coming back, and stopping while much is in flight."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot
from yarl import URL

from bot.app import serve
from bot.config import Settings
from bot.gateway.http import tls_context
from bot.simulator import ManualClock, Simulator, SimulatorConfig
from bot.telegram.connect import TokenRejected, telegram_request
from storage import Database
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_environment, bot_settings
from tests.fixtures_gateway import closed_port_url
from tests.fixtures_storage import store_tracked
from tests.proxies import HttpProxy, Socks5Proxy
from tests.tls import made_up_tls

TELEGRAM_HOST = "api.telegram.test"
GATEWAY_HOST = "sms.gateway.test"
PROXY_PASSWORD = "proxy-Secret-9"
CSV = b"number\n09121111111\n09122222222\n"


def _moved(url: str, host: str) -> str:
    return str(URL(url).with_host(host))


def _proxy(kind: str, host: str) -> Socks5Proxy | HttpProxy:
    proxy = Socks5Proxy if kind == "socks5h" else HttpProxy
    return proxy({host: "127.0.0.1"}, auth=("bridge", PROXY_PASSWORD))


@pytest.fixture(params=[("socks5h", "http"), ("http", "socks5h")], ids=["tg-socks-sms-http",
                                                                       "tg-http-sms-socks"])
async def proxied_bot(
    request: pytest.FixtureRequest, fake_telegram: FakeTelegram, bot_simulator: Simulator,
    tmp_path: Path,
) -> AsyncIterator[tuple[RunningBot, Socks5Proxy | HttpProxy, Socks5Proxy | HttpProxy]]:
    telegram_kind, sms_kind = request.param
    async with (
        _proxy(telegram_kind, TELEGRAM_HOST) as telegram_proxy,
        _proxy(sms_kind, GATEWAY_HOST) as sms_proxy,
    ):
        settings = _behind(fake_telegram, telegram_proxy, bot_simulator, sms_proxy, tmp_path)
        bot = RunningBot(fake_telegram, bot_simulator, settings)
        await bot.start()
        try:
            yield bot, telegram_proxy, sms_proxy
        finally:
            await bot.stop()


def _behind(
    telegram: FakeTelegram, telegram_proxy: Socks5Proxy | HttpProxy, simulator: Simulator,
    sms_proxy: Socks5Proxy | HttpProxy, folder: Path,
) -> Settings:
    """The bot's settings with each side on its made-up host name, reached through its proxy."""
    return bot_settings(
        telegram, simulator, folder / "bot.db",
        telegram_api_url=_moved(telegram.base_url, TELEGRAM_HOST),
        telegram_proxy=telegram_proxy.url,
        sms_endpoint=_moved(simulator.soap_url, GATEWAY_HOST),
        sms_link_url=_moved(simulator.link_url, GATEWAY_HOST),
        sms_proxy=sms_proxy.url,
    )


def _with(bot: RunningBot, mark: str) -> list[dict[str, Any]]:
    return [m for m in bot.telegram.messages_in(ADMIN) if mark in m.get("text", "")]


async def test_polls_sends_tracks_and_pushes_through_both_proxies(
    proxied_bot: tuple[RunningBot, Socks5Proxy | HttpProxy, Socks5Proxy | HttpProxy],
) -> None:
    bot, telegram_proxy, sms_proxy = proxied_bot
    await _polls_sends_tracks_and_pushes(bot)
    assert {t.split(":")[0] for t in telegram_proxy.targets} == {TELEGRAM_HOST}
    assert {t.split(":")[0] for t in sms_proxy.targets} == {GATEWAY_HOST}


async def _polls_sends_tracks_and_pushes(bot: RunningBot) -> None:
    reply = await bot.command("/send 09121234567 through the proxies")
    assert "09121234567" in reply
    [sent] = bot.simulator.sent
    assert sent.smsid is not None
    bot.simulator.force_state(sent.smsid, "5")
    await bot.telegram.wait_for(lambda: bool(_with(bot, "📬")), timeout=10)
    # a file download goes through TELEGRAM_PROXY too
    update = bot.telegram.send_document(ADMIN, "numbers.csv", CSV, caption="/bulk Hello")
    confirmation = await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)
    assert "Campaign #" in confirmation["text"]
    assert bot.gateway_requests("smsdeliveryState")
    assert bot.telegram.calls_to("getUpdates") and bot.telegram.calls_to("getFile")


async def test_over_https_both_sides_are_tunnelled_by_connect(tmp_path: Path) -> None:
    tls = made_up_tls(TELEGRAM_HOST, GATEWAY_HOST)
    tls.trust_in(tls_context())  # the process's one TLS context, PTB's and the gateway's
    async with (
        FakeTelegram(tls=tls.server) as telegram,
        Simulator(SimulatorConfig(), ManualClock(start=time.time()), tls=tls.server) as simulator,
        HttpProxy({TELEGRAM_HOST: "127.0.0.1"}, auth=("bridge", PROXY_PASSWORD)) as telegram_proxy,
        HttpProxy({GATEWAY_HOST: "127.0.0.1"}, auth=("bridge", PROXY_PASSWORD)) as sms_proxy,
    ):
        settings = _behind(telegram, telegram_proxy, simulator, sms_proxy, tmp_path)
        async with RunningBot(telegram, simulator, settings) as bot:
            await _polls_sends_tracks_and_pushes(bot)
    assert telegram.base_url.startswith("https://") and simulator.base_url.startswith("https://")
    assert telegram_proxy.targets == telegram_proxy.tunnels
    assert set(telegram_proxy.tunnels) == {f"{TELEGRAM_HOST}:{telegram.port}"}
    assert sms_proxy.targets == sms_proxy.tunnels
    assert set(sms_proxy.tunnels) == {f"{GATEWAY_HOST}:{URL(simulator.base_url).port}"}


async def test_plain_socks5_resolves_the_telegram_name_at_the_proxy(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
) -> None:
    async with Socks5Proxy({TELEGRAM_HOST: "127.0.0.1"}) as proxy:
        settings = bot_settings(
            fake_telegram, bot_simulator, tmp_path / "bot.db",
            telegram_api_url=_moved(fake_telegram.base_url, TELEGRAM_HOST),
            telegram_proxy=proxy.url.replace("socks5h://", "socks5://"),
        )
        bot = Bot(fake_telegram.token, base_url=settings.telegram_api_url,
                  request=telegram_request(settings, pool=1))
        async with bot:
            name = bot.username
    assert name == fake_telegram.bot_user["username"]
    assert set(proxy.targets) == {f"{TELEGRAM_HOST}:{fake_telegram.port}"}


async def test_a_telegram_proxy_that_goes_away_is_survived(
    proxied_bot: tuple[RunningBot, Socks5Proxy | HttpProxy, Socks5Proxy | HttpProxy],
) -> None:
    bot, telegram_proxy, _ = proxied_bot
    await bot.command("/send 09121234567 before the outage")
    [sent] = bot.simulator.sent
    assert sent.smsid is not None
    await telegram_proxy.stop()
    bot.simulator.force_state(sent.smsid, "5")
    asked = len(bot.gateway_requests("smsdeliveryState"))
    await bot.telegram.wait_for(
        lambda: len(bot.gateway_requests("smsdeliveryState")) > asked, timeout=10
    )
    assert not _with(bot, "📬")
    await telegram_proxy.start()
    await bot.telegram.wait_for(lambda: bool(_with(bot, "📬")), timeout=20)
    assert len(_with(bot, "📬")) == 1


async def test_telegram_away_at_start_up_is_waited_for_while_tracking_goes_on(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db")
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    await bot.command("/send 09121234567 before the outage")
    [sent] = bot.simulator.sent
    assert sent.smsid is not None
    await bot.stop()
    await fake_telegram.go_down()
    caplog.set_level(logging.WARNING)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, stop))
    try:
        bot.simulator.force_state(sent.smsid, "5")
        asked = len(bot.gateway_requests("smsdeliveryState"))
        await fake_telegram.wait_for(
            lambda: len(bot.gateway_requests("smsdeliveryState")) > asked, timeout=10
        )
        await fake_telegram.wait_for(lambda: _attempts(caplog) >= 2, timeout=10)
        await fake_telegram.come_back()
        await fake_telegram.wait_for(lambda: len(bot.startup_notices()) >= 2, timeout=10)
        await fake_telegram.wait_for(lambda: bool(_with(bot, "📬")), timeout=10)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)
    assert len(_with(bot, "📬")) == 1
    lines = [r for r in caplog.records if "Telegram is not reachable" in r.getMessage()]
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in lines)
    assert all(fake_telegram.token not in r.getMessage() for r in caplog.records)


def _attempts(caplog: pytest.LogCaptureFixture) -> int:
    return sum("Telegram is not reachable" in r.getMessage() for r in caplog.records)


async def test_a_rejected_token_ends_the_bot_with_a_clear_error(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
) -> None:
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "bot.db",
        telegram_bot_token="123456:WRONG-token-abcdefghijklmnopqrstuv",
    )
    with pytest.raises(TokenRejected) as rejected:
        await asyncio.wait_for(serve(settings, asyncio.Event()), timeout=15)
    assert "TELEGRAM_BOT_TOKEN" in str(rejected.value) and "WRONG" not in str(rejected.value)


async def test_a_campaign_keeps_sending_while_telegram_is_away(running_bot: RunningBot) -> None:
    bot = running_bot
    numbers = [f"0912{n:07d}" for n in range(1, 41)]
    bot.simulator.faults.latency = 0.2
    confirmation = await bot.reply_to(
        bot.telegram.send_text(ADMIN, "/bulk\n" + "\n".join(numbers) + "\n\nHello",
                               language_code="en")["message"]["message_id"],
        chat_id=ADMIN,
    )
    query = bot.telegram.press_button(ADMIN, confirmation, "bulk:send:1")["callback_query"]
    await bot.telegram.wait_for(lambda: any(
        c.params.get("callback_query_id") == query["id"]
        for c in bot.telegram.calls_to("answerCallbackQuery")
    ))
    await bot.telegram.go_down()
    await bot.telegram.wait_for(lambda: len(bot.simulator.sent) == len(numbers), timeout=20)
    assert not _with(bot, "🏁")
    await bot.telegram.come_back()
    await bot.telegram.wait_for(lambda: bool(_with(bot, "🏁")), timeout=20)
    assert len(_with(bot, "🏁")) == 1
    assert len(bot.simulator.sent) == len(numbers)


async def test_a_stop_with_thousands_of_checks_due_ends_between_calls(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
) -> None:
    due = 3000
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db")
    db = await Database.open(settings.database_path)
    try:
        await store_tracked(db, [f"9{n:08d}" for n in range(due)])
    finally:
        await db.close()
    bot_simulator.faults.latency = 0.5  # a slow gateway: every check is in flight for a while
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    await fake_telegram.wait_for(lambda: len(bot.gateway_requests("smsdeliveryState")) >= 8)
    await bot.stop()  # returns: the process would end now
    db = await Database.open(settings.database_path)
    try:
        rows = [record async for record in db.messages.iter_since(0)]
    finally:
        await db.close()
    checked = [r for r in rows if r.checks > 0]
    waiting = [r for r in rows if r.checks == 0]
    assert len(rows) == due and len(checked) < due / 10  # it did not wait for the sweep
    assert all(r.next_check_at is not None and r.delivery_code is None for r in waiting)
    assert all(r.delivery_code is not None for r in checked)  # a check counts only when answered


async def test_check_reports_each_side_and_its_proxy(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
) -> None:
    async with (
        _proxy("socks5h", TELEGRAM_HOST) as telegram_proxy,
        _proxy("http", GATEWAY_HOST) as sms_proxy,
    ):
        environment = {
            **bot_environment(fake_telegram, bot_simulator, tmp_path / "bot.db"),
            "TELEGRAM_API_URL": _moved(fake_telegram.base_url, TELEGRAM_HOST),
            "TELEGRAM_PROXY": telegram_proxy.url,
            "SMS_ENDPOINT": _moved(bot_simulator.soap_url, GATEWAY_HOST),
            "SMS_PROXY": sms_proxy.url,
        }
        both = await _smsbridge_check(environment, tmp_path)
        await telegram_proxy.stop()
        telegram_broken = await _smsbridge_check(environment, tmp_path)
    assert both[0] == 0, both
    lines = both[1].splitlines()
    assert f"through SMS_PROXY http://bridge:***@127.0.0.1:{sms_proxy.port}" in lines[1]
    assert lines[1].startswith("gateway: reachable")
    assert f"TELEGRAM_PROXY socks5h://bridge:***@127.0.0.1:{telegram_proxy.port}" in lines[2]
    assert lines[2].startswith("telegram: reachable")
    assert telegram_broken[0] == 1
    assert "gateway: reachable" in telegram_broken[1]
    assert "telegram: NOT reachable through TELEGRAM_PROXY" in telegram_broken[1]
    assert PROXY_PASSWORD not in both[1] + telegram_broken[1]


async def test_check_trusts_the_certificate_authorities_in_ssl_cert_file(tmp_path: Path) -> None:
    """As behind a TLS-intercepting proxy: the CA to trust is named by SSL_CERT_FILE."""
    tls = made_up_tls(TELEGRAM_HOST, GATEWAY_HOST)
    async with (
        FakeTelegram(tls=tls.server) as telegram,
        Simulator(SimulatorConfig(), ManualClock(start=time.time()), tls=tls.server) as simulator,
        _proxy("http", TELEGRAM_HOST) as telegram_proxy,
        _proxy("http", GATEWAY_HOST) as sms_proxy,
    ):
        environment = {
            **bot_environment(telegram, simulator, tmp_path / "bot.db"),
            "TELEGRAM_API_URL": _moved(telegram.base_url, TELEGRAM_HOST),
            "TELEGRAM_PROXY": telegram_proxy.url,
            "SMS_ENDPOINT": _moved(simulator.soap_url, GATEWAY_HOST),
            "SMS_PROXY": sms_proxy.url,
            "SSL_CERT_FILE": str(tls.bundle(tmp_path)),
        }
        code, output = await _smsbridge_check(environment, tmp_path)
    assert code == 0, output
    assert "gateway: reachable" in output and "telegram: reachable" in output
    assert isinstance(telegram_proxy, HttpProxy) and isinstance(sms_proxy, HttpProxy)
    assert telegram_proxy.tunnels == telegram_proxy.targets != []
    assert sms_proxy.tunnels == sms_proxy.targets != []


async def _smsbridge_check(environment: dict[str, str], folder: Path) -> tuple[int, str]:
    ours = ("SMS_", "TELEGRAM_", "ADMIN")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "check", cwd=folder, env={**clean, **environment},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_a_gateway_away_at_start_up_is_told_to_the_admins_and_the_bot_serves(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
) -> None:
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "bot.db",
        sms_endpoint=closed_port_url("/service.asmx"),
    )
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    try:
        await fake_telegram.wait_for(lambda: bool(_with(bot, "cannot be reached")), timeout=10)
        reply = await bot.command("/help")
        assert reply
    finally:
        await bot.stop()


async def test_a_wsdl_url_away_at_start_up_is_told_and_loaded_once_it_answers(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
) -> None:
    wsdl_url = closed_port_url("/service.asmx?WSDL")
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db", sms_wsdl=wsdl_url)
    wsdl_server = Simulator()
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    try:
        await fake_telegram.wait_for(lambda: bool(_with(bot, "cannot be reached")), timeout=10)
        refused = await bot.command("/send 09121234567 while the WSDL is away")
        await wsdl_server.start(port=URL(wsdl_url).port or 0)
        await fake_telegram.wait_for(
            lambda: any(r.method == "GET" and r.query for r in wsdl_server.requests), timeout=30
        )
        accepted = await bot.command("/send 09121234567 once it loaded")
    finally:
        await bot.stop()
        await wsdl_server.stop()
    [notice] = _with(bot, "cannot be reached")
    assert "SMS_WSDL" in notice["text"]
    assert "Nothing was sent" in refused and "SMS_WSDL" in refused
    assert [m.text for m in bot_simulator.sent] == ["once it loaded"]
    assert "❌" not in accepted
