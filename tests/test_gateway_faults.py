"""Faults on the wire: sends are never repeated, reads are retried, secrets never leak."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.gateway import Gateway, GatewayError, OutcomeUnknown, TransportError
from bot.i18n import Texts
from bot.simulator import Simulator
from bot.telegram.describe import describe_error
from tests.fixtures_gateway import (
    RECIPIENT,
    MakeGateway,
    closed_port_url,
    in_words,
    requests_for,
)

SEND_OPERATION = {"soap": "SendSMSWithID", "link": "link"}
SECRET_MARK = "S3cret"  # part of the panel password that no encoding changes
ENGLISH = Texts("en", ZoneInfo("Asia/Tehran"))

Inject = Callable[[Simulator], None]

SEND_FAULTS: dict[str, tuple[Inject, str, str]] = {
    # name: (injection, expected error name, expected code)
    "http_500": (lambda sim: sim.faults.http_error_next(500), "html_page", "500"),
    "http_503": (lambda sim: sim.faults.http_error_next(503), "html_page", "503"),
    "malformed": (lambda sim: sim.faults.malformed_next(), "malformed_answer", ""),
    "empty": (lambda sim: sim.faults.empty_next(), "empty_answer", ""),
    "closed": (lambda sim: sim.faults.close_next(), "connection_closed", ""),
    "closed_after_sending": (
        lambda sim: sim.faults.close_next(after_processing=True), "connection_closed", ""),
}
LINK_NAMES = {"malformed": "html_page"}  # the link's broken answer is an unfinished web page
# A timeout that only a slow answer can reach: a full garbage collection in this test process
# takes 60-90 ms, and one during the connect would turn the timeout into a connect timeout.
SHORT_TIMEOUT = 0.3
SLOW_ANSWER = 3.0


@pytest.mark.parametrize("transport", ["soap", "link"])
@pytest.mark.parametrize("fault", list(SEND_FAULTS))
async def test_a_send_fault_is_an_unknown_outcome_and_is_not_repeated(
    make_gateway: MakeGateway, gateway_sim: Simulator, transport: str, fault: str
) -> None:
    gateway = make_gateway(transport)
    inject, name, code = SEND_FAULTS[fault]
    inject(gateway_sim)

    with pytest.raises(OutcomeUnknown) as caught:
        await gateway.send(RECIPIENT, "hello")

    expected_name = LINK_NAMES.get(fault, name) if transport == "link" else name
    assert (caught.value.name, caught.value.code) == (expected_name, code)
    assert "cannot tell whether the SMS was sent" in describe_error(ENGLISH, caught.value, sending=True)
    assert len(requests_for(gateway_sim, SEND_OPERATION[transport])) == 1


async def test_a_soap_fault_on_send(soap: Gateway, gateway_sim: Simulator) -> None:
    gateway_sim.faults.soap_fault_next()

    with pytest.raises(OutcomeUnknown) as caught:
        await soap.send(RECIPIENT, "hello")

    assert (caught.value.name, caught.value.code) == ("soap_fault", "500")
    assert "Server was unable to process request" in caught.value.detail
    assert len(requests_for(gateway_sim, "SendSMSWithID")) == 1


async def test_a_scheduled_send_is_not_repeated_either(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    gateway_sim.faults.close_next(after_processing=True)
    when = datetime.fromtimestamp(gateway_sim.clock.now() + 600, ZoneInfo("Asia/Tehran"))

    with pytest.raises(OutcomeUnknown):
        await soap.send_at(RECIPIENT, "later", when)

    assert len(requests_for(gateway_sim, "SendSMSWithTime")) == 1
    assert len(gateway_sim.sent) == 1  # it did go out: exactly why it must not be repeated


@pytest.mark.parametrize("transport", ["soap", "link"])
async def test_a_send_timing_out_is_an_unknown_outcome(
    make_gateway: MakeGateway, gateway_sim: Simulator, transport: str
) -> None:
    gateway = make_gateway(transport, sms_timeout=SHORT_TIMEOUT)
    gateway_sim.faults.latency = SLOW_ANSWER

    with pytest.raises(OutcomeUnknown) as caught:
        await gateway.send(RECIPIENT, "hello")

    assert caught.value.name == "timeout"
    assert len(requests_for(gateway_sim, SEND_OPERATION[transport])) == 1


@pytest.mark.parametrize("transport", ["soap", "link"])
async def test_a_refused_connection_sent_nothing(
    make_gateway: MakeGateway, transport: str
) -> None:
    gateway = make_gateway(
        transport,
        sms_endpoint=closed_port_url("/service.asmx"),
        sms_link_url=closed_port_url("/sendsmslink.aspx"),
    )

    with pytest.raises(TransportError) as caught:
        await gateway.send(RECIPIENT, "hello")

    assert not isinstance(caught.value, OutcomeUnknown)
    assert caught.value.name == "connect_failed"
    assert "Nothing was sent" in describe_error(ENGLISH, caught.value, sending=True)


async def test_balance_is_retried_after_server_errors(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    gateway_sim.faults.http_error_next(503, times=2)

    assert (await soap.balance()).credit == gateway_sim.credit
    assert len(requests_for(gateway_sim, "RemainSms")) == 3


async def test_delivery_state_is_retried_after_dropped_connections(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    gateway_sim.faults.close_next(times=2)

    assert (await soap.delivery_state("123456789")).code == "-31"
    assert len(requests_for(gateway_sim, "smsdeliveryState")) == 3


async def test_a_soap_fault_with_500_is_retried_for_reads(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    gateway_sim.faults.soap_fault_next()

    await soap.balance()

    assert len(requests_for(gateway_sim, "RemainSms")) == 2


async def test_retries_give_up_after_the_last_attempt(
    make_gateway: MakeGateway, gateway_sim: Simulator
) -> None:
    gateway = make_gateway("soap", attempts=4)
    gateway_sim.faults.http_error_next(500, times=4)

    with pytest.raises(TransportError) as caught:
        await gateway.balance()

    assert not isinstance(caught.value, OutcomeUnknown)
    assert caught.value.code == "500"
    assert len(requests_for(gateway_sim, "RemainSms")) == 4


@pytest.mark.parametrize(
    ("inject", "name", "code"),
    [
        (lambda sim: sim.faults.malformed_next(), "malformed_answer", ""),
        (lambda sim: sim.faults.empty_next(), "empty_answer", ""),
        (lambda sim: sim.faults.http_error_next(404), "html_page", "404"),
    ],
    ids=["malformed", "empty", "http_404"],
)
async def test_answers_that_asking_again_cannot_fix_are_not_retried(
    soap: Gateway, gateway_sim: Simulator, inject: Inject, name: str, code: str
) -> None:
    inject(gateway_sim)

    with pytest.raises(TransportError) as caught:
        await soap.balance()

    assert (caught.value.name, caught.value.code) == (name, code)
    assert len(requests_for(gateway_sim, "RemainSms")) == 1


async def test_a_read_timing_out_is_retried_then_reported(
    make_gateway: MakeGateway, gateway_sim: Simulator
) -> None:
    gateway = make_gateway("soap", attempts=2, sms_timeout=SHORT_TIMEOUT)
    gateway_sim.faults.latency = SLOW_ANSWER

    with pytest.raises(TransportError) as caught:
        await gateway.delivery_state("123456789")

    assert not isinstance(caught.value, OutcomeUnknown)
    assert caught.value.name == "timeout"
    assert len(requests_for(gateway_sim, "smsdeliveryState")) == 2


async def test_a_read_to_a_closed_port_is_a_transport_error(make_gateway: MakeGateway) -> None:
    gateway = make_gateway("soap", sms_endpoint=closed_port_url("/service.asmx"))

    with pytest.raises(TransportError) as caught:
        await gateway.balance()

    assert caught.value.name == "connect_failed"


async def test_no_error_or_log_line_holds_the_password(
    make_gateway: MakeGateway, gateway_sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    soap, link = make_gateway("soap"), make_gateway("link")
    raised: list[GatewayError] = []
    faults: list[Inject] = [
        lambda sim: None,
        lambda sim: sim.faults.http_error_next(500),
        lambda sim: sim.faults.soap_fault_next(),
        lambda sim: sim.faults.malformed_next(),
        lambda sim: sim.faults.empty_next(),
        lambda sim: sim.faults.close_next(),
        lambda sim: sim.faults.answer_next("12", operation="link"),
        lambda sim: sim.faults.answer_next("Hang"),
    ]
    for inject in faults:
        for gateway in (soap, link):
            inject(gateway_sim)
            try:
                await gateway.send(RECIPIENT, "hello")
            except GatewayError as error:
                raised.append(error)
            gateway_sim.faults.clear()
    wrong = make_gateway("soap", sms_password="wr0ng-" + SECRET_MARK)
    with pytest.raises(GatewayError) as caught:
        await wrong.balance()
    raised.append(caught.value)

    # Every pair raised except: no fault (2), a SOAP fault on the link, a link code on SOAP.
    assert len(raised) == len(faults) * 2 - 4 + 1
    assert any(message.startswith("link send answered") for message in caplog.messages)
    for failure in raised:
        words = in_words(failure), in_words(failure, "fa")
        for text in (str(failure), failure.detail, *words, repr(failure.args)):
            assert SECRET_MARK not in text
    assert SECRET_MARK not in caplog.text


@pytest.mark.parametrize("address", ["http://127.0.0.1:80x/x", "ftp://127.0.0.1/x", "nowhere"])
@pytest.mark.parametrize("transport", ["soap", "link"])
async def test_an_unusable_address_is_reported_and_nothing_is_sent(
    make_gateway: MakeGateway, transport: str, address: str
) -> None:
    gateway = make_gateway(transport, sms_endpoint=address, sms_link_url=address)

    with pytest.raises(TransportError) as caught:
        await gateway.send(RECIPIENT, "hello")

    assert not isinstance(caught.value, OutcomeUnknown)
    assert caught.value.name == "bad_address"
