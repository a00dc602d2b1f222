"""The link adapter over real HTTP against the simulator: the query, every code, what it cannot do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from bot.gateway import (
    Capabilities,
    ErrorKind,
    Gateway,
    GatewayRejected,
    LinkGateway,
    SendResult,
    SoapGateway,
    UndocumentedAnswer,
    Unsupported,
)
from bot.gateway.codes import LINK_ERRORS
from bot.gateway.errors import ERROR_CLASS
from bot.i18n import reason_key
from bot.simulator import Simulator
from tests.fixtures_gateway import (
    GATEWAY_PASSWORD,
    RECIPIENT,
    MakeGateway,
    in_words,
    requests_for,
)

TRICKY_TEXT = "سلام دنیا ۱۲۳ & a+b=c #1 100% ?x/y \u200c ✅\nline two"


async def test_send_query_on_the_wire(link: Gateway, gateway_sim: Simulator) -> None:
    result = await link.send(RECIPIENT, "hello")

    assert result == SendResult("0", None)
    [request] = gateway_sim.requests
    assert (request.method, request.operation) == ("GET", "link")
    assert request.path.lower() == "/sendsmslink.aspx"
    assert list(request.query.items()) == [
        ("FROM", gateway_sim.config.sender),
        ("TO", RECIPIENT),
        ("TEXT", "hello"),
        ("USERNAME", "sandbox"),
        ("PASSWORD", GATEWAY_PASSWORD),
        ("DOMAIN", "0098"),
    ]


async def test_text_and_password_survive_url_encoding(
    link: Gateway, gateway_sim: Simulator
) -> None:
    await link.send(RECIPIENT, TRICKY_TEXT)

    [request] = gateway_sim.requests
    assert request.query["TEXT"] == TRICKY_TEXT
    assert request.query["PASSWORD"] == GATEWAY_PASSWORD
    assert gateway_sim.sent[0].text == TRICKY_TEXT


async def test_a_link_url_with_its_own_query_keeps_it(
    make_gateway: MakeGateway, gateway_sim: Simulator
) -> None:
    gateway = make_gateway("link", sms_link_url=gateway_sim.link_url + "?lang=fa")

    await gateway.send(RECIPIENT, "hello")

    assert gateway_sim.requests[0].query["lang"] == "fa"
    assert gateway_sim.requests[0].query["TO"] == RECIPIENT


@pytest.mark.parametrize("code", list(LINK_ERRORS))
async def test_every_link_code_raises_its_error(
    link: Gateway, gateway_sim: Simulator, code: str
) -> None:
    gateway_sim.faults.answer_next(code, operation="link")

    with pytest.raises(GatewayRejected) as caught:
        await link.send(RECIPIENT, "x")

    info = LINK_ERRORS[code]
    error = caught.value
    assert type(error) is ERROR_CLASS[info.kind]
    assert (error.code, error.kind, error.name) == (code, info.kind, info.name)
    assert reason_key(error) == info.key
    assert gateway_sim.sent == []


async def test_wrong_password_over_the_link(
    make_gateway: MakeGateway, gateway_sim: Simulator
) -> None:
    gateway = make_gateway("link", sms_password="wrong")
    with pytest.raises(GatewayRejected) as caught:
        await gateway.send(RECIPIENT, "x")
    assert (caught.value.code, caught.value.kind) == ("12", ErrorKind.CREDENTIALS)


async def test_an_undocumented_link_code_is_kept(link: Gateway, gateway_sim: Simulator) -> None:
    gateway_sim.faults.answer_next("15", operation="link")
    with pytest.raises(UndocumentedAnswer) as caught:
        await link.send(RECIPIENT, "x")
    assert caught.value.code == "15"


def _unsupported_calls(gateway: Gateway) -> dict[str, Callable[[], Awaitable[object]]]:
    return {
        "schedule": lambda: gateway.send_at(RECIPIENT, "x", datetime(2030, 1, 1, tzinfo=UTC)),
        "delivery": lambda: gateway.delivery_state("123456789"),
        "balance": gateway.balance,
        "flash": lambda: gateway.send(RECIPIENT, "x", flash=True),
    }


@pytest.mark.parametrize("name", ["schedule", "delivery", "balance", "flash"])
async def test_what_the_link_cannot_do_is_unsupported(
    link: Gateway, gateway_sim: Simulator, name: str
) -> None:
    with pytest.raises(Unsupported) as caught:
        await _unsupported_calls(link)[name]()

    error = caught.value
    assert (error.kind, error.name) == (ErrorKind.UNSUPPORTED, name)
    assert "link API" in in_words(error)
    assert "لینک" in in_words(error, "fa")
    assert gateway_sim.requests == []


def test_the_factory_picks_the_configured_wire(make_gateway: MakeGateway) -> None:
    link = make_gateway("link")
    soap = make_gateway("soap")
    assert isinstance(link, LinkGateway)
    assert link.transport == "link"
    assert link.capabilities == Capabilities(
        tracks_delivery=False, schedules=False, reads_credit=False, sends_flash=False
    )
    assert isinstance(soap, SoapGateway)
    assert soap.transport == "soap" and soap.capabilities.tracks_delivery


async def test_a_send_through_the_link_cannot_be_tracked(
    link: Gateway, gateway_sim: Simulator
) -> None:
    await link.send(RECIPIENT, "hello")
    assert requests_for(gateway_sim, "link")[0].query["TO"] == RECIPIENT
    assert gateway_sim.messages == {}
