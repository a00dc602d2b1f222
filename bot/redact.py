"""Logging set-up that never lets a secret out, at any level.

httpx logs request URLs at INFO (Telegram's contain the bot token, the link API's the panel password),
PTB logs its API URL at DEBUG and zeep logs whole SOAP bodies at DEBUG. Rather than trusting each library,
one filter on every handler rewrites each record: known secret values (and their URL-encoded forms) and
anything shaped like a bot token or a password field are replaced.
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


class RedactingFilter(logging.Filter):
    """Replaces secrets in the message, its arguments and any traceback text of a record."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        variants = {v for s in secrets if len(s) >= 4 for v in (s, quote(s, safe=""), quote_plus(s))}
        self._secrets = sorted(variants, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        for pattern in _PATTERNS:
            text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + MASK, text)
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


def configure_logging(level: str, secrets: Iterable[str], stream: object = None) -> RedactingFilter:
    """Root logging to stderr (or `stream`) through the redacting filter; returns the filter."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    redactor = RedactingFilter(secrets)
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
