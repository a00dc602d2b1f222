"""An aiohttp application served on this machine: the scaffolding the gateway simulator and the
tests' fake Bot API share (start on 127.0.0.1, stop, `async with`).

A subclass says what it serves (`_application`) and what it learns once reachable (`_started`).
With `tls` (a server-side SSLContext) it serves https instead of http.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from ssl import SSLContext
from types import TracebackType
from typing import Self

from aiohttp import web


class LocalServer(ABC):
    def __init__(self, *, shutdown_timeout: float, tls: SSLContext | None = None) -> None:
        self._shutdown_timeout = shutdown_timeout  # how long stop() lets open requests finish
        self._tls = tls
        self._runner: web.AppRunner | None = None
        self._server_url: str | None = None

    @abstractmethod
    def _application(self) -> web.Application:
        """A fresh application for each start."""

    @abstractmethod
    def _started(self) -> None:
        """Called once the server listens (`server_url` is known)."""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on `host`; port 0 takes a free one."""
        if self._runner is not None:
            raise RuntimeError("the server is already running")
        runner = web.AppRunner(
            self._application(), shutdown_timeout=self._shutdown_timeout, access_log=None
        )
        await runner.setup()
        await web.TCPSite(runner, host, port, ssl_context=self._tls).start()
        self._runner = runner
        bound_host, bound_port = runner.addresses[0][:2]
        scheme = "https" if self._tls else "http"
        self._server_url = f"{scheme}://{_url_host(bound_host)}:{bound_port}"
        self._started()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def server_url(self) -> str:
        """`http://host:port` (or https) of the running server."""
        if self._server_url is None:
            raise RuntimeError("the server has not been started")
        return self._server_url

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
