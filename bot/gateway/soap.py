"""The 0098SMS web service (SOAP 1.1, document/literal wrapped) through zeep.

The WSDL is loaded once, at construction; SMS_ENDPOINT overrides the address it names. zeep builds
every request from the WSDL. Answers are one string element each, so zeep hands back the raw
response (its `raw_response` setting) and the string is read here: zeep's generic reply
processing was about a third of the adapter's cost per call. Success values are recognised here,
everything else goes through `SOAP_ERRORS`.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

import httpx
import zeep
import zeep.exceptions
from lxml import etree
from zeep.proxy import AsyncServiceProxy
from zeep.transports import Transport
from zeep.wsdl.bindings.soap import Soap11Binding
from zeep.wsdl.utils import etree_to_string

from bot.config import GatewaySettings
from bot.gateway.base import Balance, DeliveryState, Gateway, SendResult
from bot.gateway.codes import DELIVERY_STATES, SOAP_ERRORS, SOAP_SENT, error_for
from bot.gateway.errors import ACCOUNT_LEVEL_KINDS, CredentialsError, InputError, TransportError
from bot.gateway.http import (
    Answer,
    Wire,
    WireFault,
    as_error,
    empty_fault,
    html_fault,
    malformed_fault,
    request_fault,
    soap_fault,
    status_fault,
    tls_context,
    with_retries,
)

logger = logging.getLogger(__name__)

SMSID_MIN_DIGITS = 9
# A RemainSms answer of exactly these is a credit or a credentials error (guide, section 3).
AMBIGUOUS_CREDIT = frozenset({"10", "66"})
# Asked with a well-formed id nobody owns: the answer tells whether the credentials are accepted.
PROBE_SMSID = "000000000"
FAULT_TEXT_LIMIT = 200
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)
_SOAP11_BODY = "{http://schemas.xmlsoap.org/soap/envelope/}Body"
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
        raise InputError(
            "", "the text holds control characters that cannot be sent",
            "متن نویسه‌های کنترلی دارد که ارسال‌شدنی نیستند", name="illegal_character",
        )


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
    tracks_delivery = True

    def __init__(
        self,
        settings: GatewaySettings,
        wire: Wire,
        *,
        attempts: int = 3,
        retry_delay: float = 0.5,
    ) -> None:
        self._username = settings.sms_username
        self._password = settings.sms_password.get_secret_value()
        self._sender = settings.sms_sender
        self._wire = wire
        self._attempts = attempts
        self._retry_delay = retry_delay
        self._service = _Service.load(settings, wire, self._password)

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
            logger.warning("%s: %s (not retried)", operation, fault.en)
            raise as_error(fault, sending=True) from None

    async def _read(self, operation: str, **fields: object) -> str:
        async def once() -> str:
            return await self._call(operation, **fields)

        try:
            return await with_retries(once, attempts=self._attempts, base_delay=self._retry_delay)
        except WireFault as fault:
            logger.warning("%s: %s", operation, fault.en)
            raise as_error(fault, sending=False) from None

    async def _call(self, operation: str, **fields: object) -> str:
        try:
            response = await self._service.proxy[operation](
                username=self._username, password=self._password, **fields
            )
        except (zeep.exceptions.Error, ValueError):  # raw responses: only building can fail
            raise request_fault() from None
        answer = _redact(self._service.read(operation, response.content), self._password)
        logger.debug("%s answered %r", operation, answer)
        return answer


class _Service:
    """The bound SOAP 1.1 port, and where each operation's answer sits (from the WSDL)."""

    def __init__(self, proxy: Any, answers: dict[str, tuple[str, str]], secret: str) -> None:
        self.proxy = proxy
        # operation -> (the path of the wrapper element from the Envelope, the result inside it)
        self._answers = answers
        self._secret = secret

    @classmethod
    def load(cls, settings: GatewaySettings, wire: Wire, secret: str) -> _Service:
        """Parse the WSDL once (a path: no network) and bind its SOAP 1.1 port to SMS_ENDPOINT."""
        with httpx.Client(verify=tls_context(), timeout=settings.sms_timeout) as wsdl_client:
            transport = _WireTransport(wire, wsdl_client, secret)
            try:
                client = zeep.AsyncClient(  # type: ignore[no-untyped-call]
                    wsdl=settings.sms_wsdl, transport=transport,
                    settings=zeep.Settings(raw_response=True),
                )
            except (OSError, ValueError, httpx.HTTPError, zeep.exceptions.Error,
                    etree.LxmlError) as exc:
                raise _wsdl_error(f"could not be loaded: {type(exc).__name__}",
                                  f"بارگیری نشد: {type(exc).__name__}") from None
        for binding in client.wsdl.bindings.values():
            if isinstance(binding, Soap11Binding):
                proxy = AsyncServiceProxy(  # type: ignore[no-untyped-call]
                    client, binding, address=settings.sms_endpoint
                )
                return cls(proxy, _answer_elements(binding), secret)
        raise _wsdl_error("has no SOAP 1.1 binding", "اتصال SOAP 1.1 ندارد")

    def read(self, operation: str, body: bytes) -> str:
        """The stripped result string of a 200 answer; a WireFault if there is none."""
        root = _parse(body)
        if root is None:
            raise malformed_fault()
        wrapper_path, result_tag = self._answers[operation]
        wrapper = root.find(wrapper_path)
        if wrapper is None:  # no answer: a fault says why, if there is one
            fault = _fault_text(root)
            if fault is not None:
                raise soap_fault(_clip(fault, self._secret))
            raise malformed_fault()
        answer = (wrapper.findtext(result_tag) or "").strip()
        if not answer:
            raise empty_fault()
        return answer


