"""The bot over the HTTP link API: sent on code 0, and the reply says it cannot be tracked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.simulator import Simulator
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import RunningBot, bot_settings


@pytest.fixture
async def link_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "b.db", sms_transport="link")
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        yield bot


async def test_link_send_is_untracked(link_bot: RunningBot) -> None:
    reply = await link_bot.command("/send 09121234567 سلام & <b>")
    [request] = link_bot.gateway_requests("link")
    assert request.fields["TO"] == "09121234567"
    assert request.fields["TEXT"] == "سلام & <b>"
    assert request.fields["FROM"] == link_bot.simulator.config.sender
    assert "cannot be tracked" in reply and "link" in reply
    assert "unknown" in link_bot.startup_notices()[0]["text"]  # the link API reports no credit


async def test_link_refusal_and_unsupported_operations(link_bot: RunningBot) -> None:
    link_bot.simulator.faults.answer_next("14")
    assert "daily sending cap" in await link_bot.command("/send 09121234567 hi")
    assert "link" in (await link_bot.command("/balance")).lower()
    reply = await link_bot.command("/schedule +1h 09121234567 later")
    assert "schedule" in reply.lower()


async def test_what_the_link_cannot_do_is_refused_before_anything_is_recorded(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    """With SCHEDULE_MODE=gateway a schedule is the gateway's to keep, which the link API cannot."""
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "g.db", sms_transport="link",
        schedule_mode="gateway",
    )
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        schedule = await bot.command("/schedule +1h 09121234567 later")
        flash = await bot.command("/flash 09121234567 now")
        status = await bot.command("/status 123456789")
        history = await bot.command("/history")

    assert "cannot schedule" in schedule and "web service" in schedule
    assert "cannot send flash" in flash
    assert "does not report delivery" in status
    assert bot.gateway_requests() == []
    assert "No messages match." in history
