"""A campaign meets a failing gateway (issue #10 §2): it pauses after a few failures that are not
the recipients', strands nobody (what surely was not sent goes back to the queue), and never
resends an outcome-unknown recipient except on the admin's explicit, second-confirmed choice."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from bot.service.bulk import PAUSE_AFTER
from bot.simulator import Simulator
from storage import CampaignStatus, SendStatus
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings
from tests.test_bot_bulk import (
    _buttons,
    _campaign_status,
    _confirmation,
    _end,
    _press,
    _rows,
    _sent_numbers,
    _with,
)

NUMBERS = [f"0937000{n:04d}" for n in range(60)]
CONCURRENCY = 8  # the default BULK_CONCURRENCY


async def test_dropped_connections_pause_the_campaign_after_a_few(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    confirmation = await _confirmation(bot, NUMBERS)
    bot.simulator.faults.close_next(times=1000)  # every send: the request left, no answer came
    await _press(bot, confirmation, "bulk:send:1")
    paused = await _end(bot, "⏸")
    assert f"{PAUSE_AFTER} sends in a row failed" in paused["text"]
    assert _buttons(paused) == ["bulk:resume:1", "bulk:cancel:1"]
    statuses = Counter(r.status for r in await _rows(bot))
    # Only the sends that failed in a row and those already in flight are affected.
    assert PAUSE_AFTER <= statuses[SendStatus.UNKNOWN] < PAUSE_AFTER + CONCURRENCY
    assert statuses[SendStatus.QUEUED] == len(NUMBERS) - statuses[SendStatus.UNKNOWN]
    assert len(bot.gateway_requests("SendSMSWithID")) == statuses[SendStatus.UNKNOWN]
    bot.simulator.faults.clear()
    await _press(bot, paused, "bulk:resume:1")
    summary = await _end(bot)
    unknown = statuses[SendStatus.UNKNOWN]
    assert f"Sent {len(NUMBERS) - unknown} · failed 0 · outcome unknown {unknown}" in summary["text"]
    # The outcome-unknown ones were not resent by Resume: each number reached the gateway once.
    requests = Counter(r.fields["mobileno"] for r in bot.gateway_requests("SendSMSWithID"))
    assert set(requests) == set(NUMBERS) and max(requests.values()) == 1
    assert _buttons(summary) == ["bulk:unknown:1"]
    offer = summary["reply_markup"]["inline_keyboard"][0][0]["text"]
    assert f"Resend the {unknown} whose outcome is unknown" in offer and "twice" in offer


async def test_a_pause_with_nothing_left_does_not_promise_sends(running_bot: RunningBot) -> None:
    # Every recipient's send failed in a row: the pause comes with no one left in the queue.
    bot = running_bot
    confirmation = await _confirmation(bot, NUMBERS[:PAUSE_AFTER])
    bot.simulator.faults.close_next(times=1000)
    await _press(bot, confirmation, "bulk:send:1")
    paused = await _end(bot, "⏸")
    assert f"outcome unknown {PAUSE_AFTER} · nothing is left to send" in paused["text"]
    assert "Press Resume to close it and get its summary." in paused["text"]
    assert "only those not yet sent" not in paused["text"]
    bot.simulator.faults.clear()
    await _press(bot, paused, "bulk:resume:1")
    summary = await _end(bot)
    assert f"outcome unknown {PAUSE_AFTER}" in summary["text"]
    assert _buttons(summary) == ["bulk:unknown:1"]
    assert len(bot.gateway_requests("SendSMSWithID")) == PAUSE_AFTER  # Resume sent nothing


async def test_resending_the_unknown_ones_is_a_second_confirmed_campaign(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    confirmation = await _confirmation(bot, NUMBERS[:6])
    bot.simulator.faults.close_next(times=2)  # after the confirmation's balance read
    await _press(bot, confirmation, "bulk:send:1")
    summary = await _end(bot)
    assert "outcome unknown 2" in summary["text"]
    unknown = {r.recipient for r in await _rows(bot) if r.status is SendStatus.UNKNOWN}
    before = len(bot.gateway_requests("SendSMSWithID"))
    await _press(bot, summary, "bulk:unknown:1")
    await bot.telegram.wait_for(lambda: bool(_with(bot, "Campaign #2")))
    [second] = _with(bot, "Campaign #2")
    assert "may get it twice" in second["text"] and "Recipients: 2" in second["text"]
    assert _buttons(second) == ["bulk:send:2", "bulk:cancel:2"]
    assert len(bot.gateway_requests("SendSMSWithID")) == before  # nothing sent before Send
    await _press(bot, summary, "bulk:unknown:1")  # a second press: the same campaign again
    await bot.telegram.wait_for(lambda: len(_with(bot, "Campaign #2")) == 2)
    assert _with(bot, "Campaign #3") == []
    await _press(bot, second, "bulk:send:2")
    await _end(bot, "🏁 Campaign #2")
    resent = [r.fields["mobileno"] for r in bot.gateway_requests("SendSMSWithID")[before:]]
    assert sorted(resent) == sorted(unknown)


async def test_gateway_down_puts_the_unsent_back_in_the_queue(running_bot: RunningBot) -> None:
    bot = running_bot
    simulator = bot.simulator
    port = urlsplit(simulator.base_url).port
    assert port is not None
    confirmation = await _confirmation(bot, NUMBERS[:20])
    await simulator.stop()  # connection refused: no request ever leaves
    await _press(bot, confirmation, "bulk:send:1")
    paused = await _end(bot, "⏸")
    assert "in a row failed" in paused["text"] and "not yet sent 20" in paused["text"]
    assert {r.status for r in await _rows(bot)} == {SendStatus.QUEUED}
    await simulator.start(port=port)
    await _press(bot, paused, "bulk:resume:1")
    summary = await _end(bot)
    assert "Sent 20 · failed 0 · outcome unknown 0" in summary["text"]
    assert _sent_numbers(bot) == Counter(NUMBERS[:20])


async def test_a_recipients_own_failure_stays_failed_and_does_not_pause(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    bot.simulator.faults.answer_next("-22", times=PAUSE_AFTER + 2, operation="SendSMSWithID")
    confirmation = await _confirmation(bot, NUMBERS[:8])
    await _press(bot, confirmation, "bulk:send:1")
    summary = await _end(bot)
    assert f"Sent 3 · failed {PAUSE_AFTER + 2}" in summary["text"]
    assert await _campaign_status(bot) is CampaignStatus.FINISHED


async def test_the_link_daily_cap_pauses_and_resume_sends_the_capped_one(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "l.db", sms_transport="link")
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    try:
        bot_simulator.faults.answer_next("14", operation="link")
        confirmation = await _confirmation(bot, NUMBERS[:5])
        await _press(bot, confirmation, "bulk:send:1")
        paused = await _end(bot, "⏸")
        assert "daily sending cap" in paused["text"] and "14" in paused["text"]
        await _press(bot, paused, "bulk:resume:1")
        summary = await _end(bot)
        assert "Sent 5 · failed 0" in summary["text"]
        assert _sent_numbers(bot) == Counter(NUMBERS[:5])
    finally:
        await bot.stop()


async def test_a_credit_pause_is_told_accurately_once_after_restarts(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    bot.simulator.faults.answer_next("-19", operation="SendSMSWithID")
    confirmation = await _confirmation(bot, NUMBERS[:4])
    await _press(bot, confirmation, "bulk:send:1")
    await _end(bot, "⏸ Campaign #1 paused")
    await bot.restart()
    notice = await _end(bot, "Campaign #1 is paused")
    assert "not enough credit" in notice["text"] and "-19" in notice["text"]
    assert "interrupted" not in notice["text"] and "Resuming" not in notice["text"]
    assert _buttons(notice) == ["bulk:resume:1", "bulk:cancel:1"]
    await bot.restart()  # its start-up notice is the sign this start has said what it says
    assert len(_with(bot, "Campaign #1 is paused")) == 1
    assert len(bot.startup_notices()) == 3
    assert [m for m in bot.telegram.messages_in(ADMIN) if "interrupted" in m["text"]] == []
