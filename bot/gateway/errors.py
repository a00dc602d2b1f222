"""What can go wrong talking to the gateway.

The hierarchy:

* GatewayError
  * GatewayRejected            - the gateway answered with a documented error code
    * CredentialsError         - wrong or mismatched username/password (kind: credentials)
    * AccountError             - blocked account, registration, panel number, IP (kind: account)
    * CreditError              - not enough credit, charging error, daily cap (kind: credit)
    * InputError               - bad number, empty or illegal text (kind: input)
    * SchedulingError          - bad timestamp or time out of range (kind: scheduling)
    * OtpError                 - OTP settings or format (kind: otp)
    * NotFoundError            - smsid unknown or of another account (kind: input)
  * UndocumentedAnswer         - an answer no table knows, kept verbatim (kind: unknown)
  * Unsupported                - the configured wire cannot do this (e.g. balance over the link
                                 API) (kind: unsupported)
  * TransportError             - no usable answer: connection, HTTP status, malformed body,
                                 SOAP fault (kind: transport). Safe to retry a read.
    * OutcomeUnknown           - a send whose request may have reached the gateway: never
                                 retried blindly (kind: outcome_unknown)

Every error carries what happened, not how to say it: its kind, a name (the code's or the fault's,
e.g. "insufficient_credit", "timeout"), the raw gateway code (verbatim, "" when there is none) and a
detail kept verbatim (a SOAP fault's text, ""). The catalogues (`bot/i18n`) word it in the admin's
language. Nothing here ever holds a credential.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    CREDENTIALS = "credentials"
    ACCOUNT = "account"
    CREDIT = "credit"
    INPUT = "input"
    SCHEDULING = "scheduling"
    OTP = "otp"
    TRANSPORT = "transport"
    OUTCOME_UNKNOWN = "outcome_unknown"
    UNSUPPORTED = "unsupported"
    UNKNOWN = "unknown"


class GatewayError(Exception):
    kind: ErrorKind = ErrorKind.UNKNOWN

    def __init__(self, code: str, *, name: str = "", detail: str = "") -> None:
        self.code = code
        self.name = name or code
        self.detail = detail
        super().__init__(self._summary())

    def _summary(self) -> str:
        """For logs and tracebacks: `name (code X): detail`."""
        text = self.name
        if self.code and self.code != self.name:
            text += f" (code {self.code})"
        return f"{text}: {self.detail}" if self.detail else text


class GatewayRejected(GatewayError):
    """The gateway understood the request and refused it."""


class CredentialsError(GatewayRejected):
    kind = ErrorKind.CREDENTIALS


class AccountError(GatewayRejected):
    kind = ErrorKind.ACCOUNT


class CreditError(GatewayRejected):
    kind = ErrorKind.CREDIT


class InputError(GatewayRejected):
    kind = ErrorKind.INPUT


class SchedulingError(GatewayRejected):
    kind = ErrorKind.SCHEDULING


class OtpError(GatewayRejected):
    kind = ErrorKind.OTP


class NotFoundError(GatewayRejected):
    kind = ErrorKind.INPUT


class UndocumentedAnswer(GatewayError):
    kind = ErrorKind.UNKNOWN


class Unsupported(GatewayError):
    kind = ErrorKind.UNSUPPORTED


class TransportError(GatewayError):
    kind = ErrorKind.TRANSPORT


class OutcomeUnknown(TransportError):
    kind = ErrorKind.OUTCOME_UNKNOWN


ERROR_CLASS: dict[ErrorKind, type[GatewayRejected]] = {
    ErrorKind.CREDENTIALS: CredentialsError,
    ErrorKind.ACCOUNT: AccountError,
    ErrorKind.CREDIT: CreditError,
    ErrorKind.INPUT: InputError,
    ErrorKind.SCHEDULING: SchedulingError,
    ErrorKind.OTP: OtpError,
}

# Kinds that concern the whole account, not one message: admins are alerted about these.
ACCOUNT_LEVEL_KINDS = frozenset({ErrorKind.CREDENTIALS, ErrorKind.ACCOUNT})
