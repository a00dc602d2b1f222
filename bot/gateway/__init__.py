"""Reaching 0098SMS: `build_gateway(settings)` gives the configured `Gateway`.

Everything a caller needs is re-exported here: the interface, its result types and the errors.
"""

from __future__ import annotations

from bot.config import GatewaySettings
from bot.gateway.base import Balance, Capabilities, DeliveryState, Gateway, SendResult
from bot.gateway.errors import (
    ACCOUNT_LEVEL_KINDS,
    AccountError,
    CredentialsError,
    CreditError,
    ErrorKind,
    GatewayError,
    GatewayRejected,
    InputError,
    NotFoundError,
    OtpError,
    OutcomeUnknown,
    SchedulingError,
    TransportError,
    UndocumentedAnswer,
    Unsupported,
)
from bot.gateway.http import Wire
from bot.gateway.link import LinkGateway
from bot.gateway.soap import SoapGateway

__all__ = [
    "ACCOUNT_LEVEL_KINDS",
    "AccountError",
    "Balance",
    "Capabilities",
    "CredentialsError",
    "CreditError",
    "DeliveryState",
    "ErrorKind",
    "Gateway",
    "GatewayError",
    "GatewayRejected",
    "InputError",
    "LinkGateway",
    "NotFoundError",
    "OtpError",
    "OutcomeUnknown",
    "SchedulingError",
    "SendResult",
    "SoapGateway",
    "TransportError",
    "UndocumentedAnswer",
    "Unsupported",
    "build_gateway",
]


def build_gateway(
    settings: GatewaySettings,
    *,
    attempts: int = 3,
    retry_delay: float = 0.5,
    reuse_shapes: bool = True,
) -> Gateway:
    """The gateway SMS_TRANSPORT names, on a fresh `Wire` it owns (`aclose` it).

    For SOAP this loads the WSDL (blocking: from a file, or fetched once when SMS_WSDL is a URL;
    a URL that cannot be reached is tried again in the background, calls failing until it loads).
    `attempts` and `retry_delay` shape the retries of reads (balance, delivery state);
    `reuse_shapes=False` renders each SOAP request whole (`SoapPort`, for `bench.ab`).
    """
    wire = Wire(settings.sms_timeout, settings.sms_proxy)
    if settings.sms_transport == "link":
        return LinkGateway(settings, wire)
    return SoapGateway(
        settings, wire, attempts=attempts, retry_delay=retry_delay, reuse_shapes=reuse_shapes
    )
