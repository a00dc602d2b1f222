"""The audit trail: every action that sends, schedules, cancels, approves, or changes a user, a
block or a template is appended here by the service that does it, with who, when, and how many
recipients and SMS parts it concerned."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.csv_out import csv_bytes
from storage import AuditEntry, Database

AUDIT_HEADER = ("id", "time ({zone})", "user", "action", "detail", "recipients", "parts")


class Action(StrEnum):
    SEND = "send"
    FLASH = "flash"
    SCHEDULE = "schedule"
    SCHEDULE_CANCEL = "schedule.cancel"
    CAMPAIGN_SCHEDULE = "campaign.schedule"
    CAMPAIGN_SEND = "campaign.send"
    CAMPAIGN_RESUME = "campaign.resume"
    CAMPAIGN_CANCEL = "campaign.cancel"
    APPROVAL_ASKED = "approval.asked"
    APPROVED = "approval.approved"
    REJECTED = "approval.rejected"
    USER_ADD = "user.add"
    USER_ROLE = "user.role"
    USER_QUOTA = "user.quota"
    USER_REMOVE = "user.remove"
    BLOCK = "block"
    BLOCK_DELIVERY = "block.delivery"  # by a delivery report: its row names the message's sender
    UNBLOCK = "unblock"
    TEMPLATE_SAVE = "template.save"
    TEMPLATE_DELETE = "template.delete"
    CONTACTS_IMPORT = "contacts.import"
    CONTACTS_REMOVE = "contacts.remove"
    CONTACTS_DROP = "contacts.drop"


class Audit:
    def __init__(self, db: Database, *, clock: Callable[[], float] = time.time) -> None:
        self._db = db
        self._clock = clock

    async def record(
        self, user_id: int, action: Action, *, detail: str = "", recipients: int = 0,
        parts: int = 0,
    ) -> None:
        await self._db.audit.append(
            at=self._clock(), user_id=user_id, action=action.value, detail=detail,
            recipients=recipients, parts=parts,
        )

    async def latest(self, limit: int, user_id: int | None = None) -> list[AuditEntry]:
        return await self._db.audit.latest(limit=limit, user_id=user_id)


def audit_csv(entries: Iterable[AuditEntry], zone: ZoneInfo, *, now: float) -> tuple[str, bytes]:
    """The entries, oldest first, as one CSV file (the project's one CSV writer): its name and
    bytes. /audit asks for at most a thousand entries, so it is small by nature."""
    rows = []
    for entry in sorted(entries, key=lambda item: item.id):
        moment = datetime.fromtimestamp(entry.at, zone)
        rows.append((
            entry.id, f"{moment:%Y-%m-%d %H:%M:%S}", entry.user_id, entry.action, entry.detail,
            entry.recipients, entry.parts,
        ))
    header = [column.format(zone=zone.key) for column in AUDIT_HEADER]
    day = datetime.fromtimestamp(now, zone).strftime("%Y-%m-%d")
    return f"smsbridge-audit-{day}.csv", csv_bytes(header, rows)
