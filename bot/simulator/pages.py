"""The non-XML bodies an ASP.NET site answers with: error pages, the service help page."""

from __future__ import annotations

from html import escape
from http import HTTPStatus

# What a proxy or a crashed worker returns in place of a SOAP answer: it breaks off mid-element.
MALFORMED_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
    b'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><SendSMSResponse '
    b'xmlns="http://tempuri.org/"><SendSMSResult'
)
# The link API's version of the same: an unfinished page with no number in it.
MALFORMED_LINK_BODY = b"<html><head><title>Runtime Error</title></head><body><b>Server Er"


def error_page(status: int) -> str:
    """An ASP.NET yellow-screen page for an HTTP error status."""
    reason = escape(_reason(status))
    return (
        f"<!DOCTYPE html>\n<html>\n<head><title>{reason}</title></head>\n<body>\n"
        f"<h1>Server Error in '/' Application.</h1>\n<h2><i>{reason}</i></h2>\n"
        "<b>Description:</b> An unhandled exception occurred during the execution of the current "
        f"web request.<br>\n<b>HTTP status:</b> {status}\n</body>\n</html>\n"
    )


def help_page(wsdl_url: str) -> str:
    """What GET on service.asmx (without ?WSDL) shows: a pointer to the service description."""
    link = escape(wsdl_url, quote=True)
    return (
        "<!DOCTYPE html>\n<html>\n<head><title>Service Web Service</title></head>\n<body>\n"
        "<h1>Service</h1>\n<p>The following operations are supported: SendSMS, "
        "SendSMSWithTime, SendSMSWithID, smsdeliveryState, RemainSms.</p>\n"
        f'<p>For a formal definition, please review the <a href="{link}">Service '
        "Description</a>.</p>\n</body>\n</html>\n"
    )


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Server Error"
