"""Read-only views of the stored messages: history, the CSV export, and statistics.

Where a message stands (`MessageState`) is derived the same way everywhere: the delivery report
wins once the gateway gave one, a tracked message without one is pending, otherwise the send status.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.calendars import jalali_day, jalali_month_start, local_day_bounds
from bot.csv_out import CsvFile, CsvParts
from bot.gateway.codes import DELIVERY_STATES, describe_state
from bot.states import STATE_ORDER, MessageState, Outcome, SendStatus, message_state
from storage import Database, MessageFilter, MessageRecord

EXPORT_FILE_BYTES = 50_000_000  # the largest document Telegram takes from a bot


def delivery_outcome(code: str | None) -> Outcome | None:
    """What the last delivery answer means, None when there was none."""
    return None if code is None else describe_state(code).outcome


def record_state(record: MessageRecord) -> MessageState:
    """Where a stored message stands (delivery wins once known)."""
    tracked = record.next_check_at is not None
    return message_state(record.status, delivery_outcome(record.delivery_code), tracked)


def _codes_with(outcome: Outcome) -> frozenset[str]:
    return frozenset(code for code, info in DELIVERY_STATES.items() if info.outcome is outcome)


# History filters on a delivery outcome match these stored delivery codes.
_OUTCOME_CODES: dict[MessageState, frozenset[str]] = {
    MessageState.DELIVERED: _codes_with(Outcome.DELIVERED),
    MessageState.UNDELIVERED: _codes_with(Outcome.FAILED),
    MessageState.EXPIRED: _codes_with(Outcome.EXPIRED),
}


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    limit: int = 10
    recipient: str | None = None
    state: MessageState | None = None
    since: float | None = None  # created at or after (Unix time)
    until: float | None = None  # created before
    user_id: int | None = None  # sent by this user only (an operator's history)


def history_filter(query: HistoryQuery) -> MessageFilter:
    base = MessageFilter(
        recipient=query.recipient, since=query.since, until=query.until, user_id=query.user_id
    )
    state = query.state
    if state is None:
        return base
    if state in _OUTCOME_CODES:
        return replace(base, delivery_codes=_OUTCOME_CODES[state])
    if state is MessageState.PENDING:
        return replace(base, awaiting_report=True)
    # "sent" is the send status: it includes messages whose delivery is known since.
    return replace(base, status=SendStatus(state.value))


@dataclass(frozen=True, slots=True)
class ExportWords:
    """The words of an export, in the admin's language (the chat layer has them)."""

    header: Sequence[str]  # the column titles, in the order of `Reports._export_row`
    delivery_state: Callable[[str], str]  # a delivery code's meaning


@dataclass
class CsvExport:
    """A finished export: one CSV file, or several when it is larger than a document may be.
    Close it when sent."""

    files: list[CsvFile]
    count: int
    days: int

    def close(self) -> None:
        for part in self.files:
            part.file.close()


@dataclass(frozen=True, slots=True)
class PeriodStats:
    counts: dict[MessageState, int] = field(default_factory=dict)  # non-zero, in STATE_ORDER
    parts_used: int = 0  # credit spent: parts of the sends the gateway accepted


@dataclass(frozen=True, slots=True)
class Stats:
    today: PeriodStats
    month: PeriodStats
    month_start: date  # first day of the month counted (Jalali month for Persian)


class Reports:
    def __init__(
        self,
        db: Database,
        *,
        words: ExportWords,
        jalali_months: bool,
        zone: ZoneInfo,
        clock: Callable[[], float] = time.time,
        file_bytes: int = EXPORT_FILE_BYTES,
    ) -> None:
        self._db = db
        self._words = words
        self._jalali_months = jalali_months
        self._zone = zone
        self._clock = clock
        self._file_bytes = file_bytes

    async def history(self, query: HistoryQuery) -> list[MessageRecord]:
        return await self._db.messages.find(history_filter(query), limit=query.limit)

    async def export(self, days: int) -> CsvExport:
        """Every message created in the last `days` days, oldest first, as CSV files of at most
        `file_bytes` each."""
        now = self._clock()
        parts = CsvParts(list(self._words.header), limit=self._file_bytes)
        count = 0
        try:
            async for record in self._db.messages.iter_since(now - days * 86400):
                parts.write(self._export_row(record))
                count += 1
        except BaseException:
            parts.close()
            raise
        day = datetime.fromtimestamp(now, self._zone).strftime("%Y-%m-%d")
        return CsvExport(parts.finish(f"smsbridge-{day}-{days}d"), count, days)

    def _export_row(self, record: MessageRecord) -> tuple[object, ...]:
        created = datetime.fromtimestamp(record.created_at, self._zone)
        code = record.delivery_code
        meaning = self._words.delivery_state(code) if code is not None else ""
        return (
            record.id, f"{created:%Y-%m-%d %H:%M:%S}", _jalali(created), record.recipient,
            record.status.value, record.delivery_code or "", meaning, record.gateway_code or "",
            record.smsid or "", record.parts, int(record.flash), record.campaign_id or "",
            self._local(record.scheduled_at), record.text,
        )

    def _local(self, moment: float | None) -> str:
        if moment is None:
            return ""
        return f"{datetime.fromtimestamp(moment, self._zone):%Y-%m-%d %H:%M:%S}"

    async def stats(self) -> Stats:
        """Today's and this month's figures, days and months as the admin's calendar has them."""
        today = datetime.fromtimestamp(self._clock(), self._zone).date()
        month_start = self._month_start(today)
        end = local_day_bounds(today, self._zone)[1]
        return Stats(
            today=await self._period(local_day_bounds(today, self._zone)[0], end),
            month=await self._period(local_day_bounds(month_start, self._zone)[0], end),
            month_start=month_start,
        )

    def _month_start(self, today: date) -> date:
        if not self._jalali_months:
            return today.replace(day=1)
        return jalali_month_start(today)

    async def _period(self, since: float, until: float) -> PeriodStats:
        rows = await self._db.messages.state_counts(since=since, until=until)
        counts = _tally(
            (message_state(row.status, delivery_outcome(row.delivery_code), row.tracked), row.count)
            for row in rows
        )
        parts = (await self._db.messages.stats(since=since, until=until)).parts_used
        return PeriodStats(counts, parts)


def _tally(pairs: Iterable[tuple[MessageState, int]]) -> dict[MessageState, int]:
    totals: dict[MessageState, int] = {}
    for state, count in pairs:
        totals[state] = totals.get(state, 0) + count
    return {state: totals[state] for state in STATE_ORDER if totals.get(state)}


def _jalali(moment: datetime) -> str:
    return f"{jalali_day(moment.date())} {moment:%H:%M:%S}"
