"""The SOAP port, when SMS_WSDL is a URL that cannot be reached at start-up: the gateway works
without it (each call fails at once, nothing sent) and loads it again in the background, the wait
doubling up to a minute, until it loads. A call made while an attempt is under way waits for it.

Attempts run on a daemon thread (zeep loads synchronously): one still waiting on a silent host
when the bot stops must not hold the process up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from bot.gateway.errors import TransportError
from bot.gateway.http import WireFault
from bot.gateway.soap_port import SoapPort, WsdlUnreachable

log = logging.getLogger(__name__)

FIRST_WAIT = 1.0
LONGEST_WAIT = 60.0


class PortLoader:
    def __init__(self, load: Callable[[], SoapPort]) -> None:
        """Loads at once (blocking, as at start-up); only an unreachable URL is left for later,
        any other failure (a missing file, no usable WSDL) is raised."""
        self._load = load
        self._port: SoapPort | None = None
        self._error: TransportError | None = None
        self._retrying: asyncio.Task[None] | None = None
        self._attempt: asyncio.Future[SoapPort] | None = None
        try:
            self._port = load()
        except WsdlUnreachable as error:
            self._error = error
            log.warning("SMS_WSDL cannot be used (%s): no request can be made until it loads "
                        "(trying again in %.0f s)", error.detail, FIRST_WAIT)

    async def port(self) -> SoapPort:
        """The port, or a WireFault (nothing was sent) while it is not loaded."""
        if self._port is None:
            await self._settled()
        if self._port is not None:
            return self._port
        assert self._error is not None
        raise WireFault(self._error.name, detail=self._error.detail, sent=False)

    async def _settled(self) -> None:
        """Start the retries on first use (inside the running loop); wait out an attempt under
        way, and take its port straight away (before the retry loop wakes to it)."""
        if self._retrying is None:
            self._retrying = asyncio.create_task(self._retry(), name="wsdl-load")
        attempt = self._attempt
        if attempt is None:
            return
        await asyncio.wait({attempt})
        if not attempt.cancelled() and attempt.exception() is None:
            self._port = attempt.result()

    async def aclose(self) -> None:
        if self._retrying is not None:
            self._retrying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retrying

    async def _retry(self) -> None:
        wait = FIRST_WAIT
        while self._port is None:
            await asyncio.sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT)
            self._attempt = _on_daemon_thread(self._load)
            try:
                self._port = await self._attempt
            except TransportError as error:
                self._error = error
                log.warning("SMS_WSDL cannot be used (%s): trying again in %.0f s",
                            error.detail, wait)
        log.info("the service description (SMS_WSDL) is loaded: the gateway can be used")


def _on_daemon_thread(load: Callable[[], SoapPort]) -> asyncio.Future[SoapPort]:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[SoapPort] = loop.create_future()

    def succeeded(port: SoapPort) -> None:
        if not future.done():
            future.set_result(port)

    def failed(error: Exception) -> None:
        if not future.done():
            future.set_exception(error)

    def run() -> None:
        try:
            port = load()
        except Exception as error:
            post(failed, error)
        else:
            post(succeeded, port)

    def post(settle: Callable[[Any], None], outcome: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits any more
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=run, name="wsdl-load", daemon=True).start()
    return future
