"""The simulated account and how the simulated operator behaves."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import SANDBOX_PASSWORD, SANDBOX_SENDER, SANDBOX_USERNAME


@dataclass
class SimulatorConfig:
    username: str = SANDBOX_USERNAME
    password: str = SANDBOX_PASSWORD
    sender: str = SANDBOX_SENDER  # the panel number (pnlno / FROM)
    credit: int = 10_000
    delivery_after: float = 20.0  # clock seconds a message stays in state 8 before its outcome
    delivered_ratio: float = 0.9  # the rest split between 6 (not delivered) and 7 (expired)
    seed: int = 0  # outcomes are deterministic per smsid for a given seed
    latency: float = 0.0  # real seconds from a request to its answer (run time: faults.latency)

    def __post_init__(self) -> None:
        if not 0.0 <= self.delivered_ratio <= 1.0:
            raise ValueError("delivered_ratio must lie between 0 and 1")
        if self.delivery_after < 0 or self.latency < 0 or self.credit < 0:
            raise ValueError("delivery_after, latency and credit cannot be negative")
