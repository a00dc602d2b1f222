"""SOAP requests rendered once and filled in per call: the bytes are the ones zeep renders for
that call (as the plain path, `reuse_shapes=False`, has them), and the simulator reads each call's
own values."""

from __future__ import annotations

import functools
from typing import Any

import pytest
import zeep
from hypothesis import given, settings
from hypothesis import strategies as st
from zeep.wsdl.bindings.soap import Soap11Binding
from zeep.wsdl.utils import etree_to_string

from bot.config import BUNDLED_WSDL, GatewaySettings
from bot.gateway import Gateway
from bot.gateway.http import WireFault
from bot.gateway.soap_port import SoapPort
from bot.simulator import Simulator
from tests.fixtures_gateway import GATEWAY_PASSWORD, requests_for

PERSIAN = "سلام <b>&amp;</b> \"'\u200c ✅"
MARKED = "smsbridge-fills-this-in: a text that holds the marker"
ACCOUNT: dict[str, object] = {"username": "user", "password": GATEWAY_PASSWORD}
# (operation, the field a call fills in, the other fields)
CASES: list[tuple[str, str, dict[str, object]]] = [
    ("SendSMSWithID", "mobileno", {"pnlno": "3000", "text": PERSIAN, "isflash": False}),
    ("SendSMSWithID", "mobileno", {"pnlno": "3000", "text": MARKED, "isflash": True}),
    ("SendSMSWithTime", "mobileno", {"pnlno": "3000", "text": "later", "timestamp": "1800000000",
                                     "isflash": False}),
    ("smsdeliveryState", "smsid", {}),
]
VALUES = ["09121234567", "09350000001", "+989121234567", "0912 123 4567", "<0912>"]


@functools.cache
def _zeep_service() -> tuple[Any, Any]:
    client: Any = zeep.Client(str(BUNDLED_WSDL))  # type: ignore[no-untyped-call]
    [soap11] = [b for b in client.wsdl.bindings.values() if isinstance(b, Soap11Binding)]
    return client, client.create_service(soap11.name.text, "http://127.0.0.1/service.asmx")


@functools.cache
def _port() -> SoapPort:
    return SoapPort.load(GatewaySettings(_env_file=None, sms_sandbox=True), GATEWAY_PASSWORD)  # type: ignore[call-arg]


def zeep_render(operation: str, fields: dict[str, object]) -> bytes:
    """The request as a zeep client of its own renders it, through its public API."""
    client, service = _zeep_service()
    envelope = client.create_message(service, operation, **fields)
    rendered: bytes = etree_to_string(envelope)  # type: ignore[no-untyped-call]
    return rendered


@pytest.mark.parametrize("reuse_shapes", [True, False], ids=["shapes", "plain"])
@pytest.mark.parametrize(("operation", "filled", "fields"), CASES)
def test_every_request_is_the_bytes_zeep_renders_for_it(
    operation: str, filled: str, fields: dict[str, object], reuse_shapes: bool
) -> None:
    settings = GatewaySettings(_env_file=None, sms_sandbox=True)  # type: ignore[call-arg]
    port = SoapPort.load(settings, GATEWAY_PASSWORD, reuse_shapes=reuse_shapes)
    for value in VALUES * 2:  # the second round comes from the remembered renders
        call = {**ACCOUNT, **fields, filled: value}
        assert port.request(operation, call).body == zeep_render(operation, call), value


# Texts a personal campaign may send: every one differs, so each is filled into the one shape.
TEXTS = [
    PERSIAN, MARKED, "a & b < c > d", "line\r\nnext\ttab", "]]> <![CDATA[ x", "😀 emoji 𝄞",
    "quotes \" and ' stay", "&amp; already", "", " spaces around ", "\u200c\u200f\ufeff",
]


def test_a_varying_text_is_filled_in_as_zeep_renders_it() -> None:
    port = _port()
    for text in TEXTS * 2:
        for number in ("09121234567", "+989121234567"):
            call = {**ACCOUNT, "pnlno": "3000", "isflash": False, "mobileno": number, "text": text}
            assert port.request("SendSMSWithID", call).body == zeep_render("SendSMSWithID", call), text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_renders_as_zeep_renders_it_or_is_refused_alike(text: str) -> None:
    call = {**ACCOUNT, "pnlno": "3000", "isflash": True, "mobileno": "09121234567", "text": text}
    try:
        expected: bytes | None = zeep_render("SendSMSWithID", call)
    except (ValueError, zeep.exceptions.Error):
        expected = None
    try:
        rendered: bytes | None = _port().request("SendSMSWithID", call).body
    except WireFault:
        rendered = None
    assert rendered == expected


async def test_a_campaign_of_sends_reaches_the_gateway_number_by_number(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    numbers = [f"0912000{n:04d}" for n in range(20)]
    for number in numbers:
        await soap.send(number, PERSIAN, flash=True)
    requests = requests_for(gateway_sim, "SendSMSWithID")
    assert [request.fields["mobileno"] for request in requests] == numbers
    assert {(request.fields["text"], request.fields["isflash"]) for request in requests} == {
        (PERSIAN, "true")
    }
    assert [message.mobileno for message in gateway_sim.sent] == numbers
