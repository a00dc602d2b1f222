"""The gateway simulator in its own interpreter, so a benchmark's client keeps its CPU to itself.

    with simulator_process(latency=0.05) as simulator:      # simulator.url, .pid, .smsids
        ...

Run directly (`python -m bench.simulator_process LATENCY MESSAGES`) it starts the simulator, prints
its SOAP URL and then the smsids of MESSAGES messages sent in advance, one per line, and serves until
its standard input closes. Without pre-sent messages it forgets what it recorded every few seconds,
or its memory would grow with every request of a long benchmark.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bot.gateway.base import DeliveryState
from bot.gateway.errors import GatewayError
from bot.simulator import Simulator, SimulatorConfig
from storage import MessageRecord

CREDIT = 10**12
FORGET_EVERY = 5.0


@dataclass(frozen=True)
class SimulatorProcess:
    url: str  # the SOAP endpoint
    pid: int
    smsids: list[str]  # of the messages sent in advance


@contextmanager
def simulator_process(latency: float = 0.0, messages: int = 0) -> Iterator[SimulatorProcess]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.simulator_process", str(latency), str(messages)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        smsids = [process.stdout.readline().strip() for _ in range(messages)]
        yield SimulatorProcess(url, process.pid, smsids)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)


class SilentNotifier:
    """Tells nobody anything: a benchmark measures the gateway traffic only."""

    async def delivery_changed(self, record: MessageRecord, state: DeliveryState) -> None:
        pass

    async def tracking_ended(self, record: MessageRecord, state: DeliveryState) -> None:
        pass

    async def low_credit(self, credit: int, threshold: int) -> None:
        pass

    async def account_problem(self, error: GatewayError) -> None:
        pass


async def _serve(latency: float, messages: int) -> None:
    config = SimulatorConfig(credit=CREDIT, latency=latency)
    async with Simulator(config) as simulator:
        inputs = {"username": config.username, "password": config.password,
                  "mobileno": "09121234567", "pnlno": config.sender, "text": "tracked"}
        # Straight into the panel: sending thousands over HTTP would take longer than the benchmark.
        smsids = [simulator._panel.call("SendSMSWithID", inputs) for _ in range(messages)]
        print(simulator.soap_url, *smsids, sep="\n", flush=True)
        stdin_closed = asyncio.ensure_future(asyncio.to_thread(sys.stdin.read))
        while not stdin_closed.done():
            await asyncio.wait([stdin_closed], timeout=FORGET_EVERY)
            if not messages:
                simulator.reset()
                simulator.credit = CREDIT


if __name__ == "__main__":
    asyncio.run(_serve(float(sys.argv[1]), int(sys.argv[2])))
