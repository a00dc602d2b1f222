"""All SQL of smsbridge: one aiosqlite connection, a versioned schema, and typed stores."""

from bot.states import CampaignStatus, SendStatus
from storage.approvals import Approval, ApprovalState, ApprovalStore
from storage.audit import AuditEntry, AuditStore
from storage.campaigns import CampaignStore
from storage.db import Database, SqliteTooOld
from storage.messages import MessageStore
from storage.migrations import MIGRATIONS, SchemaTooNew
from storage.models import (
    BlockedNumber,
    BlockSource,
    Campaign,
    Contact,
    ContactGroup,
    DayStateCount,
    MessageEvent,
    MessageFilter,
    MessageRecord,
    MessageStats,
    NewMessage,
    OutboxItem,
    RecordNotFound,
    ResultRow,
    StateCount,
    Template,
)
from storage.outbox import OutboxStore
from storage.schedules import ScheduleStore
from storage.state import StateStore
from storage.team import LastAction, Member, TeamStore

__all__ = [
    "MIGRATIONS",
    "Approval",
    "ApprovalState",
    "ApprovalStore",
    "AuditEntry",
    "AuditStore",
    "BlockSource",
    "BlockedNumber",
    "Campaign",
    "CampaignStatus",
    "CampaignStore",
    "Contact",
    "ContactGroup",
    "Database",
    "DayStateCount",
    "LastAction",
    "Member",
    "MessageEvent",
    "MessageFilter",
    "MessageRecord",
    "MessageStats",
    "MessageStore",
    "NewMessage",
    "OutboxItem",
    "OutboxStore",
    "RecordNotFound",
    "ResultRow",
    "ScheduleStore",
    "SchemaTooNew",
    "SendStatus",
    "SqliteTooOld",
    "StateCount",
    "StateStore",
    "TeamStore",
    "Template",
]
