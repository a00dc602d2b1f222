"""`smsbridge simulator`: run the simulator in the foreground until cancelled."""

from __future__ import annotations

import asyncio

from bot.simulator.config import SimulatorConfig
from bot.simulator.server import Simulator


async def serve(
    host: str = "127.0.0.1", port: int = 8098, config: SimulatorConfig | None = None
) -> None:
    """Serve until cancelled, printing where the simulator listens and how to log in."""
    simulator = Simulator(config)
    await simulator.start(host, port)
    try:
        print(banner(simulator), flush=True)
        await asyncio.Event().wait()
    finally:
        await simulator.stop()


def banner(simulator: Simulator) -> str:
    # The sandbox credentials are public by design: they only open the simulator.
    config = simulator.config
    return "\n".join(
        [
            "0098SMS simulator running",
            f"  WSDL:     {simulator.wsdl_url}",
            f"  SOAP:     {simulator.soap_url}",
            f"  link:     {simulator.link_url}",
            f"  username: {config.username}",
            f"  password: {config.password}",
            f"  sender:   {config.sender}",
            f"  credit:   {simulator.credit}",
        ]
    )
