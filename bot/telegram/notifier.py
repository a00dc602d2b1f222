"""Turns what the service layer reports into outbox items, in the admin's language."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.gateway.base import DeliveryState
from bot.gateway.errors import GatewayError
from bot.i18n import Texts
from storage import Database, MessageRecord


class TelegramNotifier:
    def __init__(
        self,
        db: Database,
        texts: Texts,
        admin_ids: frozenset[int],
        *,
        wake: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = db
        self._texts = texts
        self._admins = sorted(admin_ids)
        self.wake = wake  # asks the outbox pump to run now rather than at its next tick
        self._clock = clock

    async def delivery_changed(self, record: MessageRecord, state: DeliveryState) -> None:
        await self._report(record, state, "report.delivery")

    async def tracking_ended(self, record: MessageRecord, state: DeliveryState) -> None:
        await self._report(record, state, "report.gave_up")

    async def _report(self, record: MessageRecord, state: DeliveryState, key: str) -> None:
        if record.campaign_id is not None:
            return  # campaigns are summarised as a whole, not one chat message per recipient
        text = self._texts(
            key, number=record.recipient, smsid=record.smsid or "",
            state=self._texts.delivery_state(state.code), code=state.code,
        )
        await self._db.outbox.enqueue(
            chat_id=record.chat_id, text=text,
            reply_to_message_id=record.confirmation_message_id or record.command_message_id,
            dedupe_key=f"{key}:{record.id}:{state.code}", now=self._clock(),
        )
        self.wake()

    async def low_credit(self, credit: int, threshold: int) -> None:
        await self.to_admins(self._texts("notice.low_credit", credit=credit, threshold=threshold))

    async def account_problem(self, error: GatewayError) -> None:
        reason = self._texts.gateway_reason(error)
        await self.to_admins(self._texts("notice.account", reason=reason, code=error.code))

    async def to_admins(self, text: str, *, dedupe_key: str | None = None) -> None:
        for admin in self._admins:
            key = f"{dedupe_key}:{admin}" if dedupe_key else None
            await self._db.outbox.enqueue(chat_id=admin, text=text, dedupe_key=key,
                                          now=self._clock())
        self.wake()
