"""After a campaign: every recipient's outcome (the results file) and the failures worth
sending again.

A failure is resent only when it was not delivered for a reason of the network or the panel: never
an outcome-unknown send (it may have arrived), never a refusal that is the recipient's own (an
invalid number, promotional messages blocked, an unregistered owner), never a blocked number.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from bot.csv_out import csv_bytes
from bot.gateway.codes import describe_state
from bot.recipients import Recipients
from bot.service.audience import Plan, Planned
from bot.service.reports import record_state
from bot.states import MessageState, Outcome
from storage import Database, ResultRow, SendStatus

# Gateway send codes and delivery states that say the recipient itself is why it failed.
RECIPIENTS_OWN_CODES = frozenset({"-22"})
RECIPIENTS_OWN_STATES = frozenset({"4", "9"})


def resendable(row: ResultRow) -> bool:
    record = row.message
    if record.status is SendStatus.FAILED:
        return (record.gateway_code or "") not in RECIPIENTS_OWN_CODES
    if record.status is not SendStatus.SENT or record.delivery_code is None:
        return False
    outcome = describe_state(record.delivery_code).outcome
    return outcome in (Outcome.FAILED, Outcome.EXPIRED) and (
        record.delivery_code not in RECIPIENTS_OWN_STATES
    )


@dataclass(frozen=True, slots=True)
class Results:
    campaign_id: int
    rows: tuple[ResultRow, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The field names of every recipient, in the order they first appear."""
        names: dict[str, None] = {}
        for row in self.rows:
            names.update(dict.fromkeys(row.fields))
        return tuple(names)

    @property
    def failed(self) -> tuple[ResultRow, ...]:
        return tuple(row for row in self.rows if resendable(row))

    def csv(self, header: Sequence[str], words: Callable[[ResultRow], tuple[str, str]]) -> bytes:
        """number, the fields, then `header`'s columns: text, smsid, send and delivery state
        (`words` names the last two). UTF-8 with a BOM, formula-like cells neutralised."""
        columns = self.columns

        def cells(row: ResultRow) -> list[str]:
            record = row.message
            return [
                record.recipient, *(row.fields.get(name, "") for name in columns), record.text,
                record.smsid or "", *words(row),
            ]

        return csv_bytes([header[0], *columns, *header[1:]], (cells(row) for row in self.rows))


def state_of(row: ResultRow) -> MessageState:
    return record_state(row.message)


class CampaignResults:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def author(self, campaign_id: int) -> int | None:
        """Who made the campaign; None when there is no such campaign."""
        campaign = await self._db.campaigns.get(campaign_id)
        return campaign.user_id if campaign is not None else None

    async def results(self, campaign_id: int) -> Results:
        return Results(campaign_id, tuple(await self._db.campaigns.results(campaign_id)))

    async def resend_plan(self, campaign_id: int) -> Plan | None:
        """The failures worth resending as a new campaign's plan (their own texts and fields,
        blocked numbers left out); None when the campaign does not exist."""
        campaign = await self._db.campaigns.get(campaign_id)
        if campaign is None:
            return None
        failed = (await self.results(campaign_id)).failed
        blocked: Collection[str] = await self._db.blocked.among(
            [row.message.recipient for row in failed]
        )
        messages = tuple(
            Planned(row.message.recipient, row.message.text, row.message.parts, row.fields)
            for row in failed if row.message.recipient not in blocked
        )
        recipients = Recipients(tuple(message.number for message in messages), (), 0)
        return Plan(
            template=campaign.text, recipients=recipients, messages=messages, missing=(),
            blocked=len(failed) - len(messages), personal=len({m.text for m in messages}) > 1,
        )
