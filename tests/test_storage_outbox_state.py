"""OutboxStore (durable, de-duplicated Telegram messages) and StateStore (small facts)."""

from __future__ import annotations

from storage import Database


async def test_outbox_dedupe_key_queues_a_report_once(storage_db: Database) -> None:
    outbox = storage_db.outbox
    first = await outbox.enqueue(chat_id=5, text="report", dedupe_key="delivery:42", now=1.0)
    assert first is not None
    assert await outbox.enqueue(chat_id=5, text="again", dedupe_key="delivery:42", now=2.0) is None
    await outbox.mark_sent(first, telegram_message_id=900, now=3.0)
    assert await outbox.enqueue(chat_id=5, text="later", dedupe_key="delivery:42", now=4.0) is None
    without_key = [await outbox.enqueue(chat_id=5, text="note", now=5.0) for _ in range(2)]
    assert None not in without_key and without_key[0] != without_key[1]
    assert await outbox.pending() == 2


async def test_outbox_due_retry_and_sent(storage_db: Database) -> None:
    outbox = storage_db.outbox
    item_id = await outbox.enqueue(
        chat_id=5, text="hi", reply_to_message_id=7, markup='{"k": 1}', now=10.0
    )
    later_id = await outbox.enqueue(chat_id=6, text="second", now=11.0)
    assert item_id is not None
    [item, later] = await outbox.due(now=11.0, limit=10)
    assert (item.id, item.chat_id, item.reply_to_message_id, item.markup, item.attempts) == (
        item_id, 5, 7, '{"k": 1}', 0,
    )
    assert later.id == later_id
    assert [i.id for i in await outbox.due(now=11.0, limit=1)] == [item_id]

    await outbox.mark_retry(item_id, error="RetryAfter 30", next_attempt_at=41.0)
    assert [i.id for i in await outbox.due(now=20.0, limit=10)] == [later_id]
    [_, retried] = await outbox.due(now=41.0, limit=10)
    assert (retried.id, retried.attempts, retried.next_attempt_at) == (item_id, 1, 41.0)

    await outbox.mark_sent(item_id, telegram_message_id=None, now=42.0)
    assert [i.id for i in await outbox.due(now=100.0, limit=10)] == [later_id]
    assert await outbox.pending() == 1


async def test_state_set_overwrites_and_reads_floats(storage_db: Database) -> None:
    state = storage_db.state
    assert await state.get("low_credit") is None
    assert await state.get_float("heartbeat") is None
    await state.set("heartbeat", "1700000000.25")
    await state.set("heartbeat", "1700000100.5")
    assert await state.get_float("heartbeat") == 1700000100.5
    await state.set("low_credit", "crossed")
    assert await state.get("low_credit") == "crossed"
    assert await state.get_float("low_credit") is None


async def test_a_photo_item_keeps_its_bytes_until_sent(storage_db: Database) -> None:
    outbox = storage_db.outbox
    item_id = await outbox.enqueue(chat_id=5, text="caption", photo=b"\x89PNG-bytes", now=1.0)
    assert item_id is not None
    [item] = await outbox.due(now=2.0, limit=10)
    assert (item.photo, item.text) == (b"\x89PNG-bytes", "caption")
    assert await outbox.oldest_pending() == 1.0
    await outbox.mark_sent(item_id, telegram_message_id=7, now=3.0)
    assert await outbox.due(now=4.0, limit=10) == [] and await outbox.oldest_pending() is None
    rows = await storage_db._sql.fetch_all("SELECT photo FROM outbox WHERE id = ?", (item_id,))
    assert rows[0][0] is None
