"""The simulated 0098SMS account: checks each request, takes credit, records sends.

Checks run in this order and the first failure answers (web service code / link code):

1. link only: a missing or blank parameter, in the order TO 2, FROM 3, TEXT 4, USERNAME 5,
   PASSWORD 6, DOMAIN 7; a DOMAIN other than "0098" is answered like wrong credentials (12),
   since the domain is part of the login;
2. wrong username or password: 10 / 12;
3. pnlno / FROM not this panel's number: -24 / 17 ("panel number error": the same wording in
   both tables; link 10, "no link for this number", would blame the link setup instead);
4. mobile number not `09` + 9 ASCII digits: -22 / 1;
5. empty or blank text: -17 / 4;
6. a refused character (see `text`): 11 / 13;
7. SendSMSWithTime: timestamp not 10 ASCII digits: "Wrong timestamp"; a time before now (to the
   second) or more than 365 days ahead: "Wrong time";
8. not enough credit for all the parts: -19 / 9.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from bot.simulator.clock import Clock
from bot.simulator.config import SimulatorConfig
from bot.simulator.delivery import PENDING, DeliverySchedule
from bot.simulator.records import SimMessage
from bot.simulator.text import has_refused_character, sms_parts

SEND_OPERATIONS = ("SendSMS", "SendSMSWithTime", "SendSMSWithID")
SOAP_OPERATIONS = (*SEND_OPERATIONS, "smsdeliveryState", "RemainSms")
LINK = "link"
SOAP_SENT = "2"
LINK_SENT = "0"
SMSID_NOT_FOUND = "-31"
WRONG_TIMESTAMP = "Wrong timestamp"
WRONG_TIME = "Wrong time"
SCHEDULE_HORIZON = 365 * 86_400
LINK_DOMAIN = "0098"
LINK_REQUIRED = (
    ("TO", "2"), ("FROM", "3"), ("TEXT", "4"), ("USERNAME", "5"), ("PASSWORD", "6"),
    ("DOMAIN", "7"),
)

_MOBILE = re.compile(r"09[0-9]{9}")
_TIMESTAMP = re.compile(r"[0-9]{10}")
_XSD_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class RejectionCodes:
    credentials: str
    sender: str
    mobile: str
    empty_text: str
    refused_character: str
    credit: str


SOAP_CODES = RejectionCodes("10", "-24", "-22", "-17", "11", "-19")
LINK_CODES = RejectionCodes("12", "17", "1", "4", "13", "9")


class UnreadableRequest(ValueError):
    """An input ASP.NET could not even deserialize (answered with a soap:Fault)."""


@dataclass(frozen=True)
class _Draft:
    operation: str
    mobileno: str
    pnlno: str
    text: str
    isflash: bool = False
    timestamp: int | None = None


class Panel:
    def __init__(self, config: SimulatorConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.credit = config.credit
        self.sent: list[SimMessage] = []
        self.messages: dict[str, SimMessage] = {}
        self._schedule = self._new_schedule()
        # Milliseconds of the start time: ids stay fresh across sandbox restarts.
        self._last_smsid = int(clock.now() * 1000)

    def call(self, operation: str, inputs: dict[str, str]) -> str:
        """The raw answer of a web-service operation (one of SOAP_OPERATIONS)."""
        # ASP.NET deserializes every input before the method runs: a bad boolean fails first.
        isflash = _xsd_boolean(inputs.get("isflash", "false"))
        if not self._authorised(inputs.get("username", ""), inputs.get("password", "")):
            return SOAP_CODES.credentials
        if operation == "RemainSms":
            return str(self.credit)
        if operation == "smsdeliveryState":
            return self._delivery_state(inputs.get("smsid", "").strip())
        draft = _Draft(
            operation, inputs.get("mobileno", ""), inputs.get("pnlno", ""),
            inputs.get("text", ""), isflash,
        )
        rejection = self._check(draft, SOAP_CODES)
        if rejection is not None:
            return rejection
        if operation == "SendSMSWithTime":
            timestamp = inputs.get("timestamp", "").strip()
            rejection = self._check_timestamp(timestamp)
            if rejection is not None:
                return rejection
            draft = _Draft(operation, draft.mobileno, draft.pnlno, draft.text, draft.isflash,
                           int(timestamp))
        return self._accept(draft, SOAP_CODES)

    def link(self, query: dict[str, str]) -> str:
        """The raw answer of the link API to these query parameters (names case-insensitive)."""
        params = {name.upper(): value for name, value in query.items()}
        for name, code in LINK_REQUIRED:
            if not params.get(name, "").strip():
                return code
        if params["DOMAIN"].strip() != LINK_DOMAIN:
            return LINK_CODES.credentials
        if not self._authorised(params["USERNAME"], params["PASSWORD"]):
            return LINK_CODES.credentials
        draft = _Draft(LINK, params["TO"], params["FROM"], params["TEXT"])
        return self._check(draft, LINK_CODES) or self._accept(draft, LINK_CODES)

    def settle(self) -> None:
        """Bring every message's state up to the clock."""
        self._schedule.settle(self.clock.now())

    def force_state(self, smsid: str, code: str) -> None:
        self._schedule.pin(self.messages[smsid], code)

    def snapshot(self) -> dict[str, Any]:
        """The account as plain data (JSON-ready), for `restore` in a later process."""
        self.settle()
        return {
            "credit": self.credit, "last_smsid": self._last_smsid,
            "sent": [asdict(message) for message in self.sent],
        }

    def restore(self, state: Mapping[str, Any]) -> None:
        """The account as `snapshot` left it; messages still pending get their outcome as before
        (it depends on the seed and the smsid only). Raises KeyError/TypeError/ValueError on a
        snapshot of another shape."""
        sent = [SimMessage(**fields) for fields in state["sent"]]
        credit, last_smsid = int(state["credit"]), int(state["last_smsid"])
        self.reset()
        self.credit = credit
        self._last_smsid = max(self._last_smsid, last_smsid)
        for message in sent:
            self.sent.append(message)
            if message.smsid is not None:
                self.messages[message.smsid] = message
            if message.state == PENDING:
                self._schedule.add(message)

    def reset(self) -> None:
        self.credit = self.config.credit
        self.sent.clear()
        self.messages.clear()
        self._schedule = self._new_schedule()

    def _new_schedule(self) -> DeliverySchedule:
        config = self.config
        return DeliverySchedule(config.seed, config.delivered_ratio, config.delivery_after)

    def _authorised(self, username: str, password: str) -> bool:
        return username == self.config.username and password == self.config.password

    def _check(self, draft: _Draft, codes: RejectionCodes) -> str | None:
        if draft.pnlno.strip() != self.config.sender:
            return codes.sender
        if not _MOBILE.fullmatch(draft.mobileno.strip()):
            return codes.mobile
        if not draft.text.strip():
            return codes.empty_text
        if has_refused_character(draft.text):
            return codes.refused_character
        return None

    def _check_timestamp(self, timestamp: str) -> str | None:
        if not _TIMESTAMP.fullmatch(timestamp):
            return WRONG_TIMESTAMP
        now = int(self.clock.now())
        if not now <= int(timestamp) <= now + SCHEDULE_HORIZON:
            return WRONG_TIME
        return None

    def _accept(self, draft: _Draft, codes: RejectionCodes) -> str:
        parts = sms_parts(draft.text)
        if parts > self.credit:
            return codes.credit
        self.credit -= parts
        smsid = self._new_smsid() if draft.operation == "SendSMSWithID" else None
        message = SimMessage(
            smsid=smsid, operation=draft.operation, mobileno=draft.mobileno.strip(),
            pnlno=draft.pnlno.strip(), text=draft.text, isflash=draft.isflash,
            timestamp=draft.timestamp, accepted_at=self.clock.now(), state=PENDING, parts=parts,
        )
        self.sent.append(message)
        self._schedule.add(message)
        if smsid is None:
            return LINK_SENT if draft.operation == LINK else SOAP_SENT
        self.messages[smsid] = message
        return smsid

    def _delivery_state(self, smsid: str) -> str:
        message = self.messages.get(smsid)
        if message is None:
            return SMSID_NOT_FOUND
        self.settle()
        return message.state

    def _new_smsid(self) -> str:
        self._last_smsid += 1
        return str(self._last_smsid)


def _xsd_boolean(raw: str) -> bool:
    try:
        return _XSD_BOOLEAN[raw.strip()]
    except KeyError:
        raise UnreadableRequest(f"The string '{raw}' is not a valid Boolean value.") from None
