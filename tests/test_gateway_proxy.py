"""SMS_PROXY: every gateway request (SOAP, link API, a WSDL URL) goes through the proxy, over real
sockets, to a host name only the proxy can resolve."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from yarl import URL

from bot.config import ConfigError, Settings, load_settings
from bot.gateway import Gateway, OutcomeUnknown, TransportError, build_gateway
from bot.gateway.http import tls_context
from bot.proxy import masked
from bot.redact import RedactingFilter
from bot.simulator import ManualClock, Simulator, SimulatorConfig
from tests.fixtures_gateway import FAST_RETRY, RECIPIENT, gateway_settings, in_words, requests_for
from tests.proxies import HttpProxy, Socks5Proxy
from tests.tls import made_up_tls

GATEWAY_HOST = "sms.gateway.test"
PROXY_USER, PROXY_PASSWORD = "bridge", "proxy-Secret-9"


def on_made_up_host(url: str) -> str:
    """The simulator's address under a name this machine cannot resolve."""
    return str(URL(url).with_host(GATEWAY_HOST))


def via_proxy(sim: Simulator, proxy: str, **overrides: Any) -> Gateway:
    settings = gateway_settings(
        sim, sms_endpoint=on_made_up_host(sim.soap_url), sms_link_url=on_made_up_host(sim.link_url),
        sms_proxy=proxy, **overrides,
    )
    return build_gateway(settings, attempts=2, retry_delay=FAST_RETRY)


@pytest.fixture(params=["socks5h", "http"])
async def proxy(request: pytest.FixtureRequest) -> AsyncIterator[Socks5Proxy | HttpProxy]:
    kind = Socks5Proxy if request.param == "socks5h" else HttpProxy
    async with kind({GATEWAY_HOST: "127.0.0.1"}, auth=(PROXY_USER, PROXY_PASSWORD)) as running:
        yield running


async def test_without_the_proxy_the_made_up_host_is_unreachable(gateway_sim: Simulator) -> None:
    gateway = via_proxy(gateway_sim, "")
    try:
        with pytest.raises(TransportError):
            await gateway.balance()
    finally:
        await gateway.aclose()
    assert not requests_for(gateway_sim, "RemainSms")


@pytest.mark.parametrize("transport", ["soap", "link"])
async def test_sends_go_through_the_proxy(
    gateway_sim: Simulator, proxy: Socks5Proxy | HttpProxy, transport: str
) -> None:
    gateway = via_proxy(gateway_sim, proxy.url, sms_transport=transport)
    try:
        await gateway.send(RECIPIENT, "through the proxy")
    finally:
        await gateway.aclose()
    assert [m.text for m in gateway_sim.sent] == ["through the proxy"]
    assert proxy.targets and all(t.startswith(f"{GATEWAY_HOST}:") for t in proxy.targets)


async def test_plain_socks5_resolves_the_gateway_name_here_not_at_the_proxy(
    gateway_sim: Simulator,
) -> None:
    async with Socks5Proxy({GATEWAY_HOST: "127.0.0.1"}) as proxy:
        local = via_proxy(gateway_sim, proxy.url.replace("socks5h://", "socks5://"))
        try:
            with pytest.raises(TransportError):
                await local.balance()
        finally:
            await local.aclose()
    assert proxy.targets == []  # the name never reached the proxy
    assert not requests_for(gateway_sim, "RemainSms")


async def test_the_wsdl_url_is_fetched_through_the_proxy(
    gateway_sim: Simulator, proxy: Socks5Proxy | HttpProxy
) -> None:
    # Loading the WSDL blocks (as at start-up): on a thread, so this loop's proxy can answer.
    gateway = await asyncio.to_thread(
        via_proxy, gateway_sim, proxy.url, sms_wsdl=on_made_up_host(gateway_sim.wsdl_url)
    )
    try:
        fetched = len(proxy.targets)
        assert (await gateway.balance()).credit >= 0
    finally:
        await gateway.aclose()
    assert fetched >= 1 and len(proxy.targets) > fetched


