"""The simulator's wire: WSDL, the five SOAP operations in 1.1 and 1.2, the link, the log."""

from __future__ import annotations

import asyncio

import pytest
import zeep
from lxml import etree
from zeep.transports import AsyncTransport

from bot.simulator import Simulator
from tests.fixtures_simulator import RECIPIENT, SimHttp, envelope, local_http, result_of

VERSIONS = ["1.1", "1.2"]
PERSIAN = "سلام، پیام آزمایشی ۱۲۳ ✓"
WSDL_NS = {
    "soap": "http://schemas.xmlsoap.org/wsdl/soap/",
    "soap12": "http://schemas.xmlsoap.org/wsdl/soap12/",
}


async def test_wsdl_is_served_with_its_own_address(simulator: Simulator) -> None:
    async with local_http() as client:
        response = await client.get(simulator.wsdl_url)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    locations = [
        address.get("location")
        for address in root.iterfind(".//soap:address", WSDL_NS)
    ] + [address.get("location") for address in root.iterfind(".//soap12:address", WSDL_NS)]
    assert locations == [simulator.soap_url, simulator.soap_url]
    assert simulator.soap_url == simulator.base_url + "/service.asmx"
    assert simulator.requests[-1].operation is None


async def test_wsdl_query_is_case_insensitive_and_plain_get_is_a_help_page(
    simulator: Simulator,
) -> None:
    async with local_http() as client:
        lower = await client.get(simulator.soap_url + "?wsdl")
        page = await client.get(simulator.soap_url)
    assert etree.fromstring(lower.content).tag.endswith("definitions")
    assert page.headers["content-type"].startswith("text/html")
    assert "?WSDL" in page.text


async def test_zeep_loads_the_served_wsdl_and_calls_through_it(simulator: Simulator) -> None:
    async with local_http() as http:
        # zeep downloads a WSDL synchronously: off the loop, which also serves the simulator.
        client = await asyncio.to_thread(
            zeep.AsyncClient, simulator.wsdl_url,
            transport=AsyncTransport(client=http),  # type: ignore[no-untyped-call]
        )
        config = simulator.config
        remain = await client.service.RemainSms(
            username=config.username, password=config.password
        )
    assert remain == str(config.credit)
    assert simulator.requests[-1].operation == "RemainSms"


@pytest.mark.parametrize("version", VERSIONS)
async def test_send_sms_answers_2_and_records_the_message(
    simulator: Simulator, sim_http: SimHttp, version: str
) -> None:
    answer = await sim_http.call("SendSMS", sim_http.send_fields(PERSIAN, isflash="true"), version)
    assert answer == "2"
    [message] = simulator.sent
    assert (message.operation, message.mobileno, message.text, message.isflash) == (
        "SendSMS", RECIPIENT, PERSIAN, True,
    )
    assert message.smsid is None and message.state == "8"
    assert simulator.messages == {}


@pytest.mark.parametrize("version", VERSIONS)
async def test_send_with_time_answers_2_and_keeps_the_timestamp(
    simulator: Simulator, sim_http: SimHttp, version: str
) -> None:
    when = int(simulator.clock.now()) + 3600
    fields = sim_http.send_fields(timestamp=str(when))
    answer = await sim_http.call("SendSMSWithTime", fields, version)
    assert answer == "2"
    assert simulator.sent[0].timestamp == when
    assert simulator.sent[0].operation == "SendSMSWithTime"


@pytest.mark.parametrize("version", VERSIONS)
async def test_send_with_id_answers_a_fresh_smsid_of_ten_digits_or_more(
    simulator: Simulator, sim_http: SimHttp, version: str
) -> None:
    first = await sim_http.call("SendSMSWithID", sim_http.send_fields(), version)
    second = await sim_http.call("SendSMSWithID", sim_http.send_fields(), version)
    assert first.isdigit() and len(first) >= 10
    assert second.isdigit() and second != first
    assert list(simulator.messages) == [first, second]
    assert simulator.messages[first] is simulator.sent[0]


@pytest.mark.parametrize("version", VERSIONS)
async def test_delivery_state_of_a_fresh_message_is_8(
    sim_http: SimHttp, version: str
) -> None:
    smsid = await sim_http.call("SendSMSWithID", sim_http.send_fields(), version)
    state = await sim_http.call("smsdeliveryState", {**sim_http.login(), "smsid": smsid}, version)
    assert state == "8"


@pytest.mark.parametrize("version", VERSIONS)
async def test_remain_sms_returns_the_current_credit(
    simulator: Simulator, sim_http: SimHttp, version: str
) -> None:
    simulator.credit = 1234
    assert await sim_http.call("RemainSms", sim_http.login(), version) == "1234"


@pytest.mark.parametrize("version", VERSIONS)
async def test_answers_in_the_request_soap_version(sim_http: SimHttp, version: str) -> None:
    response = await sim_http.post("RemainSms", sim_http.login(), version)
    expected = "text/xml" if version == "1.1" else "application/soap+xml"
    assert response.headers["content-type"].startswith(expected)
    assert result_of(response, "RemainSms", version).isdigit()


