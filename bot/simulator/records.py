"""What the simulator remembers: every request it received and every send it accepted."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    # "SendSMS", "SendSMSWithTime", "SendSMSWithID", "smsdeliveryState", "RemainSms", "link",
    # or None (the WSDL, a help page, anything not understood)
    operation: str | None
    # SOAP: local name -> text of each child of the operation element, in order; link: the query
    fields: dict[str, str]
    soap_version: str | None  # "1.1" | "1.2" | None
    soap_action: str | None  # SOAPAction header (unquoted) or the SOAP 1.2 content-type action
    # time.perf_counter() when the request was read: benchmarks compare it with the bot's side
    received_at: float = field(default_factory=time.perf_counter)


@dataclass
class SimMessage:
    smsid: str | None  # only SendSMSWithID gives one
    operation: str  # "SendSMS", "SendSMSWithTime", "SendSMSWithID" or "link"
    mobileno: str
    pnlno: str
    text: str
    isflash: bool
    timestamp: int | None  # the scheduled Unix time (SendSMSWithTime)
    accepted_at: float  # clock time of acceptance
    state: str  # current delivery code: "8" until the operator reports
    parts: int = 1  # credit it consumed
