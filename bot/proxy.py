"""Proxy addresses (TELEGRAM_PROXY, SMS_PROXY): what is accepted, and how one is shown.

A proxy is `scheme://[user:password@]host:port` with scheme http, https, socks5 or socks5h
(socks5h: names are resolved by the proxy, where the local DNS cannot be trusted). The password is a
secret: it is never part of an error, and `masked` replaces it wherever a proxy is shown.
"""

from __future__ import annotations

from yarl import URL

from bot.redact import MASK

SCHEMES = ("http", "https", "socks5", "socks5h")
SOCKS_SCHEMES = ("socks5", "socks5h")


def check_proxy(value: str) -> str:
    """The proxy as given (stripped), or ValueError with a message that holds no part of it."""
    value = value.strip()
    if not value:
        return value
    try:
        url = URL(value)
        port = url.port
    except ValueError:
        raise ValueError(_SHAPE) from None
    if url.scheme not in SCHEMES or not url.host or port is None:
        raise ValueError(_SHAPE)
    if url.path not in ("", "/") or url.query_string or url.fragment:
        raise ValueError(_SHAPE)
    return value


_SHAPE = (
    "must look like http://, https://, socks5:// or socks5h:// followed by "
    "[user:password@]host:port"
)


def is_socks(proxy: str) -> bool:
    return URL(proxy).scheme in SOCKS_SCHEMES


def proxy_password(proxy: str) -> str:
    """The password in a proxy address ('' if none), for the log redaction."""
    return (URL(proxy).password or "") if proxy else ""


def masked(proxy: str) -> str:
    """The proxy as it may be shown: the password replaced, nothing else hidden."""
    url = URL(proxy)
    if url.password is None:
        return str(url)
    return str(url.with_password(MASK))
