"""Fixtures for the adapter tests: a simulator on 127.0.0.1 and gateways built against it.

The panel password holds URL and XML special characters and non-ASCII letters, so encoding bugs
and leaks both show.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import pytest
from aiohttp import web

from bot.config import GatewaySettings
from bot.gateway import Gateway, GatewayError, build_gateway
from bot.i18n import Texts, to_plain
from bot.simulator import ManualClock, RecordedRequest, Simulator, SimulatorConfig

GATEWAY_PASSWORD = "pässwörd&=+ S3cret<>"
RECIPIENT = "09121234567"
FAST_RETRY = 0.001


def in_words(error: GatewayError, language: str = "en") -> str:
    """What an admin reads about `error`, without markup."""
    return to_plain(Texts(language, ZoneInfo("Asia/Tehran")).gateway_reason(error))


class MakeGateway(Protocol):
    def __call__(
        self, transport: str = "soap", *, attempts: int = 3, **settings: Any
    ) -> Gateway: ...


def gateway_settings(sim: Simulator, **overrides: Any) -> GatewaySettings:
    """Settings pointing both wires at the simulator (no .env file is read)."""
    values: dict[str, Any] = {
        "sms_username": sim.config.username,
        "sms_password": sim.config.password,
        "sms_sender": sim.config.sender,
        "sms_endpoint": sim.soap_url,
        "sms_link_url": sim.link_url,
        "sms_timeout": 5.0,
        **overrides,
    }
    return GatewaySettings(_env_file=None, **values)  # type: ignore[call-arg]


def requests_for(sim: Simulator, operation: str) -> list[RecordedRequest]:
    return [request for request in sim.requests if request.operation == operation]


def closed_port_url(path: str) -> str:
    """An address on 127.0.0.1 where nothing listens: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


@pytest.fixture
def gateway_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def gateway_sim(gateway_clock: ManualClock) -> AsyncIterator[Simulator]:
    async with Simulator(SimulatorConfig(password=GATEWAY_PASSWORD), gateway_clock) as sim:
        yield sim


@pytest.fixture
async def make_gateway(gateway_sim: Simulator) -> AsyncIterator[MakeGateway]:
    made: list[Gateway] = []

    def make(transport: str = "soap", *, attempts: int = 3, **settings: Any) -> Gateway:
        config = gateway_settings(gateway_sim, sms_transport=transport, **settings)
        gateway = build_gateway(config, attempts=attempts, retry_delay=FAST_RETRY)
        made.append(gateway)
        return gateway

    yield make
    for gateway in made:
        await gateway.aclose()


@pytest.fixture
def soap(make_gateway: MakeGateway) -> Gateway:
    return make_gateway("soap")


@pytest.fixture
def link(make_gateway: MakeGateway) -> Gateway:
    return make_gateway("link")


class CannedServer:
    """A real HTTP server on 127.0.0.1 answering every request with one canned response."""

    def __init__(self) -> None:
        self.status = 200
        self.content_type = "text/xml"
        self.body = b""
        self.hits = 0
        self.url = ""

    async def _answer(self, request: web.Request) -> web.Response:
        self.hits += 1
        return web.Response(
            status=self.status, body=self.body, headers={"Content-Type": self.content_type}
        )


@pytest.fixture
async def canned_server() -> AsyncIterator[CannedServer]:
    server = CannedServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server._answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    server.url = f"http://{host}:{port}/service.asmx"
    yield server
    await runner.cleanup()