@pytest.mark.parametrize("transport", ["soap", "link"])
async def test_https_is_tunnelled_by_connect_and_its_certificate_checked(transport: str) -> None:
    tls = made_up_tls(GATEWAY_HOST)
    async with (
        Simulator(SimulatorConfig(), ManualClock(), tls=tls.server) as sim,
        HttpProxy({GATEWAY_HOST: "127.0.0.1"}, auth=(PROXY_USER, PROXY_PASSWORD)) as proxy,
    ):
        untrusted = via_proxy(sim, proxy.url, sms_transport=transport)
        try:
            with pytest.raises(TransportError) as refused:
                await untrusted.send(RECIPIENT, "not sent: the certificate is not trusted")
        finally:
            await untrusted.aclose()
        tls.trust_in(tls_context())  # the process's one context, as PTB's and the WSDL's too
        # Loading the WSDL blocks (as at start-up): on a thread, so this loop's proxy can answer.
        gateway = await asyncio.to_thread(
            via_proxy, sim, proxy.url, sms_transport=transport,
            sms_wsdl=on_made_up_host(sim.wsdl_url),
        )
        try:
            await gateway.send(RECIPIENT, "through the tunnel")
        finally:
            await gateway.aclose()
    assert not isinstance(refused.value, OutcomeUnknown)
    assert refused.value.name == "tls_failed" and "certificate" in in_words(refused.value)
    assert sim.base_url.startswith("https://")
    assert [m.text for m in sim.sent] == ["through the tunnel"]
    tunnel = f"{GATEWAY_HOST}:{URL(sim.base_url).port}"
    assert proxy.targets == proxy.tunnels and set(proxy.tunnels) == {tunnel}
    # the refused send, the WSDL (SOAP only), the send
    assert len(proxy.tunnels) == (3 if transport == "soap" else 2)


async def test_a_refusing_proxy_is_one_clear_error_and_nothing_was_sent(
    gateway_sim: Simulator, proxy: Socks5Proxy | HttpProxy
) -> None:
    gateway = via_proxy(gateway_sim, proxy.url)
    try:
        await proxy.stop()
        with pytest.raises(TransportError) as refused:
            await gateway.send(RECIPIENT, "not sent")
        assert not isinstance(refused.value, OutcomeUnknown)
        proxy.dropping = True
        await proxy.start()
        with pytest.raises(TransportError) as dropped:
            await gateway.balance()
        proxy.dropping = False
        assert (await gateway.balance()).credit >= 0  # back: the next call goes through
    finally:
        await gateway.aclose()
    for error in (refused.value, dropped.value):
        for text in (str(error), error.detail, in_words(error), in_words(error, "fa")):
            assert "\n" not in text and PROXY_PASSWORD not in text
    assert "proxy" in in_words(refused.value)
    assert not gateway_sim.sent


async def test_a_wrong_proxy_password_is_refused_before_anything_is_sent(
    gateway_sim: Simulator, proxy: Socks5Proxy | HttpProxy
) -> None:
    wrong = proxy.url.replace(PROXY_PASSWORD, "wrong-password")
    gateway = via_proxy(gateway_sim, wrong)
    try:
        with pytest.raises(TransportError) as refused:
            await gateway.send(RECIPIENT, "not sent")
    finally:
        await gateway.aclose()
    assert not isinstance(refused.value, OutcomeUnknown)
    assert "wrong-password" not in f"{refused.value} {refused.value.detail} {in_words(refused.value)}"
    assert not gateway_sim.sent


@pytest.mark.parametrize("variable", ["SMS_PROXY", "TELEGRAM_PROXY"])
@pytest.mark.parametrize("value", [
    f"ftp://bridge:{PROXY_PASSWORD}@10.0.0.5:21", f"socks5://bridge:{PROXY_PASSWORD}@10.0.0.5",
    f"http://bridge:{PROXY_PASSWORD}@10.0.0.5:99999", f"socks5h://bridge:{PROXY_PASSWORD}@:1080",
])
def test_a_malformed_proxy_is_one_line_naming_the_variable_never_the_password(
    variable: str, value: str
) -> None:
    values = {"telegram_bot_token": "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
              "admin_ids": "1", "sms_sandbox": True, variable.lower(): value}
    with pytest.raises(ConfigError) as error:
        load_settings(Settings, _env_file=None, **values)
    [line] = error.value.problems
    assert line.startswith(f"{variable}: ") and PROXY_PASSWORD not in line


def test_proxy_passwords_are_secrets_and_masked_when_shown() -> None:
    settings = load_settings(
        Settings, _env_file=None, telegram_bot_token="123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
        admin_ids="1", sms_sandbox=True, sms_proxy=f"socks5h://bridge:{PROXY_PASSWORD}@10.0.0.5:1080",
        telegram_proxy="http://tg:other-Secret-7@198.51.100.7:3128",
    )
    assert {PROXY_PASSWORD, "other-Secret-7"} <= set(settings.secrets())
    assert masked(settings.sms_proxy) == "socks5h://bridge:***@10.0.0.5:1080"
    assert masked(settings.telegram_proxy) == "http://tg:***@198.51.100.7:3128"
    assert RedactingFilter(settings.secrets()).redact(f"via {settings.sms_proxy}") == (
        "via socks5h://bridge:***@10.0.0.5:1080"
    )
