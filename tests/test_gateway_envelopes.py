"""Answers the simulator never gives: SOAP faults with 200, foreign XML, missing results."""

from __future__ import annotations

import pytest

from bot.gateway import OutcomeUnknown, TransportError
from bot.simulator import Simulator
from tests.fixtures_gateway import RECIPIENT, CannedServer, MakeGateway

ENVELOPE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soap:Body>{}</soap:Body>'
    "</soap:Envelope>"
)
FAULT_200 = ENVELOPE.format(
    "<soap:Fault><faultcode>soap:Client</faultcode>"
    "<faultstring>Server did not recognize the value of HTTP Header SOAPAction</faultstring>"
    "</soap:Fault>"
)
NIL_RESULT = ENVELOPE.format(
    '<RemainSmsResponse xmlns="http://tempuri.org/"><RemainSmsResult xsi:nil="true"/>'
    "</RemainSmsResponse>"
)
OTHER_WRAPPER = ENVELOPE.format(
    '<SomethingElseResponse xmlns="http://tempuri.org/"><RemainSmsResult>5</RemainSmsResult>'
    "</SomethingElseResponse>"
)
NOT_AN_ENVELOPE = '<?xml version="1.0"?><string xmlns="http://tempuri.org/">5</string>'
HTML_PAGE = "<!DOCTYPE html><html><body>Proxy login required</body></html>"

CASES = {
    "fault_with_200": ("text/xml", FAULT_200, "soap_fault"),
    "nil_result": ("text/xml", NIL_RESULT, "empty_answer"),
    "other_wrapper": ("text/xml", OTHER_WRAPPER, "malformed_answer"),
    "not_an_envelope": ("text/xml", NOT_AN_ENVELOPE, "malformed_answer"),
    "html_with_200": ("text/html", HTML_PAGE, "html_page"),
}


def _serve(server: CannedServer, case: str) -> str:
    server.content_type, body, name = CASES[case]
    server.body = body.encode()
    return name


@pytest.mark.parametrize("case", list(CASES))
async def test_a_read_with_an_unusable_answer_fails_without_retrying(
    make_gateway: MakeGateway, gateway_sim: Simulator, canned_server: CannedServer, case: str
) -> None:
    name = _serve(canned_server, case)
    gateway = make_gateway("soap", sms_endpoint=canned_server.url)

    with pytest.raises(TransportError) as caught:
        await gateway.balance()

    assert not isinstance(caught.value, OutcomeUnknown)
    assert (caught.value.name, caught.value.code) == (name, "")
    assert canned_server.hits == 1


@pytest.mark.parametrize("case", [case for case in CASES if case != "nil_result"])
async def test_a_send_with_an_unusable_answer_has_an_unknown_outcome(
    make_gateway: MakeGateway, gateway_sim: Simulator, canned_server: CannedServer, case: str
) -> None:
    name = _serve(canned_server, case)
    gateway = make_gateway("soap", sms_endpoint=canned_server.url)

    with pytest.raises(OutcomeUnknown) as caught:
        await gateway.send(RECIPIENT, "hello")

    assert caught.value.name == name
    assert canned_server.hits == 1


async def test_the_fault_string_is_shown(
    make_gateway: MakeGateway, gateway_sim: Simulator, canned_server: CannedServer
) -> None:
    _serve(canned_server, "fault_with_200")
    gateway = make_gateway("soap", sms_endpoint=canned_server.url)

    with pytest.raises(OutcomeUnknown) as caught:
        await gateway.send(RECIPIENT, "hello")

    assert "did not recognize the value of HTTP Header SOAPAction" in caught.value.detail
