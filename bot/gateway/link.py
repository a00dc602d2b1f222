"""The HTTP link API: one GET per message, a numeric code in the body, no message id.

It can only send now (its `capabilities` say so): scheduling, flash, delivery reports and credit
raise `Unsupported`. Its URL carries
the panel password, so the URL never goes into a message or a log line.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import datetime
from urllib.parse import quote, urlencode

from bot.config import GatewaySettings
from bot.gateway.base import Balance, Capabilities, DeliveryState, Gateway, SendResult
from bot.gateway.codes import LINK_ERRORS, LINK_SUCCESS, error_for
from bot.gateway.errors import Unsupported
from bot.gateway.http import (
    Wire,
    WireFault,
    as_error,
    empty_fault,
    html_fault,
    malformed_fault,
    status_fault,
)

logger = logging.getLogger(__name__)

# Blocks whose text is not the answer (a <title> may well hold "0098").
_HIDDEN_BLOCKS = re.compile(r"(?is)<(head|script|style)\b.*?</\1\s*>")
_TAG = re.compile(r"<[^>]*>")
_INTEGER = re.compile(r"-?\d+", re.ASCII)


def link_code(body: str) -> str | None:
    """The first integer of the body once HTML is stripped, as public clients read it."""
    text = html.unescape(_TAG.sub(" ", _HIDDEN_BLOCKS.sub(" ", body)))
    match = _INTEGER.search(text)
    return match.group() if match else None


class LinkGateway(Gateway):
    """Owns `wire` (closed by `aclose`). A send is never retried."""

    transport = "link"
    capabilities = Capabilities(
        tracks_delivery=False, schedules=False, reads_credit=False, sends_flash=False
    )

    def __init__(self, settings: GatewaySettings, wire: Wire) -> None:
        self._url = settings.sms_link_url
        self._sender = settings.sms_sender
        self._username = settings.sms_username
        self._password = settings.sms_password.get_secret_value()
        self._domain = settings.sms_domain
        self._wire = wire

    async def send(self, recipient: str, text: str, *, flash: bool = False) -> SendResult:
        if flash:
            raise Unsupported("", name="flash")
        try:
            code = await self._get_code(self._message_url(recipient, text))
        except WireFault as fault:
            logger.warning("link send: %s (not retried)", fault)
            raise as_error(fault, sending=True) from None
        logger.debug("link send answered %s", code)
        if code == LINK_SUCCESS:
            return SendResult(code, None)
        raise error_for(code, LINK_ERRORS)

    async def send_at(
        self, recipient: str, text: str, when: datetime, *, flash: bool = False
    ) -> SendResult:
        raise Unsupported("", name="schedule")

    async def delivery_state(self, smsid: str) -> DeliveryState:
        raise Unsupported("", name="delivery")

    async def balance(self) -> Balance:
        raise Unsupported("", name="balance")

    async def aclose(self) -> None:
        await self._wire.aclose()

    def _message_url(self, recipient: str, text: str) -> str:
        query = urlencode(
            {
                "FROM": self._sender,
                "TO": recipient,
                "TEXT": text,
                "USERNAME": self._username,
                "PASSWORD": self._password,
                "DOMAIN": self._domain,
            },
            quote_via=quote,  # UTF-8 percent-encoding, spaces as %20
            safe="",
        )
        return f"{self._url}{'&' if '?' in self._url else '?'}{query}"

    async def _get_code(self, url: str) -> str:
        answer = await self._wire.get(url)
        if answer.status != 200:
            if answer.looks_like_html():
                raise status_fault(answer.status, name="html_page")
            raise status_fault(answer.status)
        body = answer.content.decode("utf-8", errors="replace")
        code = link_code(body)
        if code is not None:
            return code
        if not body.strip():
            raise empty_fault()
        raise html_fault() if answer.looks_like_html() else malformed_fault()
