"""Sends per second through SoapGateway.send against hand-written SOAP clients.

Run: .venv/bin/python -m bench.adapter_throughput [--seconds 1.5] [--rounds 5]   (from the repository root)

The simulator runs in a separate process, so all clients share the same server. The hand-written
clients post a fixed envelope and cut the result out of the body: one on httpx (the yardstick the
adapter's target names) and one on aiohttp (the library the adapter now sends with). For
concurrency 1 and 20, rounds alternate between the clients (so background load hits all alike) and
the median is printed; the target is an adapter at >= 75% of the hand-written httpx client. Also
printed: the WSDL load time (median of several), target < 0.3 s.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp
import httpx

from bench.simulator_process import simulator_process
from bot.config import SANDBOX_PASSWORD, SANDBOX_SENDER, SANDBOX_USERNAME, GatewaySettings
from bot.gateway import SoapGateway, build_gateway
from bot.gateway.http import Wire

RECIPIENT = "09121234567"
TEXT = "bench message"
CONCURRENCY = (1, 20)
RATIO_TARGET = 0.75
WSDL_TARGET = 0.3
WSDL_LOADS = 7

ENVELOPE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    '<soap:Body><SendSMSWithID xmlns="http://tempuri.org/">'
    f"<username>{SANDBOX_USERNAME}</username><password>{SANDBOX_PASSWORD}</password>"
    f"<mobileno>{RECIPIENT}</mobileno><pnlno>{SANDBOX_SENDER}</pnlno>"
    f"<text>{TEXT}</text><isflash>false</isflash>"
    "</SendSMSWithID></soap:Body></soap:Envelope>"
).encode()
HEADERS = {
    "Content-Type": "text/xml; charset=utf-8",
    "SOAPAction": '"http://tempuri.org/SendSMSWithID"',
}

Send = Callable[[], Awaitable[object]]


def settings_for(soap_url: str) -> GatewaySettings:
    return GatewaySettings(  # type: ignore[call-arg]
        _env_file=None, sms_sandbox=True, sms_endpoint=soap_url, sms_timeout=30.0
    )


@dataclass(frozen=True)
class Measure:
    per_second: float  # sends completed per wall-clock second
    cpu_ms: float  # this process's CPU time per send: the client's own cost, less noisy


async def measure(send: Send, concurrency: int, seconds: float) -> Measure:
    """`concurrency` workers sending back to back for `seconds`."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await send()
            done += 1

    start, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Measure(done / elapsed, cpu / done * 1000)


def result_of(body: bytes) -> str:
    start = body.index(b"<SendSMSWithIDResult>") + len(b"<SendSMSWithIDResult>")
    return body[start:body.index(b"</SendSMSWithIDResult>")].decode()


def httpx_sender(client: httpx.AsyncClient, soap_url: str) -> Send:
    async def send() -> str:
        response = await client.post(soap_url, content=ENVELOPE, headers=HEADERS)
        return result_of(response.content)

    return send


def aiohttp_sender(client: aiohttp.ClientSession, soap_url: str) -> Send:
    async def send() -> str:
        async with client.post(soap_url, data=ENVELOPE, headers=HEADERS) as response:
            return result_of(await response.read())

    return send


def wsdl_load_times(settings: GatewaySettings) -> list[float]:
    times = []
    for _ in range(WSDL_LOADS):
        start = time.perf_counter()
        SoapGateway(settings, Wire(settings.sms_timeout))
        times.append(time.perf_counter() - start)
    return times


async def compare(soap_url: str, seconds: float, rounds: int) -> None:
    settings = settings_for(soap_url)
    gateway = build_gateway(settings)
    limits = httpx.Limits(max_connections=max(CONCURRENCY))
    httpx_client = httpx.AsyncClient(timeout=settings.sms_timeout, limits=limits)
    aiohttp_client = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=max(CONCURRENCY)))
    senders: dict[str, Send] = {
        "hand-written httpx": httpx_sender(httpx_client, soap_url),
        "hand-written aiohttp": aiohttp_sender(aiohttp_client, soap_url),
        "SoapGateway": lambda: gateway.send(RECIPIENT, TEXT),
    }
    try:
        for send in senders.values():  # warm up: connections, caches
            await measure(send, max(CONCURRENCY), 0.3)
        for concurrency in CONCURRENCY:
            results: dict[str, list[Measure]] = {name: [] for name in senders}
            for _ in range(rounds):
                for name, send in senders.items():
                    results[name].append(await measure(send, concurrency, seconds))
            rates = {name: statistics.median(m.per_second for m in ms) for name, ms in results.items()}
            cpu = {name: statistics.median(m.cpu_ms for m in ms) for name, ms in results.items()}
            ratio = rates["SoapGateway"] / rates["hand-written httpx"]
            print(f"concurrency {concurrency:>2}:")
            for name in senders:
                print(f"    {name:<22} {rates[name]:5.0f}/s ({cpu[name]:.2f} ms CPU/send)")
            print(f"    adapter / hand-written httpx {ratio:.0%} (target >= {RATIO_TARGET:.0%})"
                  + ("" if ratio >= RATIO_TARGET else "  MISSED")
                  + f", adapter / hand-written aiohttp "
                  f"{rates['SoapGateway'] / rates['hand-written aiohttp']:.0%}")
    finally:
        await gateway.aclose()
        await httpx_client.aclose()
        await aiohttp_client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5, help="length of one measurement")
    parser.add_argument("--rounds", type=int, default=5, help="measurements per client and level")
    args = parser.parse_args()
    with simulator_process() as simulator:
        soap_url = simulator.url
        print(f"simulator (separate process): {soap_url}")
        loads = wsdl_load_times(settings_for(soap_url))
        median = statistics.median(loads)
        print(f"WSDL load: median {median * 1000:.1f} ms of {len(loads)} "
              f"(first {loads[0] * 1000:.1f} ms), target < {WSDL_TARGET * 1000:.0f} ms"
              + ("" if median < WSDL_TARGET else "  MISSED"))
        asyncio.run(compare(soap_url, args.seconds, args.rounds))


if __name__ == "__main__":
    main()
