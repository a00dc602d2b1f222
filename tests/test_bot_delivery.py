"""Delivery reports pushed into the chat, across restarts and Telegram faults."""

from __future__ import annotations

from typing import Any

from tests.fixtures_bot import ADMIN, RunningBot


async def _send(bot: RunningBot, text: str = "/send 09121234567 hi") -> tuple[str, dict[str, Any]]:
    update = bot.telegram.send_text(ADMIN, text, language_code="en")
    confirmation = await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)
    smsid = bot.simulator.sent[-1].smsid
    assert smsid is not None
    return smsid, confirmation


def _reports(bot: RunningBot, smsid: str) -> list[dict[str, Any]]:
    return [
        m for m in bot.telegram.messages_in(ADMIN)
        if "📬" in m.get("text", "") and smsid in m.get("text", "")
    ]


def _asked(bot: RunningBot, smsid: str) -> int:
    """How many times the gateway was asked about this smsid's delivery."""
    return sum(r.fields.get("smsid") == smsid for r in bot.gateway_requests("smsdeliveryState"))


def _outbox_unsent(bot: RunningBot) -> int:
    return int(bot.rows("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")[0][0])


async def _tracker_went_round(bot: RunningBot) -> None:
    """Waits until the tracker asked about a fresh message three times: longer than the longest
    interval between two questions about a message still tracked (delivery_poll_max)."""
    other, _ = await _send(bot, "/send 09351234567 another")
    await bot.telegram.wait_for(lambda: _asked(bot, other) >= 3, timeout=10)


async def test_state_change_is_pushed_as_reply_to_confirmation(running_bot: RunningBot) -> None:
    smsid, confirmation = await _send(running_bot)
    running_bot.simulator.force_state(smsid, "5")
    await running_bot.telegram.wait_for(lambda: bool(_reports(running_bot, smsid)), timeout=10)
    [report] = _reports(running_bot, smsid)
    assert report["reply_to_message"]["message_id"] == confirmation["message_id"]
    assert "delivered to the handset" in report["text"] and "5" in report["text"]
    # final: tracking stops, no more questions for this smsid
    asked = _asked(running_bot, smsid)
    await _tracker_went_round(running_bot)
    assert _asked(running_bot, smsid) == asked
    assert len(running_bot.outbox_texts(smsid)) == 1


async def test_pending_state_is_not_pushed(running_bot: RunningBot) -> None:
    smsid, _ = await _send(running_bot)
    await running_bot.telegram.wait_for(lambda: _asked(running_bot, smsid) >= 2, timeout=10)
    await running_bot.handled()  # the answers asked so far are all recorded and acted upon
    assert running_bot.outbox_texts(smsid) == []


async def test_restart_resumes_tracking_and_delivers_the_push(running_bot: RunningBot) -> None:
    smsid, confirmation = await _send(running_bot)
    await running_bot.stop()
    running_bot.simulator.force_state(smsid, "6")
    await running_bot.start()
    await running_bot.telegram.wait_for(lambda: bool(_reports(running_bot, smsid)), timeout=10)
    [report] = _reports(running_bot, smsid)
    assert report["reply_to_message"]["message_id"] == confirmation["message_id"]
    assert "not delivered" in report["text"]


async def test_outbox_survives_429_and_500_and_sends_once(running_bot: RunningBot) -> None:
    smsid, _ = await _send(running_bot)
    running_bot.telegram.fail_next("sendMessage", status=429, retry_after=1)
    running_bot.telegram.fail_next("sendMessage", status=500)
    running_bot.telegram.fail_next("sendMessage", drop=True)
    running_bot.simulator.force_state(smsid, "5")
    await running_bot.telegram.wait_for(lambda: bool(_reports(running_bot, smsid)), timeout=20)
    await running_bot.telegram.wait_for(lambda: _outbox_unsent(running_bot) == 0, timeout=10)
    await running_bot.handled()
    assert len(_reports(running_bot, smsid)) == 1
    failed = [c for c in running_bot.telegram.calls_to("sendMessage") if c.status and c.status >= 400]
    assert len(failed) >= 2
