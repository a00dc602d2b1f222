"""The bundled service description, served with its addresses pointing at the simulator."""

from __future__ import annotations

from functools import cache

from lxml import etree

from bot.config import BUNDLED_WSDL

_ADDRESS_TAGS = (
    "{http://schemas.xmlsoap.org/wsdl/soap/}address",
    "{http://schemas.xmlsoap.org/wsdl/soap12/}address",
)


def wsdl_for(soap_url: str) -> bytes:
    """The bundled WSDL with every SOAP 1.1 and 1.2 port address set to `soap_url`."""
    root = _bundled()
    for tag in _ADDRESS_TAGS:
        for address in root.iter(tag):
            address.set("location", soap_url)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _bundled() -> etree._Element:
    return etree.fromstring(_bundled_bytes())


@cache
def _bundled_bytes() -> bytes:
    return BUNDLED_WSDL.read_bytes()
