"""The wire under both adapters: the shared httpx client, fault translation and read retries.

A `WireFault` is "no usable answer", before deciding what it means for the caller: a read turns it
into `TransportError` (after retries), a send into `OutcomeUnknown` when the request may have left,
or a plain `TransportError` when it surely did not. Fault texts never hold a URL or a credential.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx

from bot import __version__
from bot.gateway.errors import OutcomeUnknown, TransportError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Bulk sends run up to ~32 requests at once; keep that many connections warm.
MAX_CONNECTIONS = 32


class WireFault(Exception):
    """No usable answer from the gateway.

    `sent`: the request may have reached the gateway. `retryable`: asking again may help (reads).
    """

    def __init__(
        self,
        name: str,
        en: str,
        fa: str,
        *,
        status: int | None = None,
        sent: bool = True,
        retryable: bool = False,
    ) -> None:
        super().__init__(en)
        self.name = name
        self.en = en
        self.fa = fa
        self.status = status
        self.sent = sent
        self.retryable = retryable


def new_http_client(timeout: float) -> httpx.AsyncClient:
    """The client a gateway runs all its calls on: one pool, one timeout, no redirects."""
    _hide_query_strings_in_httpx_logs()
    return httpx.AsyncClient(
        verify=tls_context(),
        timeout=timeout,
        limits=httpx.Limits(
            max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS
        ),
        headers={"User-Agent": f"smsbridge/{__version__}"},
        follow_redirects=False,
    )


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Loading the CA bundle costs tens of milliseconds: done once per process, then shared."""
    return httpx.create_ssl_context()


# What httpx raises on a request (InvalidURL is no HTTPError), as a tuple for `except`.
HTTPX_FAILURES = (httpx.HTTPError, httpx.InvalidURL)


def fault_from_httpx(exc: httpx.HTTPError | httpx.InvalidURL) -> WireFault:
    """Classify an httpx failure by whether the request can have left this machine."""
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return WireFault("bad_address", "the configured gateway address is not a usable URL",
                         "نشانی تنظیم‌شده برای درگاه نشانی معتبری نیست", sent=False)
    # These two timeouts happen before anything is written: checked before TimeoutException.
    if isinstance(exc, httpx.ConnectTimeout):
        return WireFault("connect_timeout", "timed out connecting to the gateway",
                         "مهلت اتصال به درگاه به پایان رسید", sent=False, retryable=True)
    if isinstance(exc, httpx.PoolTimeout):
        return WireFault("pool_timeout", "too many requests in flight, no free connection in time",
                         "درخواست‌های هم‌زمان زیاد است و اتصال آزادی به موقع پیدا نشد",
                         sent=False, retryable=True)
    if isinstance(exc, httpx.ConnectError):
        return WireFault("connect_failed", "could not connect to the gateway",
                         "اتصال به درگاه برقرار نشد", sent=False, retryable=True)
    if isinstance(exc, httpx.TimeoutException):  # read, write
        return WireFault("timeout", "the gateway did not answer in time",
                         "درگاه در زمان مقرر پاسخ نداد", retryable=True)
    if isinstance(exc, httpx.TransportError):  # remote closed, read/write errors, protocol errors
        return WireFault("connection_closed", "the connection to the gateway broke",
                         "ارتباط با درگاه قطع شد", retryable=True)
    return WireFault("http_error", "the request to the gateway failed",
                     "درخواست به درگاه ناموفق بود")


def status_fault(status: int, *, name: str = "http_status", detail: str = "") -> WireFault:
    """A non-200 answer; 5xx are worth retrying for reads."""
    suffix = f" ({detail})" if detail else ""
    return WireFault(name, f"the gateway answered HTTP {status}{suffix}",
                     f"درگاه با خطای HTTP {status} پاسخ داد{suffix}",
                     status=status, retryable=status >= 500)


def empty_fault() -> WireFault:
    return WireFault("empty_answer", "the gateway sent an empty answer",
                     "درگاه پاسخ خالی فرستاد")


def malformed_fault() -> WireFault:
    return WireFault("malformed_answer", "the gateway's answer could not be read",
                     "پاسخ درگاه قابل خواندن نبود")


def html_fault() -> WireFault:
    return WireFault("html_page", "the gateway sent a web page instead of an answer",
                     "درگاه به جای پاسخ یک صفحه وب فرستاد")


def request_fault() -> WireFault:
    return WireFault("request_invalid", "the request could not be built",
                     "درخواست ساخته نشد", sent=False)


def soap_fault(text: str) -> WireFault:
    return WireFault("soap_fault", f"the gateway reported a SOAP fault: {text}",
                     f"درگاه خطای SOAP گزارش کرد: {text}")


def looks_like_html(response: httpx.Response) -> bool:
    """An error page (proxy, IIS, ASP.NET) rather than an answer."""
    if "html" in response.headers.get("content-type", "").lower():
        return True
    head = response.content[:64].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def as_error(fault: WireFault, *, sending: bool) -> TransportError:
    """What the caller sees: for a send that may have left, the outcome is unknown."""
    code = str(fault.status) if fault.status is not None else ""
    if sending and fault.sent:
        return OutcomeUnknown(
            code,
            f"{fault.en}; the message may or may not have been sent (not retried)",
            f"{fault.fa}؛ ممکن است پیامک ارسال شده باشد یا نه (دوباره ارسال نشد)",
            name=fault.name,
        )
    if sending:
        return TransportError(code, f"{fault.en}; nothing was sent",
                              f"{fault.fa}؛ چیزی ارسال نشد", name=fault.name)
    return TransportError(code, fault.en, fault.fa, name=fault.name)


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


class _StripQuery(logging.Filter):
    """httpx logs each request URL at INFO; the link API's carries the panel password."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                arg.copy_with(query=None) if isinstance(arg, httpx.URL) else arg
                for arg in record.args
            )
        return True


def _hide_query_strings_in_httpx_logs() -> None:
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _StripQuery) for f in httpx_logger.filters):
        httpx_logger.addFilter(_StripQuery())
