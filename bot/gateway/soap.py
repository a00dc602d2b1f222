"""The 0098SMS web service (SOAP 1.1, document/literal wrapped): requests rendered by zeep.

The WSDL is loaded once, at construction (`SoapPort`; a URL that cannot be reached then is loaded
later, `PortLoader`); requests go to SMS_ENDPOINT, not to the address the WSDL names, over the
gateway's `Wire`. Success values are recognised here, everything else goes through `SOAP_ERRORS`.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from bot.config import GatewaySettings
from bot.gateway.base import EVERYTHING, Balance, DeliveryState, Gateway, SendResult
from bot.gateway.codes import DELIVERY_STATES, SOAP_ERRORS, SOAP_SENT, error_for
from bot.gateway.errors import ACCOUNT_LEVEL_KINDS, CredentialsError, InputError
from bot.gateway.http import Wire, WireFault, as_error, with_retries
from bot.gateway.port_loader import PortLoader
from bot.gateway.soap_port import SoapPort

logger = logging.getLogger(__name__)

SMSID_MIN_DIGITS = 9
# A RemainSms answer of exactly these is a credit or a credentials error (guide, section 3).
AMBIGUOUS_CREDIT = frozenset({"10", "66"})
# Asked with a well-formed id nobody owns: the answer tells whether the credentials are accepted.
PROBE_SMSID = "000000000"
# Characters XML 1.0 cannot carry at all, so no SOAP request can hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _is_number(answer: str) -> bool:
    return answer.isascii() and answer.isdigit()


def parse_send_with_id(answer: str) -> SendResult:
    """SendSMSWithID: a number of 9+ digits is the smsid; anything else is an error code."""
    if _is_number(answer) and len(answer) >= SMSID_MIN_DIGITS:
        return SendResult(answer, answer)
    raise error_for(answer, SOAP_ERRORS)


def parse_send_with_time(answer: str) -> SendResult:
    """SendSMSWithTime: `2` is accepted (and untrackable); anything else is an error code."""
    if answer == SOAP_SENT:
        return SendResult(answer, None)
    raise error_for(answer, SOAP_ERRORS)


def parse_delivery(answer: str) -> DeliveryState:
    """Any answer is kept verbatim as a state, except account-level errors, which are raised."""
    info = SOAP_ERRORS.get(answer)
    if answer not in DELIVERY_STATES and info is not None and info.kind in ACCOUNT_LEVEL_KINDS:
        raise error_for(answer, SOAP_ERRORS)
    return DeliveryState(answer)


def parse_remain(answer: str) -> Balance:
    """RemainSms: a non-negative number is credit (even 11 and 1111); the rest are error codes."""
    if _is_number(answer):
        return Balance(int(answer), answer)
    raise error_for(answer, SOAP_ERRORS)


def check_xml_safe(*values: str) -> None:
    """Refuse, before sending, what no SOAP request can carry (control characters)."""
    if any(_NOT_XML.search(value) for value in values):
        raise InputError("", name="control_characters")


def unix_timestamp(when: datetime) -> str:
    """The 10-digit Unix time the service expects; `when` must be aware."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("send_at needs an aware datetime")
    return str(int(when.timestamp()))


class SoapGateway(Gateway):
    """Sends with SendSMSWithID (trackable), schedules with SendSMSWithTime.

    Owns `wire` (closed by `aclose`). Reads are retried `attempts` times in all, waiting
    `retry_delay`, then twice that, and so on; sends never are.
    """

    transport = "soap"
    capabilities = EVERYTHING

    def __init__(
        self,
        settings: GatewaySettings,
        wire: Wire,
        *,
        attempts: int = 3,
        retry_delay: float = 0.5,
        reuse_shapes: bool = True,
    ) -> None:
        self._username = settings.sms_username
        self._password = settings.sms_password.get_secret_value()
        self._sender = settings.sms_sender
        self._endpoint = settings.sms_endpoint
        self._wire = wire
        self._attempts = attempts
        self._retry_delay = retry_delay
        self._ports = PortLoader(
            lambda: SoapPort.load(settings, self._password, reuse_shapes=reuse_shapes)
        )

    async def send(self, recipient: str, text: str, *, flash: bool = False) -> SendResult:
        check_xml_safe(recipient, text)
        answer = await self._send(
            "SendSMSWithID", mobileno=recipient, pnlno=self._sender, text=text, isflash=flash
        )
        return parse_send_with_id(answer)

    async def send_at(
        self, recipient: str, text: str, when: datetime, *, flash: bool = False
    ) -> SendResult:
        check_xml_safe(recipient, text)
        answer = await self._send(
            "SendSMSWithTime", mobileno=recipient, pnlno=self._sender, text=text,
            timestamp=unix_timestamp(when), isflash=flash,
        )
        return parse_send_with_time(answer)

    async def delivery_state(self, smsid: str) -> DeliveryState:
        return parse_delivery(await self._read("smsdeliveryState", smsid=smsid))

    async def balance(self) -> Balance:
        answer = await self._read("RemainSms")
        if answer in AMBIGUOUS_CREDIT and await self._credentials_rejected():
            raise error_for(answer, SOAP_ERRORS)
        return parse_remain(answer)

    async def aclose(self) -> None:
        await self._ports.aclose()
        await self._wire.aclose()

    async def _credentials_rejected(self) -> bool:
        try:
            await self.delivery_state(PROBE_SMSID)
        except CredentialsError:
            return True
        return False

    async def _send(self, operation: str, **fields: object) -> str:
        try:
            return await self._call(operation, **fields)
        except WireFault as fault:
            logger.warning("%s: %s (not retried)", operation, fault)
            raise as_error(fault, sending=True) from None

    async def _read(self, operation: str, **fields: object) -> str:
        async def once() -> str:
            return await self._call(operation, **fields)

        try:
            return await with_retries(once, attempts=self._attempts, base_delay=self._retry_delay)
        except WireFault as fault:
            logger.warning("%s: %s", operation, fault)
            raise as_error(fault, sending=False) from None

    async def _call(self, operation: str, **fields: object) -> str:
        port = await self._ports.port()
        request = port.request(
            operation, {"username": self._username, "password": self._password, **fields}
        )
        answer = port.answer(
            operation, await self._wire.post(self._endpoint, request.body, request.headers)
        )
        logger.debug("%s answered %r", operation, answer)
        return answer
