"""SOAP 1.1 / 1.2 envelopes as an ASP.NET ASMX service reads and writes them.

Requests: the operation is the first child of the Body; its children are the inputs. Like
ASP.NET's XmlSerializer, only children in the service namespace count as inputs (the schema is
`elementFormDefault="qualified"`); all children are kept for the request log. ASP.NET's reader also
accepts the control characters XML 1.0 forbids, so they are shielded through the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

SERVICE_NS = "http://tempuri.org/"
SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"
ENVELOPE_NS = {"1.1": SOAP11_NS, "1.2": SOAP12_NS}
CONTENT_TYPE = {"1.1": "text/xml", "1.2": "application/soap+xml"}

# XML-forbidden controls are carried through the parser as private-use characters U+F00xx.
_SHIELD_BASE = 0xF0000
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f"
_FORBIDDEN_BYTE = re.compile(f"[{_FORBIDDEN}]".encode())
_CHAR_REFERENCE = re.compile(rb"&#(x[0-9a-fA-F]+|[0-9]+);")
_SHIELDED = re.compile(f"[{chr(_SHIELD_BASE)}-{chr(_SHIELD_BASE + 0x1F)}]")


class EnvelopeError(ValueError):
    """The body is not a SOAP envelope this service can read (answered with a soap:Fault)."""


@dataclass(frozen=True)
class SoapCall:
    operation: str  # local name of the Body's first child
    namespace: str  # its namespace
    fields: dict[str, str]  # every child, local name -> text, in order
    inputs: dict[str, str]  # only the children in the service namespace


def soap_version(content_type: str) -> str | None:
    """"1.1" for text/xml, "1.2" for application/soap+xml, else None."""
    media = content_type.split(";", 1)[0].strip().lower()
    return next((version for version, kind in CONTENT_TYPE.items() if kind == media), None)


def soap_action(version: str, soapaction_header: str | None, content_type: str) -> str | None:
    """The requested action: the SOAPAction header (1.1) or the content type's action (1.2)."""
    if version == "1.1":
        return None if soapaction_header is None else soapaction_header.strip().strip('"')
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "action":
            return value.strip().strip('"')
    return None


def parse_call(body: bytes, version: str) -> SoapCall:
    try:
        root = etree.fromstring(_shield(body), etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise EnvelopeError(f"the request is not well-formed XML: {exc}") from None
    envelope_ns = ENVELOPE_NS[version]
    if root.tag != f"{{{envelope_ns}}}Envelope":
        raise EnvelopeError(f"expected a SOAP {version} Envelope")
    body_element = root.find(f"{{{envelope_ns}}}Body")
    operation = None if body_element is None else _first_element(body_element)
    if operation is None:
        raise EnvelopeError("the SOAP Body holds no operation")
    name = etree.QName(operation)
    fields: dict[str, str] = {}
    inputs: dict[str, str] = {}
    for child in operation.iterchildren("{*}*"):
        child_name = etree.QName(child)
        text = _unshield(child.text or "")
        fields[child_name.localname] = text
        if child_name.namespace == SERVICE_NS:
            inputs[child_name.localname] = text
    return SoapCall(name.localname, name.namespace or "", fields, inputs)


def result_envelope(version: str, operation: str, value: str) -> bytes:
    """`<OpResponse xmlns="http://tempuri.org/"><OpResult>value</OpResult></OpResponse>`."""
    # ASP.NET declares the service namespace as the default one (lxml-stubs miss the None key).
    nsmap = {None: SERVICE_NS}
    response = etree.Element(
        f"{{{SERVICE_NS}}}{operation}Response", nsmap=nsmap  # type: ignore[arg-type]
    )
    etree.SubElement(response, f"{{{SERVICE_NS}}}{operation}Result").text = value
    return _envelope(version, response)


def fault_envelope(version: str, reason: str, *, sender_fault: bool) -> bytes:
    """A soap:Fault as ASP.NET writes it (Client/Sender for bad requests, else Server/Receiver)."""
    ns = ENVELOPE_NS[version]
    fault = etree.Element(f"{{{ns}}}Fault")
    if version == "1.1":
        code_name = "Client" if sender_fault else "Server"
        etree.SubElement(fault, "faultcode").text = f"soap:{code_name}"
        etree.SubElement(fault, "faultstring").text = reason
        etree.SubElement(fault, "detail")
    else:
        code = etree.SubElement(etree.SubElement(fault, f"{{{ns}}}Code"), f"{{{ns}}}Value")
        code.text = "soap:" + ("Sender" if sender_fault else "Receiver")
        text = etree.SubElement(etree.SubElement(fault, f"{{{ns}}}Reason"), f"{{{ns}}}Text")
        text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
        text.text = reason
        etree.SubElement(fault, f"{{{ns}}}Detail")
    return _envelope(version, fault)


def _envelope(version: str, content: etree._Element) -> bytes:
    ns = ENVELOPE_NS[version]
    nsmap = {
        "soap": ns,
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsd": "http://www.w3.org/2001/XMLSchema",
    }
    envelope = etree.Element(f"{{{ns}}}Envelope", nsmap=nsmap)
    etree.SubElement(envelope, f"{{{ns}}}Body").append(content)
    return bytes(etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))


def _first_element(parent: etree._Element) -> etree._Element | None:
    return next(parent.iterchildren("{*}*"), None)


def _shield(body: bytes) -> bytes:
    body = _FORBIDDEN_BYTE.sub(lambda match: _shield_reference(match.group()[0]), body)
    return _CHAR_REFERENCE.sub(_shield_char_reference, body)


def _shield_char_reference(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    code = int(digits[1:], 16) if digits.startswith(b"x") else int(digits)
    forbidden = code < 0x20 and chr(code) not in "\t\n\r"
    return _shield_reference(code) if forbidden else match.group()


def _shield_reference(code: int) -> bytes:
    return f"&#x{_SHIELD_BASE + code:X};".encode()


def _unshield(text: str) -> str:
    return _SHIELDED.sub(lambda match: chr(ord(match.group()) - _SHIELD_BASE), text)
