"""Delivery progress on a manual clock: 8 until delivery_after, then a seeded outcome."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.simulator import ManualClock, Simulator, SimulatorConfig
from tests.fixtures_simulator import SimHttp, local_http


async def state_of(sim_http: SimHttp, smsid: str) -> str:
    return await sim_http.call("smsdeliveryState", {**sim_http.login(), "smsid": smsid})


async def test_state_is_8_until_delivery_after_then_final(
    simulator: Simulator, sim_clock: ManualClock, sim_http: SimHttp
) -> None:
    smsid = await sim_http.call("SendSMSWithID", sim_http.send_fields())
    sim_clock.advance(simulator.config.delivery_after - 0.5)
    assert await state_of(sim_http, smsid) == "8"
    sim_clock.advance(0.5)
    final = await state_of(sim_http, smsid)
    assert final in {"5", "6", "7"}
    sim_clock.advance(3600)
    assert await state_of(sim_http, smsid) == final
    assert simulator.messages[smsid].state == final


async def test_message_state_follows_the_clock_without_a_query(
    simulator: Simulator, sim_clock: ManualClock, sim_http: SimHttp
) -> None:
    smsid = await sim_http.call("SendSMSWithID", sim_http.send_fields())
    assert simulator.messages[smsid].state == "8"
    sim_clock.advance(simulator.config.delivery_after)
    assert simulator.messages[smsid].state in {"5", "6", "7"}


@pytest.mark.parametrize(("ratio", "expected"), [(1.0, {"5"}), (0.0, {"6", "7"})])
async def test_outcomes_follow_the_delivered_ratio(
    sim_clock: ManualClock, ratio: float, expected: set[str]
) -> None:
    config = SimulatorConfig(delivered_ratio=ratio, delivery_after=1)
    outcomes = await run_outcomes(config, sim_clock, count=40)
    assert set(outcomes.values()) == expected


async def test_most_messages_are_delivered_at_the_default_ratio(sim_clock: ManualClock) -> None:
    outcomes = await run_outcomes(SimulatorConfig(), sim_clock, count=100)
    counts = Counter(outcomes.values())
    assert 75 <= counts["5"] <= 98
    assert counts["6"] > 0 and counts["7"] > 0


async def test_outcomes_are_deterministic_per_seed() -> None:
    first = await run_outcomes(SimulatorConfig(seed=7, delivered_ratio=0.5), ManualClock(), 20)
    again = await run_outcomes(SimulatorConfig(seed=7, delivered_ratio=0.5), ManualClock(), 20)
    other = await run_outcomes(SimulatorConfig(seed=8, delivered_ratio=0.5), ManualClock(), 20)
    assert first == again
    assert list(first) == list(other)  # same smsids on the same clock
    assert first != other


async def test_a_scheduled_message_counts_from_its_timestamp(
    simulator: Simulator, sim_clock: ManualClock, sim_http: SimHttp
) -> None:
    delay = 1000
    when = int(sim_clock.now()) + delay
    await sim_http.call("SendSMSWithTime", sim_http.send_fields(timestamp=str(when)))
    sim_clock.advance(delay + simulator.config.delivery_after - 1)
    assert simulator.sent[0].state == "8"
    sim_clock.advance(1)
    assert simulator.sent[0].state in {"5", "6", "7"}


async def test_force_state_pins_a_message_for_good(
    simulator: Simulator, sim_clock: ManualClock, sim_http: SimHttp
) -> None:
    early = await sim_http.call("SendSMSWithID", sim_http.send_fields())
    late = await sim_http.call("SendSMSWithID", sim_http.send_fields())
    simulator.force_state(early, "4")
    assert await state_of(sim_http, early) == "4"
    sim_clock.advance(simulator.config.delivery_after * 10)
    simulator.force_state(late, "8")
    assert await state_of(sim_http, early) == "4"
    assert await state_of(sim_http, late) == "8"


async def test_force_state_of_an_unknown_smsid_is_an_error(simulator: Simulator) -> None:
    with pytest.raises(KeyError):
        simulator.force_state("1234567890", "5")


async def run_outcomes(config: SimulatorConfig, clock: ManualClock, count: int) -> dict[str, str]:
    """smsid -> final state of `count` messages sent through a fresh simulator."""
    async with Simulator(config, clock) as simulator, local_http() as client:
        sim_http = SimHttp(simulator, client)
        for _ in range(count):
            await sim_http.call("SendSMSWithID", sim_http.send_fields())
        clock.advance(config.delivery_after)
        return {smsid: message.state for smsid, message in simulator.messages.items()}


@pytest.mark.parametrize(
    "settings",
    [{"delivered_ratio": 1.5}, {"delivered_ratio": -0.1}, {"delivery_after": -1}, {"credit": -5}],
)
def test_config_refuses_impossible_settings(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        SimulatorConfig(**settings)  # type: ignore[arg-type]


def test_manual_clock_moves_only_forward_and_only_when_told() -> None:
    clock = ManualClock(100.0)
    clock.advance(2.5)
    assert clock.now() == 102.5
    with pytest.raises(ValueError):
        clock.advance(-1)
    assert clock.now() == 102.5
