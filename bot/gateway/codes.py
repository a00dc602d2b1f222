"""Every code the 0098SMS guide documents, in one place (see shared/gateway-0098sms.md).

Three tables: the web service's return codes, the link API's codes, and the delivery states. Each
code has a name; what it means, in words, is the catalogue's `gateway.code.<name>` (`bot/i18n`).
Anything not in a table is kept verbatim by the caller and reported as undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.gateway.errors import (
    ERROR_CLASS,
    ErrorKind,
    GatewayError,
    NotFoundError,
    UndocumentedAnswer,
)
from bot.states import FINAL_OUTCOMES, Outcome


@dataclass(frozen=True, slots=True)
class CodeInfo:
    name: str
    kind: ErrorKind

    @property
    def key(self) -> str:
        """The catalogue key of its meaning."""
        return meaning_key(self.name)


K = ErrorKind
# The name of any answer no table knows (its catalogue text shows the code).
UNDOCUMENTED = "undocumented"


def meaning_key(name: str) -> str:
    return f"gateway.code.{name}"


# Web-service (SOAP) error codes. Success (`2`, or a smsid of 9+ digits) is not an error.
SOAP_ERRORS: dict[str, CodeInfo] = {
    "-3": CodeInfo("credentials_mismatch", K.CREDENTIALS),
    "10": CodeInfo("wrong_credentials", K.CREDENTIALS),
    "11": CodeInfo("illegal_character", K.INPUT),
    "-17": CodeInfo("empty_text", K.INPUT),
    "-18": CodeInfo("charging_error", K.CREDIT),
    "-19": CodeInfo("insufficient_credit", K.CREDIT),
    "-22": CodeInfo("invalid_mobile", K.INPUT),
    "66": CodeInfo("credentials_mismatch", K.CREDENTIALS),
    "1111": CodeInfo("illegal_character", K.INPUT),
    "Hang": CodeInfo("account_blocked", K.ACCOUNT),
    "No Doc": CodeInfo("registration_incomplete", K.ACCOUNT),
    "Doc N": CodeInfo("registration_incomplete", K.ACCOUNT),
    "-23": CodeInfo("number_not_allowed_for_link", K.ACCOUNT),
    "-24": CodeInfo("panel_number_error", K.ACCOUNT),
    "-25": CodeInfo("panel_number_expired", K.ACCOUNT),
    "-26": CodeInfo("otp_not_configured", K.OTP),
    "-27": CodeInfo("otp_bad_format", K.OTP),
    "-28": CodeInfo("otp_not_approved", K.OTP),
    "-29": CodeInfo("otp_bad_format", K.OTP),
    "Wrong timestamp": CodeInfo("wrong_timestamp", K.SCHEDULING),
    "Wrong time": CodeInfo("wrong_time", K.SCHEDULING),
    "-31": CodeInfo("smsid_not_found", K.INPUT),
    "-32": CodeInfo("smsid_mismatch", K.INPUT),
}

# The link API's codes; `0` is success.
LINK_ERRORS: dict[str, CodeInfo] = {
    "1": CodeInfo("wrong_recipient", K.INPUT),
    "2": CodeInfo("no_recipient", K.INPUT),
    "3": CodeInfo("no_sender", K.INPUT),
    "4": CodeInfo("no_text", K.INPUT),
    "5": CodeInfo("no_username", K.CREDENTIALS),
    "6": CodeInfo("no_password", K.CREDENTIALS),
    "7": CodeInfo("no_domain", K.INPUT),
    "8": CodeInfo("licence_revoked", K.ACCOUNT),
    "9": CodeInfo("insufficient_credit", K.CREDIT),
    "10": CodeInfo("no_link_for_number", K.ACCOUNT),
    "11": CodeInfo("link_not_permitted", K.ACCOUNT),
    "12": CodeInfo("wrong_credentials", K.CREDENTIALS),
    "13": CodeInfo("illegal_character", K.INPUT),
    "14": CodeInfo("daily_cap", K.CREDIT),
    "16": CodeInfo("number_not_allowed_for_link", K.ACCOUNT),
    "17": CodeInfo("panel_number_error", K.ACCOUNT),
    "18": CodeInfo("panel_number_expired", K.ACCOUNT),
    "19": CodeInfo("otp_not_configured", K.OTP),
    "20": CodeInfo("otp_bad_format", K.OTP),
    "21": CodeInfo("otp_not_approved", K.OTP),
    "22": CodeInfo("owner_not_registered", K.ACCOUNT),
    "23": CodeInfo("panel_not_permitted_yet", K.ACCOUNT),
    "24": CodeInfo("ip_not_allowed", K.ACCOUNT),
}

LINK_SUCCESS = "0"
SOAP_SENT = "2"


@dataclass(frozen=True, slots=True)
class StateInfo:
    name: str
    outcome: Outcome

    @property
    def key(self) -> str:
        """The catalogue key of its meaning."""
        return meaning_key(self.name)

    @property
    def final(self) -> bool:
        return self.outcome in FINAL_OUTCOMES


DELIVERY_STATES: dict[str, StateInfo] = {
    "4": StateInfo("blocked_promotional", Outcome.FAILED),
    "5": StateInfo("delivered", Outcome.DELIVERED),
    "6": StateInfo("not_delivered", Outcome.FAILED),
    "7": StateInfo("expired", Outcome.EXPIRED),
    "8": StateInfo("unknown_yet", Outcome.PENDING),
    "9": StateInfo("owner_not_registered", Outcome.FAILED),
    "21": StateInfo("panel_not_permitted_yet", Outcome.FAILED),
    "31": StateInfo("ip_not_allowed", Outcome.FAILED),
}


def describe_state(code: str) -> StateInfo:
    """The meaning of a delivery answer; an unlisted one is kept verbatim and not final."""
    known = DELIVERY_STATES.get(code)
    if known is not None:
        return known
    error = SOAP_ERRORS.get(code)
    return StateInfo(error.name if error is not None else UNDOCUMENTED, Outcome.UNKNOWN)


def error_for(code: str, table: dict[str, CodeInfo]) -> GatewayError:
    """The typed error for a raw answer; undocumented answers are kept verbatim."""
    info = table.get(code)
    if info is None:
        return UndocumentedAnswer(code, name=UNDOCUMENTED)
    cls = NotFoundError if info.name.startswith("smsid_") else ERROR_CLASS[info.kind]
    return cls(code, name=info.name)
