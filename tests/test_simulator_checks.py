"""Every documented refusal, for the web service and the link, and the credit it (not) takes."""

from __future__ import annotations

import pytest

from bot.simulator import Simulator
from tests.fixtures_simulator import SimHttp

SENDS = ["SendSMS", "SendSMSWithID"]
YEAR = 365 * 86_400


@pytest.mark.parametrize("operation", SENDS)
@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"password": "wrong"}, "10"),
        ({"username": "someone-else"}, "10"),
        ({"username": ""}, "10"),
        ({"pnlno": "30009999"}, "-24"),
        ({"mobileno": "9121234567"}, "-22"),
        ({"mobileno": "+989121234567"}, "-22"),
        ({"mobileno": "0912123456"}, "-22"),
        ({"mobileno": "۰۹۱۲۱۲۳۴۵۶۷"}, "-22"),
        ({"text": ""}, "-17"),
        ({"text": "   "}, "-17"),
        ({"text": "bell \x07 inside"}, "11"),
        ({"text": "nul \x00 inside"}, "11"),
    ],
)
async def test_soap_send_refusals(
    simulator: Simulator, sim_http: SimHttp, operation: str, overrides: dict[str, str], code: str
) -> None:
    fields = sim_http.send_fields(**overrides)
    assert await sim_http.call(operation, fields) == code
    assert simulator.sent == []
    assert simulator.credit == simulator.config.credit


async def test_credentials_are_checked_before_anything_else(sim_http: SimHttp) -> None:
    fields = sim_http.send_fields("", password="wrong", pnlno="1", mobileno="x")
    assert await sim_http.call("SendSMS", fields) == "10"


async def test_tab_and_newlines_are_not_refused(sim_http: SimHttp) -> None:
    assert await sim_http.call("SendSMS", sim_http.send_fields("a\tb\nc\r\nd")) == "2"


async def test_control_character_sent_as_a_raw_byte_is_refused_not_a_crash(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
        'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<SendSMS xmlns="http://tempuri.org/"><username>{username}</username>'
        "<password>{password}</password><mobileno>09121234567</mobileno>"
        "<pnlno>{sender}</pnlno><text>raw \x01 and &#2; and &#x3;</text>"
        "<isflash>false</isflash></SendSMS></soap:Body></soap:Envelope>"
    ).format(**sim_http.login(), sender=simulator.config.sender)
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": "http://tempuri.org/SendSMS"}
    response = await sim_http.client.post(simulator.soap_url, content=body, headers=headers)
    assert response.status_code == 200
    assert "<SendSMSResult>11</SendSMSResult>" in response.text
    assert simulator.requests[-1].fields["text"] == "raw \x01 and \x02 and \x03"


@pytest.mark.parametrize(
    ("offset", "raw", "code"),
    [
        (None, "12345", "Wrong timestamp"),
        (None, "17000000000", "Wrong timestamp"),
        (None, "abcdefghij", "Wrong timestamp"),
        (None, "", "Wrong timestamp"),
        (-1, None, "Wrong time"),
        (YEAR + 1, None, "Wrong time"),
        (0, None, "2"),
        (YEAR, None, "2"),
    ],
)
async def test_send_with_time_checks_the_timestamp(
    simulator: Simulator, sim_http: SimHttp, offset: int | None, raw: str | None, code: str
) -> None:
    timestamp = raw if offset is None else str(int(simulator.clock.now()) + offset)
    fields = sim_http.send_fields(timestamp=timestamp or "")
    assert await sim_http.call("SendSMSWithTime", fields) == code


async def test_timestamp_is_checked_after_the_message(sim_http: SimHttp) -> None:
    fields = sim_http.send_fields(mobileno="123", timestamp="1")
    assert await sim_http.call("SendSMSWithTime", fields) == "-22"


@pytest.mark.parametrize("operation", ["RemainSms", "smsdeliveryState"])
async def test_reads_refuse_wrong_credentials(sim_http: SimHttp, operation: str) -> None:
    fields = {"username": "sandbox", "password": "nope", "smsid": "1234567890"}
    if operation == "RemainSms":
        del fields["smsid"]
    assert await sim_http.call(operation, fields) == "10"


async def test_unknown_smsid_is_minus_31(sim_http: SimHttp) -> None:
    fields = {**sim_http.login(), "smsid": "1234567890"}
    assert await sim_http.call("smsdeliveryState", fields) == "-31"


@pytest.mark.parametrize(
    ("missing", "code"),
    [("TO", "2"), ("FROM", "3"), ("TEXT", "4"), ("USERNAME", "5"), ("PASSWORD", "6"),
     ("DOMAIN", "7")],
)
async def test_link_missing_parameter_codes(
    simulator: Simulator, sim_http: SimHttp, missing: str, code: str
) -> None:
    params = sim_http.link_params()
    del params[missing]
    assert (await sim_http.link(**params)).text == code
    params[missing] = ""
    assert (await sim_http.link(**params)).text == code
    assert simulator.sent == []


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"PASSWORD": "wrong"}, "12"),
        ({"DOMAIN": "0099"}, "12"),
        ({"FROM": "30009999"}, "17"),
        ({"TO": "9121234567"}, "1"),
        ({"TEXT": " "}, "4"),
        ({"TEXT": "esc \x1b inside"}, "13"),
    ],
)
async def test_link_refusals(
    simulator: Simulator, sim_http: SimHttp, overrides: dict[str, str], code: str
) -> None:
    assert (await sim_http.link(**sim_http.link_params(**overrides))).text == code
    assert simulator.sent == []
    assert simulator.credit == simulator.config.credit


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters count twice
        ("€" * 81, 2),
        ("س" * 70, 1),
        ("س" * 71, 2),
        ("س" * 134, 2),
        ("س" * 135, 3),
        ("a" * 159 + "س", 3),  # one non-GSM character makes the whole text UCS-2
    ],
)
async def test_each_send_consumes_its_parts(
    simulator: Simulator, sim_http: SimHttp, text: str, parts: int
) -> None:
    assert await sim_http.call("SendSMS", sim_http.send_fields(text)) == "2"
    assert simulator.credit == simulator.config.credit - parts
    assert simulator.sent[0].parts == parts
    assert await sim_http.call("RemainSms", sim_http.login()) == str(simulator.credit)


async def test_link_sends_consume_credit_too(simulator: Simulator, sim_http: SimHttp) -> None:
    await sim_http.link(**sim_http.link_params("س" * 71))
    assert simulator.credit == simulator.config.credit - 2


async def test_not_enough_credit_is_refused_without_taking_any(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    simulator.credit = 1
    two_parts = "a" * 161
    assert await sim_http.call("SendSMSWithID", sim_http.send_fields(two_parts)) == "-19"
    assert (await sim_http.link(**sim_http.link_params(two_parts))).text == "9"
    assert simulator.credit == 1
    assert await sim_http.call("SendSMS", sim_http.send_fields("one part")) == "2"
    assert simulator.credit == 0
    assert await sim_http.call("SendSMS", sim_http.send_fields("one part")) == "-19"


async def test_unqualified_inputs_are_ignored_like_aspnet_does(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<ns:RemainSms xmlns:ns="http://tempuri.org/"><username>{username}</username>'
        "<password>{password}</password></ns:RemainSms></soap:Body></soap:Envelope>"
    ).format(**sim_http.login())
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": "http://tempuri.org/RemainSms"}
    response = await sim_http.client.post(simulator.soap_url, content=body, headers=headers)
    assert "<RemainSmsResult>10</RemainSmsResult>" in response.text
    assert simulator.requests[-1].fields == sim_http.login()
