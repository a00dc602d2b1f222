"""The SOAP adapter over real HTTP against the simulator: the wire, every code, the ambiguities."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from lxml import etree

from bot.gateway import (
    ACCOUNT_LEVEL_KINDS,
    Balance,
    CredentialsError,
    Gateway,
    GatewayRejected,
    InputError,
    NotFoundError,
    SchedulingError,
    UndocumentedAnswer,
)
from bot.gateway.codes import DELIVERY_STATES, SOAP_ERRORS, CodeInfo
from bot.gateway.errors import ERROR_CLASS
from bot.i18n import reason_key
from bot.simulator import ManualClock, Simulator
from tests.fixtures_gateway import GATEWAY_PASSWORD, RECIPIENT, MakeGateway, requests_for

TEMPURI = "http://tempuri.org/"
PERSIAN = "سلام! کد شما ۱۲۳۴ است\u200cها ✅ «تست»"
TEHRAN = ZoneInfo("Asia/Tehran")


def expected_class(info: CodeInfo) -> type[GatewayRejected]:
    return NotFoundError if info.name.startswith("smsid_") else ERROR_CLASS[info.kind]


async def test_send_request_on_the_wire(soap: Gateway, gateway_sim: Simulator) -> None:
    result = await soap.send(RECIPIENT, "hello", flash=True)

    [request] = gateway_sim.requests
    assert request.method == "POST"
    assert request.operation == "SendSMSWithID"
    assert request.soap_version == "1.1"
    assert request.soap_action == "http://tempuri.org/SendSMSWithID"
    assert request.headers["SOAPAction"] == '"http://tempuri.org/SendSMSWithID"'
    assert request.headers["Content-Type"].startswith("text/xml")
    assert list(request.fields.items()) == [
        ("username", "sandbox"),
        ("password", GATEWAY_PASSWORD),
        ("mobileno", RECIPIENT),
        ("pnlno", gateway_sim.config.sender),
        ("text", "hello"),
        ("isflash", "true"),
    ]
    call = etree.fromstring(request.body).find("{*}Body")[0]  # type: ignore[index]
    assert call.tag == f"{{{TEMPURI}}}SendSMSWithID"
    assert all(child.tag.startswith(f"{{{TEMPURI}}}") for child in call)
    assert result.smsid is not None and result.smsid in gateway_sim.messages


async def test_persian_text_round_trip(soap: Gateway, gateway_sim: Simulator) -> None:
    result = await soap.send(RECIPIENT, PERSIAN)

    assert result.smsid is not None
    assert gateway_sim.messages[result.smsid].text == PERSIAN


async def test_other_operations_on_the_wire(soap: Gateway, gateway_sim: Simulator) -> None:
    when = datetime.fromtimestamp(gateway_sim.clock.now() + 3600, TEHRAN)
    await soap.send_at(RECIPIENT, "later", when)
    await soap.delivery_state("123456789")
    await soap.balance()

    schedule, state, remain = gateway_sim.requests
    assert (schedule.operation, schedule.soap_action) == (
        "SendSMSWithTime", "http://tempuri.org/SendSMSWithTime")
    assert list(schedule.fields) == [
        "username", "password", "mobileno", "pnlno", "text", "timestamp", "isflash"]
    assert (state.operation, list(state.fields)) == (
        "smsdeliveryState", ["username", "password", "smsid"])
    assert state.fields["smsid"] == "123456789"
    assert (remain.operation, list(remain.fields)) == ("RemainSms", ["username", "password"])


async def test_send_at_sends_the_ten_digit_unix_time(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    expected = int(gateway_sim.clock.now()) + 86_400
    when = datetime.fromtimestamp(expected, TEHRAN)

    result = await soap.send_at(RECIPIENT, "tomorrow", when)

    assert (result.code, result.smsid) == ("2", None)
    [request] = requests_for(gateway_sim, "SendSMSWithTime")
    assert request.fields["timestamp"] == str(expected)
    assert len(request.fields["timestamp"]) == 10
    assert gateway_sim.sent[0].timestamp == expected


async def test_send_at_in_the_past_is_a_scheduling_error(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    when = datetime.fromtimestamp(gateway_sim.clock.now() - 60, TEHRAN)
    with pytest.raises(SchedulingError) as caught:
        await soap.send_at(RECIPIENT, "yesterday", when)
    assert (caught.value.code, caught.value.name) == ("Wrong time", "wrong_time")


async def test_send_at_refuses_a_naive_datetime_before_any_request(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    with pytest.raises(ValueError, match="aware"):
        await soap.send_at(RECIPIENT, "x", datetime(2030, 1, 1))
    assert gateway_sim.requests == []


async def test_control_characters_are_refused_before_sending(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    with pytest.raises(InputError) as caught:
        await soap.send(RECIPIENT, "bell \x07 here")
    assert caught.value.name == "control_characters"
    assert gateway_sim.requests == []


@pytest.mark.parametrize("operation", ["SendSMSWithID", "SendSMSWithTime"])
@pytest.mark.parametrize("code", list(SOAP_ERRORS))
async def test_every_service_code_raises_its_error(
    soap: Gateway, gateway_sim: Simulator, code: str, operation: str
) -> None:
    gateway_sim.faults.answer_next(code, operation=operation)
    when = datetime.fromtimestamp(gateway_sim.clock.now() + 60, TEHRAN)

    with pytest.raises(GatewayRejected) as caught:
        if operation == "SendSMSWithID":
            await soap.send(RECIPIENT, "x")
        else:
            await soap.send_at(RECIPIENT, "x", when)

    info = SOAP_ERRORS[code]
    error = caught.value
    assert type(error) is expected_class(info)
    assert (error.code, error.kind, error.name) == (code, info.kind, info.name)
    assert reason_key(error) == info.key
    assert gateway_sim.sent == []


@pytest.mark.parametrize("code", list(SOAP_ERRORS))
async def test_every_service_code_as_a_delivery_answer(
    soap: Gateway, gateway_sim: Simulator, code: str
) -> None:
    gateway_sim.faults.answer_next(code, operation="smsdeliveryState")
    info = SOAP_ERRORS[code]

    if info.kind in ACCOUNT_LEVEL_KINDS:
        with pytest.raises(GatewayRejected) as caught:
            await soap.delivery_state("123456789")
        assert (type(caught.value), caught.value.code) == (expected_class(info), code)
    else:
        state = await soap.delivery_state("123456789")
        assert (state.code, state.info.name, state.final) == (code, info.name, False)


@pytest.mark.parametrize("code", list(DELIVERY_STATES))
async def test_every_delivery_state(soap: Gateway, gateway_sim: Simulator, code: str) -> None:
    sent = await soap.send(RECIPIENT, "track me")
    assert sent.smsid is not None
    gateway_sim.force_state(sent.smsid, code)

    state = await soap.delivery_state(sent.smsid)

    info = DELIVERY_STATES[code]
    assert (state.code, state.outcome, state.final) == (code, info.outcome, info.final)


async def test_delivery_follows_the_operator(soap: Gateway, gateway_clock: ManualClock) -> None:
    sent = await soap.send(RECIPIENT, "track me")
    assert sent.smsid is not None
    assert (await soap.delivery_state(sent.smsid)).code == "8"
    gateway_clock.advance(3600)
    assert (await soap.delivery_state(sent.smsid)).final


@pytest.mark.parametrize("answer", ["Server busy, try later", "  Weird <answer> & co  ", "15"])
async def test_an_undocumented_answer_is_kept_verbatim(
    soap: Gateway, gateway_sim: Simulator, answer: str
) -> None:
    gateway_sim.faults.answer_next(answer, operation="SendSMSWithID")

    with pytest.raises(UndocumentedAnswer) as caught:
        await soap.send(RECIPIENT, "x")

    assert caught.value.code == answer.strip()
    assert caught.value.name == "undocumented"
    assert answer.strip() in str(caught.value)


async def test_balance_is_the_credit(soap: Gateway, gateway_sim: Simulator) -> None:
    gateway_sim.credit = 4321
    assert await soap.balance() == Balance(4321, "4321")
    assert len(gateway_sim.requests) == 1


@pytest.mark.parametrize("credit", [10, 66])
async def test_a_credit_that_reads_like_a_credentials_error_is_checked(
    soap: Gateway, gateway_sim: Simulator, credit: int
) -> None:
    gateway_sim.credit = credit

    assert (await soap.balance()).credit == credit

    probe = requests_for(gateway_sim, "smsdeliveryState")
    assert [request.fields["smsid"] for request in probe] == ["000000000"]


async def test_wrong_credentials_answering_10_are_a_credentials_error(
    make_gateway: MakeGateway, gateway_sim: Simulator
) -> None:
    gateway = make_gateway("soap", sms_password="not-the-password")

    with pytest.raises(CredentialsError) as caught:
        await gateway.balance()

    assert (caught.value.code, caught.value.name) == ("10", "wrong_credentials")
    assert len(requests_for(gateway_sim, "smsdeliveryState")) == 1


async def test_66_is_a_credentials_error_when_the_probe_is_refused(
    soap: Gateway, gateway_sim: Simulator
) -> None:
    gateway_sim.faults.answer_next("66", operation="RemainSms")
    gateway_sim.faults.answer_next("-3", operation="smsdeliveryState")

    with pytest.raises(CredentialsError) as caught:
        await soap.balance()
    assert caught.value.code == "66"


@pytest.mark.parametrize("answer", ["11", "1111"])
async def test_11_and_1111_are_always_credit(
    soap: Gateway, gateway_sim: Simulator, answer: str
) -> None:
    gateway_sim.faults.answer_next(answer, operation="RemainSms")
    assert await soap.balance() == Balance(int(answer), answer)
    assert requests_for(gateway_sim, "smsdeliveryState") == []


@pytest.mark.parametrize(
    "code", [code for code in SOAP_ERRORS if code not in ("10", "66", "11", "1111")]
)
async def test_other_balance_answers_are_errors(
    soap: Gateway, gateway_sim: Simulator, code: str
) -> None:
    gateway_sim.faults.answer_next(code, operation="RemainSms")

    with pytest.raises(GatewayRejected) as caught:
        await soap.balance()

    assert (type(caught.value), caught.value.code) == (expected_class(SOAP_ERRORS[code]), code)
