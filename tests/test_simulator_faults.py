"""Injected faults: what the client sees, how many requests each lasts, what gets processed."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from lxml import etree

from bot.simulator import ManualClock, Simulator, SimulatorConfig, serve
from tests.fixtures_simulator import ENVELOPE_NS, SimHttp, local_http

VERSIONS = ["1.1", "1.2"]


@pytest.mark.parametrize("code", ["-19", "Hang", "No Doc", "-3"])
async def test_answer_next_replaces_the_answer_once(
    simulator: Simulator, sim_http: SimHttp, code: str
) -> None:
    simulator.faults.answer_next(code)
    assert await sim_http.call("SendSMS", sim_http.send_fields()) == code
    assert simulator.sent == []
    assert await sim_http.call("SendSMS", sim_http.send_fields()) == "2"


async def test_answer_next_for_the_link_is_plain_text(sim_http: SimHttp) -> None:
    sim_http.simulator.faults.answer_next("12", operation="link")
    response = await sim_http.link(**sim_http.link_params())
    assert response.text == "12"


async def test_answer_next_waits_for_its_operation(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    simulator.faults.answer_next("-31", times=2, operation="smsdeliveryState")
    smsid = await sim_http.call("SendSMSWithID", sim_http.send_fields())
    assert await sim_http.call("RemainSms", sim_http.login()) == str(simulator.credit)
    state_fields = {**sim_http.login(), "smsid": smsid}
    assert await sim_http.call("smsdeliveryState", state_fields) == "-31"
    assert await sim_http.call("smsdeliveryState", state_fields) == "-31"
    assert await sim_http.call("smsdeliveryState", state_fields) == "8"


async def test_faults_apply_in_the_order_they_were_asked(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    simulator.faults.answer_next("-18")
    simulator.faults.empty_next()
    assert await sim_http.call("RemainSms", sim_http.login()) == "-18"
    assert (await sim_http.post("RemainSms", sim_http.login())).content == b""
    assert await sim_http.call("RemainSms", sim_http.login()) == str(simulator.credit)


@pytest.mark.parametrize("status", [500, 503, 404])
async def test_http_error_next_is_an_aspnet_error_page(
    simulator: Simulator, sim_http: SimHttp, status: int
) -> None:
    simulator.faults.http_error_next(status, times=2)
    for _ in range(2):
        response = await sim_http.post("SendSMS", sim_http.send_fields())
        assert response.status_code == status
        assert response.headers["content-type"].startswith("text/html")
        assert "Server Error in '/' Application." in response.text
    link = await sim_http.link(**sim_http.link_params())
    assert link.text == "0"
    assert [message.operation for message in simulator.sent] == ["link"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_malformed_next_is_broken_xml_with_status_200(
    simulator: Simulator, sim_http: SimHttp, version: str
) -> None:
    simulator.faults.malformed_next()
    response = await sim_http.post("RemainSms", sim_http.login(), version)
    assert response.status_code == 200
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(response.content)


async def test_malformed_link_answer_holds_no_number(sim_http: SimHttp) -> None:
    sim_http.simulator.faults.malformed_next()
    response = await sim_http.link(**sim_http.link_params())
    assert response.status_code == 200
    assert not any(char.isdigit() for char in response.text)


@pytest.mark.parametrize("version", VERSIONS)
async def test_soap_fault_next_is_a_proper_fault_in_the_request_version(
    simulator: Simulator, sim_http: SimHttp, version: str
) -> None:
    simulator.faults.soap_fault_next()
    response = await sim_http.post("SendSMSWithID", sim_http.send_fields(), version)
    assert response.status_code == 500
    ns = ENVELOPE_NS[version]
    fault = etree.fromstring(response.content).find(f"{{{ns}}}Body/{{{ns}}}Fault")
    assert fault is not None
    assert simulator.sent == []


async def test_soap_fault_next_leaves_link_requests_alone(sim_http: SimHttp) -> None:
    sim_http.simulator.faults.soap_fault_next()
    assert (await sim_http.link(**sim_http.link_params())).text == "0"
    assert (await sim_http.post("RemainSms", sim_http.login())).status_code == 500


async def test_empty_next_is_an_empty_200(simulator: Simulator, sim_http: SimHttp) -> None:
    simulator.faults.empty_next()
    response = await sim_http.post("SendSMS", sim_http.send_fields())
    assert (response.status_code, response.content) == (200, b"")
    assert simulator.sent == []


async def test_close_next_drops_the_connection_without_processing(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    simulator.faults.close_next()
    with pytest.raises(httpx.RemoteProtocolError):
        await sim_http.post("SendSMSWithID", sim_http.send_fields())
    assert simulator.sent == []
    assert simulator.credit == simulator.config.credit
    assert simulator.requests[-1].operation == "SendSMSWithID"
    assert await sim_http.call("RemainSms", sim_http.login()) == str(simulator.credit)


async def test_close_next_after_processing_accepts_the_send(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    simulator.faults.close_next(after_processing=True)
    with pytest.raises(httpx.RemoteProtocolError):
        await sim_http.post("SendSMSWithID", sim_http.send_fields("lost answer"))
    [message] = simulator.sent
    assert message.text == "lost answer"
    assert message.smsid in simulator.messages
    assert simulator.credit == simulator.config.credit - 1


async def test_close_next_on_the_link(simulator: Simulator, sim_http: SimHttp) -> None:
    simulator.faults.close_next(after_processing=True)
    with pytest.raises(httpx.RemoteProtocolError):
        await sim_http.link(**sim_http.link_params())
    assert [message.operation for message in simulator.sent] == ["link"]


async def test_wsdl_download_does_not_use_up_a_fault(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    simulator.faults.http_error_next()
    assert (await sim_http.client.get(simulator.wsdl_url)).status_code == 200
    assert (await sim_http.post("RemainSms", sim_http.login())).status_code == 500


async def test_clear_forgets_pending_faults(simulator: Simulator, sim_http: SimHttp) -> None:
    simulator.faults.close_next(times=3)
    simulator.faults.latency = 30
    simulator.faults.clear()
    assert simulator.faults.latency == simulator.config.latency
    assert await sim_http.call("RemainSms", sim_http.login()) == str(simulator.credit)


async def test_latency_delays_answers_past_a_client_timeout(
    simulator: Simulator, sim_http: SimHttp
) -> None:
    simulator.faults.latency = 30
    with pytest.raises(httpx.ReadTimeout):
        await sim_http.client.post(
            simulator.soap_url, timeout=0.05, content=b"",
            headers={"Content-Type": "text/xml; charset=utf-8"},
        )


async def test_configured_latency_is_the_starting_value() -> None:
    simulator = Simulator(SimulatorConfig(latency=0.25), ManualClock())
    assert simulator.faults.latency == 0.25


@pytest.mark.parametrize("bad", [lambda f: f.empty_next(times=0), lambda f: f.http_error_next(200)])
async def test_faults_refuse_nonsense(simulator: Simulator, bad: object) -> None:
    assert callable(bad)
    with pytest.raises(ValueError):
        bad(simulator.faults)


async def test_serve_prints_where_it_listens_and_answers_there(
    capsys: pytest.CaptureFixture[str],
) -> None:
    task = asyncio.create_task(serve(port=0, config=SimulatorConfig(credit=77)))
    printed = ""
    # serve() offers no readiness event: its banner on stdout is the signal. No time limit.
    while "password:" not in printed and not task.done():
        await asyncio.sleep(0.01)
        printed += capsys.readouterr().out
    wsdl_url = printed.split("WSDL:", 1)[1].split()[0]
    assert "sandbox-password" in printed and "credit:   77" in printed
    async with local_http() as client:
        response = await client.get(wsdl_url)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert wsdl_url.encode().replace(b"?WSDL", b"") in response.content
