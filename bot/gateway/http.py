"""The wire under both adapters: one aiohttp session, fault translation and read retries.

A `WireFault` is "no usable answer", before deciding what it means for the caller: a read turns it
into `TransportError` (after retries), a send into `OutcomeUnknown` when the request may have left,
or a plain `TransportError` when it surely did not. A fault is named (its words are the catalogue's
`gateway.fault.<name>`); its detail never holds a URL or a credential.

aiohttp, not httpx, carries the gateway's calls: it costs a fraction of httpx's CPU per request
(`bench.adapter_throughput`; figures in README), which decides how many sends a second a campaign
can reach. The SOAP requests are rendered by zeep (`soap_port.py`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import aiohttp
import aiohttp_socks
import httpx
from aiohttp_socks import ProxyConnector, ProxyType
from yarl import URL

from bot import __version__
from bot.gateway.errors import OutcomeUnknown, TransportError
from bot.proxy import is_socks

logger = logging.getLogger(__name__)

T = TypeVar("T")

_SOCKS_FAULTS = (aiohttp_socks.ProxyError, aiohttp_socks.ProxyConnectionError,
                 aiohttp_socks.ProxyTimeoutError)

PROXY_AUTH_REQUIRED = 407

# A campaign runs up to BULK_CONCURRENCY (at most 64) sends at once; single sends and delivery
# checks go on beside it.
MAX_CONNECTIONS = 80


class WireFault(Exception):
    """No usable answer from the gateway.

    `sent`: the request may have reached the gateway. `retryable`: asking again may help (reads).
    `detail`: what the gateway said, verbatim (a SOAP fault's text), or "".
    """

    def __init__(
        self,
        name: str,
        *,
        status: int | None = None,
        detail: str = "",
        sent: bool = True,
        retryable: bool = False,
    ) -> None:
        super().__init__(f"{name} (HTTP {status})" if status is not None else name)
        self.name = name
        self.detail = detail
        self.status = status
        self.sent = sent
        self.retryable = retryable


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer, read whole."""

    status: int
    content_type: str
    content: bytes

    def looks_like_html(self) -> bool:
        """An error page (proxy, IIS, ASP.NET) rather than an answer."""
        if "html" in self.content_type.lower():
            return True
        head = self.content[:64].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html"))


class Wire:
    """Every HTTP call of one gateway: one connection pool, one timeout, no redirects, and never
    a request sent twice by the HTTP library. URLs are sent as given (already percent-encoded).

    With `proxy` (SMS_PROXY) every connection goes through it: SOCKS by aiohttp-socks (socks5h
    lets the proxy resolve the name), http(s) by aiohttp's own proxy support.
    The session opens on first use, inside the running event loop; `aclose` ends it.
    """

    def __init__(self, timeout: float, proxy: str = "") -> None:
        # `connect` covers waiting for a pooled connection too: still nothing has been sent.
        self._timeout = aiohttp.ClientTimeout(total=None, connect=timeout, sock_read=timeout)
        self._proxy = proxy
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    async def post(self, url: str, content: bytes, headers: Mapping[str, str]) -> Answer:
        return await self._request("POST", url, content, headers)

    async def get(self, url: str) -> Answer:
        # aiohttp resends only idempotent methods; a POST needs no guard (nor its cost).
        return await self._request("GET", url, middlewares=(_never_resend,))

    async def aclose(self) -> None:
        """Ends the session, cutting off calls in flight; later calls fail, sending nothing."""
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _request(
        self, method: str, url: str, content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        middlewares: Sequence[aiohttp.ClientMiddlewareType] = (),
    ) -> Answer:
        try:
            async with self._open().request(
                method, URL(url, encoded=True), data=content, headers=headers,
                allow_redirects=False, middlewares=middlewares,
            ) as response:
                if response.status == PROXY_AUTH_REQUIRED and self._proxy:
                    raise proxy_fault()  # SMS_PROXY refused our login: the gateway saw nothing
                body = await response.read()
                return Answer(response.status, response.headers.get("Content-Type", ""), body)
        except _SOCKS_FAULTS:  # the SOCKS proxy failed us before any byte of the request
            raise proxy_fault() from None
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise fault_from_aiohttp(exc) from None

    def _open(self) -> aiohttp.ClientSession:
        if self._closed:
            raise WireFault("closed", sent=False)
        if self._session is None:
            socks = bool(self._proxy) and is_socks(self._proxy)
            self._session = aiohttp.ClientSession(
                connector=self._connector(socks),
                proxy=self._proxy if self._proxy and not socks else None,
                timeout=self._timeout,
                headers={"User-Agent": f"smsbridge/{__version__}"},
                # Only SMS_PROXY: no HTTPS_PROXY for the gateway, which is in Iran (a proxy set
                # for Telegram is usually abroad) and no ~/.netrc lookup on a thread per request.
                trust_env=False,
            )
        return self._session

    def _connector(self, socks: bool) -> aiohttp.TCPConnector:
        if socks:
            proxy = URL(self._proxy)
            return ProxyConnector(
                proxy_type=ProxyType.SOCKS5, host=proxy.host or "", port=proxy.port or 1080,
                username=proxy.user, password=proxy.password, rdns=proxy.scheme == "socks5h",
                limit=MAX_CONNECTIONS, ssl=tls_context(),
            )
        return aiohttp.TCPConnector(limit=MAX_CONNECTIONS, ssl=tls_context())


class _Dropped(aiohttp.ClientConnectionError):
    """The connection broke after the request may have been written."""


async def _never_resend(
    request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
) -> aiohttp.ClientResponse:
    """aiohttp sends a GET again when its connection drops (aiohttp#10790); a link API GET sends
    an SMS, so a drop ends the call here instead, as an error aiohttp does not resend on."""
    try:
        return await handler(request)
    except aiohttp.ClientConnectorError:  # connecting failed: nothing was written
        raise
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
        raise _Dropped(str(exc)) from exc


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs tens of milliseconds: done once per process, then shared.
    SSL_CERT_FILE (or SSL_CERT_DIR) replaces the bundled CAs (httpx's rule): how a deployment
    behind a TLS-intercepting proxy trusts that proxy's CA."""
    return httpx.create_ssl_context()


def fault_from_aiohttp(exc: aiohttp.ClientError | TimeoutError | ValueError) -> WireFault:
    """Classify a failed request by whether it can have left this machine."""
    if isinstance(exc, aiohttp.ClientSSLError):  # a ValueError too: checked before it
        return WireFault("tls_failed", sent=False)
    if isinstance(exc, ValueError | aiohttp.NonHttpUrlClientError):  # aiohttp.InvalidURL too
        return WireFault("bad_address", sent=False)
    if isinstance(exc, aiohttp.ClientHttpProxyError | aiohttp.ClientProxyConnectionError):
        return proxy_fault()
    # Both happen before anything is written: checked before the other timeouts.
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return WireFault("connect_timeout", sent=False, retryable=True)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return WireFault("connect_failed", sent=False, retryable=True)
    if isinstance(exc, TimeoutError):  # reading the answer
        return WireFault("timeout", retryable=True)
    if isinstance(exc, aiohttp.ClientConnectionError | aiohttp.ClientPayloadError
                  | aiohttp.ClientResponseError):  # dropped, reset, not HTTP
        return WireFault("connection_closed", retryable=True)
    return WireFault("http_error")


def proxy_fault() -> WireFault:
    """SMS_PROXY refused, dropped or timed out the connection (or its login): nothing was sent."""
    return WireFault("proxy_failed", sent=False, retryable=True)


def status_fault(status: int, *, name: str = "http_status", detail: str = "") -> WireFault:
    """A non-200 answer; 5xx are worth retrying for reads."""
    return WireFault(name, status=status, detail=detail, retryable=status >= 500)


def empty_fault() -> WireFault:
    return WireFault("empty_answer")


def malformed_fault() -> WireFault:
    return WireFault("malformed_answer")


def html_fault() -> WireFault:
    return WireFault("html_page")


def request_fault() -> WireFault:
    return WireFault("request_invalid", sent=False)


def soap_fault(text: str) -> WireFault:
    return WireFault("soap_fault", detail=text)


def as_error(fault: WireFault, *, sending: bool) -> TransportError:
    """What the caller sees: for a send that may have left, the outcome is unknown."""
    code = str(fault.status) if fault.status is not None else ""
    if sending and fault.sent:
        return OutcomeUnknown(code, name=fault.name, detail=fault.detail)
    return TransportError(code, name=fault.name, detail=fault.detail)


async def with_retries(call: Callable[[], Awaitable[T]], *, attempts: int, base_delay: float) -> T:
    """Run a read, asking again after retryable faults with exponential backoff."""
    attempt = 1
    while True:
        try:
            return await call()
        except WireFault as fault:
            if not fault.retryable or attempt >= attempts:
                raise
            delay = base_delay * 2 ** (attempt - 1)
            logger.info("gateway fault (%s), retry %d of %d in %.2fs",
                        fault.name, attempt, attempts - 1, delay)
            await asyncio.sleep(delay)
            attempt += 1
