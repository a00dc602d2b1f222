"""The web service's SOAP 1.1 port as zeep reads it from the WSDL: each operation's request,
rendered by zeep, and where its answer sits.

zeep renders every request from the WSDL. A campaign sends thousands of requests that differ only
in the number and, with personal texts, the text; tracking asks about thousands of smsids. Such a
request is rendered once with a marker in each field that changes (`FILLED`), and each call puts
its values where the markers are: a number or smsid of ASCII digits as it is, a text escaped as
lxml escapes element text. Any other value (one XML cannot hold, a number with other
characters), or other fields that hold a marker, get a render of their own. What rendering
costs a campaign send, and what this saves, is measured by `bench.ab` (README, "Speed mechanisms").

Answers are one string element each and are read here with lxml, which costs less per call than
zeep's generic reply processing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import zeep
import zeep.exceptions
from lxml import etree
from zeep.transports import Transport
from zeep.wsdl.bindings.soap import Soap11Binding
from zeep.wsdl.utils import etree_to_string

from bot.config import GatewaySettings
from bot.gateway.errors import TransportError
from bot.gateway.http import (
    Answer,
    empty_fault,
    html_fault,
    malformed_fault,
    request_fault,
    soap_fault,
    status_fault,
    tls_context,
)

# operation -> the fields that change from call to call (a scheduled send changes its time too,
# so it is rendered whole)
FILLED: dict[str, tuple[str, ...]] = {
    "SendSMSWithID": ("mobileno", "text"),
    "smsdeliveryState": ("smsid",),
}
SHAPES_KEPT = 64  # rendered requests remembered; a campaign needs one
FAULT_TEXT_LIMIT = 200
_MARK = "smsbridge-fills-this-in"
# What an XML 1.0 document cannot hold; zeep refuses a text with it (a render of its own says so).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SOAP11_CONTENT_TYPE = "text/xml; charset=utf-8"
_SOAP11_BODY = "{http://schemas.xmlsoap.org/soap/envelope/}Body"
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)

Fields = dict[str, object]


@dataclass(frozen=True, slots=True)
class Request:
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Shape:
    """A rendered request cut where the filled fields' values go: `pieces` around them, the
    values taken in `order` (indexes into the operation's FILLED names)."""

    pieces: tuple[bytes, ...]
    order: tuple[int, ...]
    headers: dict[str, str]

    def fill(self, values: list[bytes]) -> bytes:
        parts = [self.pieces[0]]
        for index, piece in zip(self.order, self.pieces[1:], strict=True):
            parts += (values[index], piece)
        return b"".join(parts)


def _digits(value: object) -> bytes | None:
    """A number or smsid: ASCII digits are their own XML."""
    return value.encode() if isinstance(value, str) and value.isascii() and value.isdigit() else None


def _element_text(value: object) -> bytes | None:
    """A text as lxml writes it inside an element (UTF-8)."""
    if not isinstance(value, str) or _NOT_XML.search(value):
        return None
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\r", "&#13;").encode()


_ENCODERS: dict[str, Callable[[object], bytes | None]] = {
    "mobileno": _digits, "smsid": _digits, "text": _element_text,
}


class SoapPort:
    """Renders requests and reads answers; `secret` (the password) never leaves in a fault."""

    def __init__(
        self,
        binding: Any,
        answers: dict[str, tuple[str, str]],
        secret: str,
        *,
        reuse_shapes: bool = True,
    ) -> None:
        """`reuse_shapes=False`: zeep renders every request whole (the plain path, for `bench.ab`)."""
        self._binding = binding
        self._reuse_shapes = reuse_shapes
        # operation -> (the path of the wrapper element from the Envelope, the result inside it)
        self._answers = answers
        self._secret = secret
        self._shape = functools.lru_cache(maxsize=SHAPES_KEPT)(self._render_shape)

    @classmethod
    def load(cls, settings: GatewaySettings, secret: str, *, reuse_shapes: bool = True) -> SoapPort:
        """Parse the WSDL once (a path: no network) and take its SOAP 1.1 binding."""
        with httpx.Client(
            verify=tls_context(), timeout=settings.sms_timeout, proxy=settings.sms_proxy or None,
            trust_env=False,  # like the Wire: SMS_PROXY or nothing
        ) as wsdl_client:
            try:
                client = zeep.Client(  # type: ignore[no-untyped-call]
                    wsdl=settings.sms_wsdl, transport=_WsdlTransport(wsdl_client)
                )
            except (OSError, ValueError, httpx.HTTPError, zeep.exceptions.Error,
                    etree.LxmlError) as exc:
                detail = f"not loaded: {type(exc).__name__}"
                raise (WsdlUnreachable(detail) if _unreachable(exc) else _wsdl_error(detail)) from None
        for binding in client.wsdl.bindings.values():
            if isinstance(binding, Soap11Binding):
                return cls(binding, _answer_elements(binding), secret, reuse_shapes=reuse_shapes)
        raise _wsdl_error("no SOAP 1.1 binding")

    def request(self, operation: str, fields: Fields) -> Request:
        """The request zeep renders for these fields; a WireFault when it cannot be built."""
        names = FILLED.get(operation, ())
        values = [_ENCODERS[name](fields.get(name)) for name in names]
        filled = [value for value in values if value is not None]
        if self._reuse_shapes and names and len(filled) == len(names):
            fixed = tuple(sorted((key, item) for key, item in fields.items() if key not in names))
            shape = self._shape(operation, names, fixed)
            if shape is not None:
                return Request(shape.fill(filled), shape.headers)
        return self._render(operation, fields)

    def answer(self, operation: str, answer: Answer) -> str:
        """The stripped result string of an answer; a WireFault if there is none."""
        self._check(answer)
        root = _parse(answer.content)
        if root is None:
            raise malformed_fault()
        wrapper_path, result_tag = self._answers[operation]
        wrapper = root.find(wrapper_path)
        if wrapper is None:  # no answer: a fault says why, if there is one
            fault = _fault_text(root)
            if fault is not None:
                raise soap_fault(self._clip(fault))
            raise malformed_fault()
        text = (wrapper.findtext(result_tag) or "").strip()
        if not text:
            raise empty_fault()
        return self._redact(text)

    def _redact(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    def _clip(self, text: str) -> str:
        """Server text fit for a message: bounded, and never echoing the password."""
        return self._redact(text)[:FAULT_TEXT_LIMIT]

    def _render(self, operation: str, fields: Fields) -> Request:
        try:
            serialized = self._binding.get(operation).create(**fields)
        except (zeep.exceptions.Error, ValueError):
            raise request_fault() from None
        headers = {**serialized.headers, "Content-Type": _SOAP11_CONTENT_TYPE}
        return Request(etree_to_string(serialized.content), headers)  # type: ignore[no-untyped-call]

    def _render_shape(
        self, operation: str, names: tuple[str, ...], fixed: tuple[tuple[str, object], ...]
    ) -> _Shape | None:
        marks = [f"{_MARK}-{index}".encode() for index in range(len(names))]
        marked = {name: mark.decode() for name, mark in zip(names, marks, strict=True)}
        rendered = self._render(operation, {**dict(fixed), **marked})
        body = rendered.body
        if body.count(_MARK.encode()) != len(marks) or any(body.count(m) != 1 for m in marks):
            return None  # a fixed field holds the marker: render every call whole
        found = sorted((body.index(mark), index) for index, mark in enumerate(marks))
        pieces, start = [], 0
        for position, index in found:
            pieces.append(body[start:position])
            start = position + len(marks[index])
        pieces.append(body[start:])
        return _Shape(tuple(pieces), tuple(index for _, index in found), rendered.headers)

    def _check(self, answer: Answer) -> None:
        status = answer.status
        if status != 200:
            root = _parse(answer.content)
            fault = None if root is None else _fault_text(root)
            if fault is not None:
                raise status_fault(status, name="soap_fault", detail=self._clip(fault))
            if answer.looks_like_html():
                raise status_fault(status, name="html_page")
            raise status_fault(status)
        if not answer.content.strip():
            raise empty_fault()
        if answer.looks_like_html():
            raise html_fault()


class _WsdlTransport(Transport):
    """zeep's transport, fetching a WSDL given as a URL with `wsdl_client` (the process's TLS
    settings), once, while zeep loads it. Requests do not go through it."""

    def __init__(self, wsdl_client: httpx.Client) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._wsdl_client = wsdl_client

    def _load_remote_data(self, url: str) -> bytes:
        response = self._wsdl_client.get(url)
        response.raise_for_status()
        return response.content


def _answer_elements(binding: Any) -> dict[str, tuple[str, str]]:
    """For each operation, its wrapped (document/literal) answer: wrapper path and result tag."""
    answers = {}
    try:
        for name, operation in binding.all().items():
            wrapper = operation.output.body
            _, result = wrapper.type.elements[0]
            answers[name] = (f"{_SOAP11_BODY}/{wrapper.qname.text}", result.qname.text)
    except (AttributeError, IndexError, TypeError):
        raise _wsdl_error("operations not document/literal wrapped") from None
    return answers


class WsdlUnreachable(TransportError):
    """SMS_WSDL is a URL that gave no answer (connection, proxy, timeout, 5xx): worth another try,
    unlike a file that is missing or a document that is not a usable WSDL."""

    def __init__(self, detail: str) -> None:
        super().__init__("", name="wsdl", detail=detail)


def _unreachable(exc: Exception) -> bool:
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500
    return isinstance(exc, httpx.TransportError)


def _wsdl_error(detail: str) -> TransportError:
    """The service description (SMS_WSDL) cannot be used; `detail` says why, for the log."""
    return TransportError("", name="wsdl", detail=detail)


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

