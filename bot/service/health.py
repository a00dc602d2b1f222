"""How the bot is doing, read from storage: what `smsbridge health` judges and the metrics show.

Both read this one snapshot, so they cannot disagree. Message states cover the messages created in
the last `STATES_WINDOW` seconds: an index range, not a scan of the whole history at every scrape.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.service.monitor import CREDIT_AT_KEY, CREDIT_KEY
from bot.service.reports import delivery_outcome
from bot.service.tracking import HEARTBEAT_KEY
from bot.states import STATE_ORDER, MessageState, message_state
from storage import Database

STATES_WINDOW = 86400.0


@dataclass(frozen=True, slots=True)
class Health:
    database_ok: bool
    last_sweep: float | None
    outbox_backlog: int
    outbox_oldest: float | None  # when the longest-waiting unsent item was queued
    campaigns_running: int
    due_checks: int  # tracked messages whose delivery check is due now
    credit: int | None
    credit_at: float | None
    states: dict[MessageState, int]  # messages of the last day by state, every state present


async def read_health(db: Database, *, now: float) -> Health:
    if not await db.ping():
        return Health(False, None, 0, None, 0, 0, None, None, dict.fromkeys(STATE_ORDER, 0))
    states = dict.fromkeys(STATE_ORDER, 0)
    for row in await db.messages.state_counts(since=now - STATES_WINDOW, until=now + 1):
        states[message_state(row.status, delivery_outcome(row.delivery_code), row.tracked)] += row.count
    credit = await db.state.get(CREDIT_KEY)
    return Health(
        database_ok=True,
        last_sweep=await db.state.get_float(HEARTBEAT_KEY),
        outbox_backlog=await db.outbox.pending(),
        outbox_oldest=await db.outbox.oldest_pending(),
        campaigns_running=await db.campaigns.running_count(),
        due_checks=await db.messages.due_count(now=now),
        credit=int(credit) if credit is not None else None,
        credit_at=await db.state.get_float(CREDIT_AT_KEY),
        states=states,
    )
