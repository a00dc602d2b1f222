"""Two small proxies on 127.0.0.1 for tests: SOCKS5 (RFC 1928, with RFC 1929 user/password) and
HTTP (CONNECT tunnels and plain-HTTP forwarding).

Each resolves names from its own `hosts` table only (e.g. `api.telegram.test` -> 127.0.0.1), names
this machine cannot resolve: a request that went around the proxy fails. `targets` lists every
`host:port` a client asked for (`HttpProxy.tunnels`: those asked for by CONNECT). `stop()` closes
the listener and every open connection (clients are refused from then on), `start()` opens it again
on the same port, and `dropping = True` makes it accept connections and close them at once.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ipaddress
import struct
from collections.abc import Mapping
from types import TracebackType
from typing import Self

from yarl import URL

Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]

_SOCKS_VERSION = 5
_NO_AUTH, _USER_PASSWORD, _NO_METHOD = 0, 2, 0xFF
_CONNECT = 1
_IPV4, _DOMAIN, _IPV6 = 1, 3, 4
_SUCCEEDED, _HOST_UNREACHABLE, _COMMAND_NOT_SUPPORTED = 0, 4, 7


class _Proxy:
    scheme = ""

    def __init__(self, hosts: Mapping[str, str], *, auth: tuple[str, str] | None = None) -> None:
        self.hosts = dict(hosts)
        self.auth = auth
        self.port = 0
        self.targets: list[str] = []
        self.dropping = False
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        login = f"{self.auth[0]}:{self.auth[1]}@" if self.auth else ""
        return f"{self.scheme}://{login}127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            if not self.dropping:
                await self._handle(reader, writer)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    def _resolve(self, host: str) -> str | None:
        """The proxy's own name resolution: its table, or an address given as one."""
        if host in self.hosts:
            return self.hosts[host]
        with contextlib.suppress(ValueError):
            return str(ipaddress.ip_address(host))
        return None

    async def _connect(self, host: str, port: int) -> Streams | None:
        self.targets.append(f"{host}:{port}")
        address = self._resolve(host)
        if address is None:
            return None
        try:
            upstream = await asyncio.open_connection(address, port)
        except OSError:
            return None
        self._writers.add(upstream[1])
        return upstream

    async def _pipe(self, client: Streams, upstream: Streams) -> None:
        try:
            await asyncio.gather(_copy(client[0], upstream[1]), _copy(upstream[0], client[1]))
        finally:
            self._writers.discard(upstream[1])
            upstream[1].transport.abort()


async def _copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    try:
        while chunk := await source.read(65536):
            sink.write(chunk)
            await sink.drain()
    except OSError:
        pass
    finally:
        sink.transport.abort()


class Socks5Proxy(_Proxy):
    scheme = "socks5h"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not await self._greet(reader, writer):
            return
        _, command, _, kind = await reader.readexactly(4)
        host = await _read_address(reader, kind)
        (port,) = struct.unpack("!H", await reader.readexactly(2))
        if command != _CONNECT:
            writer.write(_reply(_COMMAND_NOT_SUPPORTED))
            return
        upstream = await self._connect(host, port)
        writer.write(_reply(_HOST_UNREACHABLE if upstream is None else _SUCCEEDED))
        await writer.drain()
        if upstream is not None:
            await self._pipe((reader, writer), upstream)

    async def _greet(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        version, count = await reader.readexactly(2)
        methods = await reader.readexactly(count)
        wanted = _USER_PASSWORD if self.auth else _NO_AUTH
        if version != _SOCKS_VERSION or wanted not in methods:
            writer.write(bytes([_SOCKS_VERSION, _NO_METHOD]))
            return False
        writer.write(bytes([_SOCKS_VERSION, wanted]))
        if self.auth is None:
            return True
        _, size = await reader.readexactly(2)
        user = (await reader.readexactly(size)).decode()
        (size,) = await reader.readexactly(1)
        password = (await reader.readexactly(size)).decode()
        accepted = (user, password) == self.auth
        writer.write(bytes([1, 0 if accepted else 1]))
        return accepted


async def _read_address(reader: asyncio.StreamReader, kind: int) -> str:
    if kind == _IPV4:
        return str(ipaddress.IPv4Address(await reader.readexactly(4)))
    if kind == _IPV6:
        return str(ipaddress.IPv6Address(await reader.readexactly(16)))
    if kind == _DOMAIN:
        (size,) = await reader.readexactly(1)
        return (await reader.readexactly(size)).decode()
    raise ValueError(f"address type {kind}")


def _reply(status: int) -> bytes:
    return bytes([_SOCKS_VERSION, status, 0, _IPV4, 0, 0, 0, 0, 0, 0])


class HttpProxy(_Proxy):
    """CONNECT opens a tunnel; any other method carries an absolute URL and is forwarded, the
    rest of the connection passed on as it comes (keep-alive requests go to the same server)."""

    scheme = "http"

    def __init__(self, hosts: Mapping[str, str], *, auth: tuple[str, str] | None = None) -> None:
        super().__init__(hosts, auth=auth)
        self.tunnels: list[str] = []

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        if self.auth and _basic(self.auth) not in head.decode():
            writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
            return
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            self.tunnels.append(target)
            upstream = await self._connect(host, int(port))
            if upstream is None:
                writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            url = URL(target)
            if url.host is None or url.port is None:
                return
            upstream = await self._connect(url.host, url.port)
            if upstream is None:
                writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            upstream[1].write(head)
        await writer.drain()
        await self._pipe((reader, writer), upstream)


def _basic(auth: tuple[str, str]) -> str:
    token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    return f"Proxy-Authorization: Basic {token}"