async def test_request_log_holds_fields_version_and_action(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    await sim_http.call("SendSMS", sim_http.send_fields(PERSIAN), "1.1")
    await sim_http.call("RemainSms", sim_http.login(), "1.2")
    first, second = simulator.requests
    assert (first.method, first.path, first.operation) == ("POST", "/service.asmx", "SendSMS")
    assert list(first.fields) == ["username", "password", "mobileno", "pnlno", "text", "isflash"]
    assert first.fields["text"] == PERSIAN
    assert (first.soap_version, first.soap_action) == ("1.1", "http://tempuri.org/SendSMS")
    assert (second.soap_version, second.soap_action) == ("1.2", "http://tempuri.org/RemainSms")
    assert PERSIAN.encode() in first.body


async def test_link_send_answers_0_and_records_an_untracked_message(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    response = await sim_http.link(**sim_http.link_params(PERSIAN))
    assert (response.status_code, response.text) == (200, "0")
    [message] = simulator.sent
    assert (message.operation, message.text, message.smsid) == ("link", PERSIAN, None)
    record = simulator.requests[-1]
    assert record.operation == "link"
    assert record.fields["TEXT"] == PERSIAN
    assert record.soap_version is None


async def test_link_parameter_names_are_case_insensitive(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    params = {name.lower(): value for name, value in sim_http.link_params().items()}
    response = await sim_http.link(**params)
    assert response.text == "0"


async def test_unknown_path_is_404_and_logged(simulator: Simulator) -> None:
    async with local_http() as client:
        response = await client.get(simulator.base_url + "/nothing.aspx")
    assert response.status_code == 404
    assert simulator.requests[-1].path == "/nothing.aspx"


async def test_reset_forgets_everything_and_restores_credit(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    await sim_http.call("SendSMSWithID", sim_http.send_fields())
    simulator.faults.empty_next()
    simulator.reset()
    assert (simulator.requests, simulator.sent, simulator.messages) == ([], [], {})
    assert simulator.credit == simulator.config.credit
    assert await sim_http.call("RemainSms", sim_http.login()) == str(simulator.config.credit)


async def post_raw(
    simulator: Simulator, sim_http: SimHttp, body: bytes, headers: dict[str, str]
) -> tuple[int, str]:
    response = await sim_http.client.post(simulator.soap_url, content=body, headers=headers)
    return response.status_code, response.text


SOAP11 = {"Content-Type": "text/xml; charset=utf-8"}


@pytest.mark.parametrize(
    ("action", "operation", "reason"),
    [
        ("http://tempuri.org/Nope", "RemainSms", "did not recognize the value of HTTP Header"),
        ("http://tempuri.org/SendSMS", "RemainSms", "was not expected"),
        ("", "Nope", "without a valid action"),
    ],
)
async def test_calls_aspnet_cannot_route_are_soap_faults(
    simulator: Simulator, sim_http: SimHttp, action: str, operation: str, reason: str
) -> None:
    body = envelope(operation, sim_http.login())
    status, text = await post_raw(simulator, sim_http, body, {**SOAP11, "SOAPAction": action})
    assert status == 500
    assert "<faultcode>soap:Client</faultcode>" in text and reason in text
    assert simulator.requests[-1].operation is None


@pytest.mark.parametrize(
    "body", [b"", b"<not xml", b"<Envelope/>", b'<s:Envelope xmlns:s="urn:x"/>']
)
async def test_unreadable_envelopes_are_soap_faults(
    simulator: Simulator, sim_http: SimHttp, body: bytes
) -> None:
    status, text = await post_raw(simulator, sim_http, body, SOAP11)
    assert status == 500 and "soap:Fault" in text
    assert simulator.requests[-1].body == body


async def test_soap_12_envelope_under_a_11_content_type_is_a_fault(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    body = envelope("RemainSms", sim_http.login(), "1.2")
    status, _ = await post_raw(simulator, sim_http, body, SOAP11)
    assert status == 500


async def test_other_content_types_are_refused_with_415(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    body = envelope("RemainSms", sim_http.login())
    status, _ = await post_raw(simulator, sim_http, body, {"Content-Type": "application/json"})
    assert status == 415


async def test_a_bad_boolean_is_a_fault_before_any_check(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    response = await sim_http.post("SendSMS", sim_http.send_fields(isflash="yes", password="x"))
    assert response.status_code == 500
    assert "is not a valid Boolean value" in response.text
    assert simulator.sent == []


async def test_isflash_may_be_given_as_1_or_left_out(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    fields = sim_http.send_fields(isflash="1")
    assert await sim_http.call("SendSMS", fields) == "2"
    del fields["isflash"]
    assert await sim_http.call("SendSMS", fields) == "2"
    assert [message.isflash for message in simulator.sent] == [True, False]


async def test_paths_are_case_insensitive_like_iis(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    response = await sim_http.client.get(
        simulator.base_url + "/SendSmsLink.aspx", params=sim_http.link_params()
    )
    assert response.text == "0"
