"""A 0098SMS look-alike on 127.0.0.1 for the sandbox, tests and benchmarks.

    async with Simulator(clock=ManualClock()) as sim:
        ...  # point the adapter at sim.wsdl_url / sim.soap_url / sim.link_url
        sim.faults.answer_next("-19")      # the next operation answers -19
        sim.clock.advance(20)              # messages reach their outcome
        assert sim.sent[0].text == "..."

Behaviour and check order: `panel`; delivery outcomes: `delivery`; faults: `faults`.
"""

from bot.simulator.clock import ManualClock, SystemClock
from bot.simulator.config import SimulatorConfig
from bot.simulator.faults import Faults
from bot.simulator.records import RecordedRequest, SimMessage
from bot.simulator.serve import serve
from bot.simulator.server import Simulator

__all__ = [
    "Faults",
    "ManualClock",
    "RecordedRequest",
    "SimMessage",
    "Simulator",
    "SimulatorConfig",
    "SystemClock",
    "serve",
]
