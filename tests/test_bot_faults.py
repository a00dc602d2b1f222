"""Gateway faults end to end: every command gets a clear reply, the bot keeps running, no send is
repeated, and tracking resumes when the gateway comes back."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.simulator import Faults, Simulator
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings

FAULTS: dict[str, tuple[Callable[[Faults], None], str, str]] = {
    # name: (inject, reply to /send, reply to /balance)
    "http 500 page": (lambda f: f.http_error_next(500), "outcome unknown", "could not be used"),
    "malformed xml": (lambda f: f.malformed_next(), "outcome unknown", "could not be used"),
    "soap fault": (lambda f: f.soap_fault_next(), "outcome unknown", "could not be used"),
    "empty body": (lambda f: f.empty_next(), "outcome unknown", "could not be used"),
    "dropped connection": (lambda f: f.close_next(), "outcome unknown", "could not be used"),
    "undocumented code": (lambda f: f.answer_next("Err42"), "undocumented", "undocumented"),
}


@pytest.fixture
async def patient_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    """A bot whose gateway calls time out after 0.5 s and retry reads quickly."""
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db", sms_timeout=0.5)
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        yield bot


@pytest.mark.parametrize("fault", sorted(FAULTS))
async def test_fault_gets_clear_reply_and_bot_keeps_running(
    patient_bot: RunningBot, fault: str
) -> None:
    inject, send_reply, balance_reply = FAULTS[fault]
    faults = patient_bot.simulator.faults
    inject(faults)
    assert send_reply in await patient_bot.command("/send 09121234567 one", timeout=10)
    faults.clear()
    for _ in range(3):  # reads are retried: fail every attempt
        inject(faults)
    assert balance_reply in await patient_bot.command("/balance", timeout=10)
    faults.clear()
    assert "smsid" in await patient_bot.command("/send 09121234567 two")
    texts = [r.fields["text"] for r in patient_bot.gateway_requests("SendSMSWithID")]
    assert texts == ["one", "two"]  # nothing was repeated


async def test_timeout_and_slow_answers(patient_bot: RunningBot) -> None:
    patient_bot.simulator.faults.latency = 0.2  # slow but within SMS_TIMEOUT
    assert "smsid" in await patient_bot.command("/send 09121234567 slow")
    patient_bot.simulator.faults.latency = 1.0  # beyond it: the request left, no answer came
    assert "outcome unknown" in await patient_bot.command("/send 09121234567 late", timeout=10)
    patient_bot.simulator.faults.latency = 0
    assert "smsid" in await patient_bot.command("/send 09121234567 after")
    texts = [r.fields["text"] for r in patient_bot.gateway_requests("SendSMSWithID")]
    assert texts == ["slow", "late", "after"]


async def _tracking_failed_while_down(bot: RunningBot, smsid: str, down_at: float) -> None:
    """Waits until the tracker has tried this smsid twice since the gateway went down.

    A check made before `down_at` schedules the next one at most delivery_poll_max later; a failed
    check postpones it again from its own time, so a next check further than two caps away comes
    from checks made (and failed) while the gateway was down."""
    cap = bot.settings.delivery_poll_max

    def next_check_at() -> float:
        [(at,)] = bot.rows("SELECT next_check_at FROM messages WHERE smsid = ?", smsid)
        return float(at or 0)

    await bot.telegram.wait_for(lambda: next_check_at() > down_at + 2 * cap, timeout=10)


async def test_gateway_down_then_back(patient_bot: RunningBot) -> None:
    simulator = patient_bot.simulator
    await patient_bot.command("/send 09121234567 tracked")
    smsid = str(simulator.sent[-1].smsid)
    port = urlsplit(simulator.base_url).port
    assert port is not None
    await simulator.stop()  # connection refused from now on
    down_at = time.time()
    reply = await patient_bot.command("/send 09121234567 while down", timeout=10)
    assert "Nothing was sent" in reply
    assert "could not be used" in await patient_bot.command("/balance", timeout=10)
    await _tracking_failed_while_down(patient_bot, smsid, down_at)
    await simulator.start(port=port)
    simulator.force_state(smsid, "5")
    tg = patient_bot.telegram
    await tg.wait_for(
        lambda: any("📬" in m["text"] and smsid in m["text"] for m in tg.messages_in(ADMIN)),
        timeout=10,
    )
    texts = [r.fields["text"] for r in patient_bot.gateway_requests("SendSMSWithID")]
    assert texts == ["tracked"]
