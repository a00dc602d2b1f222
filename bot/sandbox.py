"""What runs without Telegram: the gateway the settings name (or under SMS_SANDBOX the built-in
simulator, started in-process), and the recorded sender of `smsbridge send`.

Shared by the bot (`bot/app.py`) and the one-shot commands (`bot/cli.py`), which need nothing else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from bot.config import GatewaySettings
from bot.gateway import Gateway, GatewayError, build_gateway
from bot.service.sending import SendService
from storage import Database


def sandbox_state_file(settings: GatewaySettings) -> Path:
    """Beside the database: the sandbox's account, kept from one process to the next."""
    return settings.database_path.with_suffix(".sandbox.json")


@asynccontextmanager
async def open_gateway(settings: GatewaySettings) -> AsyncIterator[Gateway]:
    """The configured gateway; under SMS_SANDBOX, the built-in simulator started in-process."""
    async with AsyncExitStack() as stack:
        if settings.sms_sandbox:
            # Imported here: the simulator's HTTP server (aiohttp) costs start-up time otherwise.
            from bot.simulator import Simulator, SimulatorConfig

            simulator = Simulator(
                SimulatorConfig(
                    username=settings.sms_username,
                    password=settings.sms_password.get_secret_value(),
                    sender=settings.sms_sender,
                ),
                state_file=sandbox_state_file(settings),
            )
            await stack.enter_async_context(simulator)
            settings = settings.model_copy(
                # The simulator is on this machine: never behind SMS_PROXY.
                update={"sms_endpoint": simulator.soap_url, "sms_link_url": simulator.link_url,
                        "sms_proxy": ""}
            )
        gateway = build_gateway(settings)
        stack.push_async_callback(gateway.aclose)
        yield gateway


class _Unwatched:
    """The account as `smsbridge send` watches it: not at all. The one-shot prints its own
    errors, and alerts (with their throttling and the low-credit state) are the bot's."""

    async def observe_error(self, error: GatewayError) -> None:
        return None

    def after_send(self) -> None:
        return None


@asynccontextmanager
async def open_recorded_sender(settings: GatewaySettings) -> AsyncIterator[SendService]:
    """What `smsbridge send` sends through: the bot's database (write-ahead, tracked later by
    the bot) and the configured gateway. Interrupted sends are left to the bot's start-up."""
    async with AsyncExitStack() as stack:
        db = await Database.open(settings.database_path)
        stack.push_async_callback(db.close)
        gateway = await stack.enter_async_context(open_gateway(settings))
        yield SendService(db, gateway, _Unwatched(), settings.tracking)