class _WireTransport(Transport):
    """A zeep transport that posts on the gateway's `Wire` (zeep's async one is httpx-bound).

    zeep's own `post` logs whole bodies at DEBUG (they hold the password) and lets HTTP statuses
    and error pages through to its parser; here each becomes a `WireFault` first. A WSDL given as
    a URL is fetched with `wsdl_client`, once, while zeep loads it.
    """

    def __init__(self, wire: Wire, wsdl_client: httpx.Client, secret: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._wire = wire
        self._wsdl_client = wsdl_client
        self._secret = secret

    def _load_remote_data(self, url: str) -> bytes:
        response = self._wsdl_client.get(url)
        response.raise_for_status()
        return response.content

    async def post_xml(self, address: str, envelope: Any, headers: dict[str, str]) -> Answer:
        message = etree_to_string(envelope)  # type: ignore[no-untyped-call]
        answer = await self._wire.post(address, message, headers)
        self._check(answer)
        return answer  # raw_response: zeep returns it to the caller untouched

    def _check(self, answer: Answer) -> None:
        status = answer.status
        if status != 200:
            root = _parse(answer.content)
            fault = None if root is None else _fault_text(root)
            if fault is not None:
                raise status_fault(status, name="soap_fault",
                                   detail="SOAP fault: " + _clip(fault, self._secret))
            if answer.looks_like_html():
                raise status_fault(status, name="html_page", detail="an error page")
            raise status_fault(status)
        if not answer.content.strip():
            raise empty_fault()
        if answer.looks_like_html():
            raise html_fault()


def _answer_elements(binding: Any) -> dict[str, tuple[str, str]]:
    """For each operation, its wrapped (document/literal) answer: wrapper path and result tag."""
    answers = {}
    try:
        for name, operation in binding.all().items():
            wrapper = operation.output.body
            _, result = wrapper.type.elements[0]
            answers[name] = (f"{_SOAP11_BODY}/{wrapper.qname.text}", result.qname.text)
    except (AttributeError, IndexError, TypeError):
        raise _wsdl_error("has operations that are not document/literal wrapped",
                          "عملیاتی غیر از document/literal wrapped دارد") from None
    return answers


def _wsdl_error(en: str, fa: str) -> TransportError:
    return TransportError("", f"the service description (SMS_WSDL) {en}",
                          f"توضیح سرویس (SMS_WSDL) {fa}", name="wsdl")


def _parse(body: bytes) -> Any:
    """The XML root element, or None when the body is not XML."""
    try:
        return etree.fromstring(body, _SAFE_XML)
    except etree.XMLSyntaxError:
        return None


def _fault_text(root: Any) -> str | None:
    """The fault string of a SOAP 1.1 or 1.2 fault, or None when it is not one."""
    fault = root.find("{*}Body/{*}Fault")
    if fault is None:
        return None
    text = fault.findtext("faultstring") or fault.findtext("{*}Reason/{*}Text") or ""
    return str(text).strip()


def _clip(text: str, secret: str) -> str:
    """Server text fit for a message: bounded, and never echoing the password."""
    return _redact(text, secret)[:FAULT_TEXT_LIMIT]


def _redact(text: str, secret: str) -> str:
    return text.replace(secret, "***") if secret else text
