"""Logging set-up that never lets a secret out, nor customer data, at any level.

httpx logs request URLs at INFO (Telegram's contain the bot token, the link API's the panel password
and the SMS), PTB logs its API URL, every update and every call's parameters at DEBUG, aiosqlite logs
each statement with its parameters and zeep logs whole SOAP bodies. Rather than trusting each library,
one filter on every handler rewrites each record: known secret values (and their URL-encoded forms) and
anything shaped like a bot token or a password field are replaced. Unless customer data may be logged
(LOG_CUSTOMER_DATA), phone numbers are masked to `0912***4567` and message texts (Telegram `text` and
`caption` fields, the SOAP `text` element, the link API's TEXT, SQL parameters) are left out.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "***"

_PATTERNS = (
    # a Telegram bot token, wherever it appears (URLs, repr of objects)
    re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{20,}"),
    # the link API's PASSWORD query parameter
    re.compile(r"(?i)(\bpassword=)[^&\s\"'<]*"),
    # a SOAP password element, any prefix
    re.compile(r"(?is)(<(?:\w+:)?password>).*?(?=</(?:\w+:)?password>)"),
)


_STRING = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""  # a Python or JSON string literal
# Where a message text sits in what the libraries log; group 1 is kept, the text is replaced.
_TEXT_PATTERNS = (
    # PTB's call parameters and return values ('text': ...), JSON ("text": ...), object reprs (text=...)
    re.compile(r"((?:['\"](?:text|caption)['\"]\s*:\s*|\b(?:text|caption)=))" + _STRING),
    # the SOAP text element, any prefix
    re.compile(r"(?is)(<(?:\w+:)?text>).*?(?=</(?:\w+:)?text>)"),
    # the link API's TEXT query parameter
    re.compile(r"(?i)([?&]TEXT=)[^&\s\"'<]*"),
    # aiosqlite's "executing functools.partial(<method>, 'SQL', (parameters))": the SQL is kept,
    # what follows it (the parameters, in which any character may occur) is not
    re.compile(r"(?s)(functools\.partial\(<(?:[^<>]|<[^<>]*>)*>, " + _STRING + r").*"),
)
# An Iranian mobile in any international or national form, ASCII digits (what code and libraries log).
_MOBILE = re.compile(r"(?<![0-9])(?:\+98|0098|98|0)(9[0-9]{2})[0-9]{3}([0-9]{4})(?![0-9])")


class RedactingFilter(logging.Filter):
    """Replaces secrets (and customer data, unless allowed) in the message, its arguments and any
    traceback text of a record."""

    def __init__(self, secrets: Iterable[str] = (), *, customer_data: bool = False) -> None:
        super().__init__()
        variants = {v for s in secrets if len(s) >= 4 for v in (s, quote(s, safe=""), quote_plus(s))}
        self._secrets = sorted(variants, key=len, reverse=True)
        self._customer_data = customer_data

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        for pattern in _PATTERNS:
            text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + MASK, text)
        if not self._customer_data:
            for pattern in _TEXT_PATTERNS:
                text = pattern.sub(lambda m: m.group(1) + MASK, text)
            text = _MOBILE.sub(r"0\1***\2", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(
    level: str, secrets: Iterable[str], stream: object = None, *, customer_data: bool = False
) -> RedactingFilter:
    """Root logging to stderr (or `stream`) through the redacting filter; returns the filter.
    `customer_data` lets phone numbers and message texts through (LOG_CUSTOMER_DATA)."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    redactor = RedactingFilter(secrets, customer_data=customer_data)
    handler.addFilter(redactor)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Below DEBUG these libraries say nothing useful; at DEBUG they say everything (redacted).
    if level != "DEBUG":
        for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    return redactor
