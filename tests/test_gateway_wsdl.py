"""Loading the service description: the bundled file, a URL fetched once, and failures."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
from yarl import URL

from bot.gateway import OutcomeUnknown, TransportError, build_gateway
from bot.simulator import Simulator
from tests.fixtures_gateway import (
    RECIPIENT,
    closed_port_url,
    gateway_settings,
    in_words,
    requests_for,
)


def wsdl_downloads(sim: Simulator) -> int:
    return sum(1 for request in sim.requests if request.method == "GET" and request.query)


async def test_a_wsdl_url_is_fetched_once(gateway_sim: Simulator) -> None:
    settings = gateway_settings(gateway_sim, sms_wsdl=gateway_sim.wsdl_url)
    # The fetch blocks; a thread leaves this loop free to serve it.
    gateway = await asyncio.to_thread(build_gateway, settings)
    try:
        first = await gateway.send(RECIPIENT, "one")
        await gateway.send(RECIPIENT, "two")
        await gateway.balance()
    finally:
        await gateway.aclose()

    assert first.smsid is not None
    assert wsdl_downloads(gateway_sim) == 1
    assert len(requests_for(gateway_sim, "SendSMSWithID")) == 2


class NoNetwork:
    """Refuses, and records, every attempt to open a connection or resolve a name."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.attempts: list[object] = []
        monkeypatch.setattr(socket.socket, "connect", self._refuse)
        monkeypatch.setattr(socket.socket, "connect_ex", self._refuse)
        monkeypatch.setattr(socket, "getaddrinfo", self._refuse)

    def _refuse(self, *args: object) -> NoReturn:
        self.attempts.append(args[-1])
        raise OSError("this test allows no network")


async def test_the_bundled_wsdl_needs_no_network(
    gateway_sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = NoNetwork(monkeypatch)
    with pytest.raises(OSError):  # the guard holds
        socket.create_connection(("127.0.0.1", 9))
    guard.attempts.clear()
    gateway = build_gateway(gateway_settings(gateway_sim))
    await gateway.aclose()
    assert guard.attempts == []
    assert gateway_sim.requests == []


async def test_a_missing_wsdl_file_is_a_clear_error(
    gateway_sim: Simulator, tmp_path: Path
) -> None:
    settings = gateway_settings(gateway_sim, sms_wsdl=str(tmp_path / "missing.wsdl"))
    with pytest.raises(TransportError) as caught:
        build_gateway(settings)
    assert caught.value.name == "wsdl"
    assert "SMS_WSDL" in in_words(caught.value)


async def test_a_wsdl_url_answering_an_error_is_a_clear_error(gateway_sim: Simulator) -> None:
    settings = gateway_settings(gateway_sim, sms_wsdl=gateway_sim.base_url + "/nothing?WSDL")
    with pytest.raises(TransportError) as caught:
        await asyncio.to_thread(build_gateway, settings)
    assert caught.value.name == "wsdl"


async def test_a_wsdl_without_a_soap_binding_is_refused(
    gateway_sim: Simulator, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.wsdl"
    empty.write_text(
        '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
        'targetNamespace="http://tempuri.org/"/>'
    )
    with pytest.raises(TransportError, match=r"SOAP 1\.1"):
        build_gateway(gateway_settings(gateway_sim, sms_wsdl=str(empty)))


async def test_a_wsdl_url_down_at_start_is_loaded_once_it_comes_up(gateway_sim: Simulator) -> None:
    wsdl_url = closed_port_url("/service.asmx?WSDL")
    gateway = build_gateway(gateway_settings(gateway_sim, sms_wsdl=wsdl_url))  # refused: no raise
    wsdl_server = Simulator()
    try:
        with pytest.raises(TransportError) as refused:
            await gateway.send(RECIPIENT, "not sent")
        with pytest.raises(TransportError):
            await gateway.balance()
        await wsdl_server.start(port=URL(wsdl_url).port or 0)
        await _until(lambda: wsdl_downloads(wsdl_server) > 0, timeout=20)
        sent = await gateway.send(RECIPIENT, "sent once it loaded")
    finally:
        await gateway.aclose()
        await wsdl_server.stop()
    assert not isinstance(refused.value, OutcomeUnknown)
    assert refused.value.name == "wsdl" and "SMS_WSDL" in in_words(refused.value)
    assert sent.smsid is not None
    assert [m.text for m in gateway_sim.sent] == ["sent once it loaded"]
    assert len(requests_for(gateway_sim, "RemainSms")) == 0  # refused before the wire


async def _until(predicate: Callable[[], bool], timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() >= deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.01)
