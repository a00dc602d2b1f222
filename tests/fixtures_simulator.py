"""Fixtures: a running simulator on 127.0.0.1 whose clock only moves when a test says so, and
`sim_http`, a hand-written SOAP / link client over plain httpx (no zeep, no adapter)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from xml.sax.saxutils import escape

import httpx
import pytest
from lxml import etree

from bot.simulator import ManualClock, Simulator, SimulatorConfig

TEMPURI = "http://tempuri.org/"
ENVELOPE_NS = {
    "1.1": "http://schemas.xmlsoap.org/soap/envelope/",
    "1.2": "http://www.w3.org/2003/05/soap-envelope",
}
RECIPIENT = "09121234567"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class SimHttp:
    """Talks to a simulator as any SOAP or link client would, with requests built by hand."""

    def __init__(self, simulator: Simulator, client: httpx.AsyncClient) -> None:
        self.simulator = simulator
        self.client = client

    def login(self) -> dict[str, str]:
        config = self.simulator.config
        return {"username": config.username, "password": config.password}

    def send_fields(self, text: str = "hello", **overrides: str) -> dict[str, str]:
        """SendSMS inputs for the simulator's panel; `overrides` replace or add fields."""
        fields = {
            **self.login(), "mobileno": RECIPIENT, "pnlno": self.simulator.config.sender,
            "text": text, "isflash": "false",
        }
        return {**fields, **overrides}

    async def post(
        self, operation: str, fields: dict[str, str], version: str = "1.1"
    ) -> httpx.Response:
        action = TEMPURI + operation
        if version == "1.1":
            headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
        else:
            headers = {"Content-Type": f'application/soap+xml; charset=utf-8; action="{action}"'}
        body = envelope(operation, fields, version)
        return await self.client.post(self.simulator.soap_url, content=body, headers=headers)

    async def call(self, operation: str, fields: dict[str, str], version: str = "1.1") -> str:
        """The `<OpResult>` text of a successful HTTP exchange."""
        response = await self.post(operation, fields, version)
        assert response.status_code == 200, response.text
        return result_of(response, operation, version)

    async def link(self, **params: str) -> httpx.Response:
        return await self.client.get(self.simulator.link_url, params=params)

    def link_params(self, text: str = "hello", **overrides: str) -> dict[str, str]:
        config = self.simulator.config
        params = {
            "FROM": config.sender, "TO": RECIPIENT, "TEXT": text, "USERNAME": config.username,
            "PASSWORD": config.password, "DOMAIN": "0098",
        }
        return {**params, **overrides}


def envelope(operation: str, fields: dict[str, str], version: str = "1.1") -> bytes:
    """Written by hand (not lxml) so a test can send control characters, as &#N; references."""
    inputs = "".join(f"<{name}>{_xml_text(value)}</{name}>" for name, value in fields.items())
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{ENVELOPE_NS[version]}">'
        f'<soap:Body><{operation} xmlns="{TEMPURI}">{inputs}</{operation}></soap:Body>'
        "</soap:Envelope>"
    ).encode()


def _xml_text(value: str) -> str:
    return _CONTROL.sub(lambda match: f"&#{ord(match.group())};", escape(value))


def result_of(response: httpx.Response, operation: str, version: str = "1.1") -> str:
    root = etree.fromstring(response.content)
    ns = ENVELOPE_NS[version]
    path = f"{{{ns}}}Body/{{{TEMPURI}}}{operation}Response/{{{TEMPURI}}}{operation}Result"
    result = root.find(path)
    assert result is not None, response.text
    return result.text or ""


def local_http() -> httpx.AsyncClient:
    """A client for 127.0.0.1 only: no proxies from the environment, no costly TLS setup."""
    return httpx.AsyncClient(timeout=10, verify=False, trust_env=False)


@pytest.fixture
def sim_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sim_config() -> SimulatorConfig:
    """Override in a test module to run the simulator with other settings."""
    return SimulatorConfig()


@pytest.fixture
async def simulator(
    sim_config: SimulatorConfig, sim_clock: ManualClock
) -> AsyncIterator[Simulator]:
    async with Simulator(sim_config, sim_clock) as running:
        yield running


@pytest.fixture
async def sim_http(simulator: Simulator) -> AsyncIterator[SimHttp]:
    async with local_http() as client:
        yield SimHttp(simulator, client)
