"""Customer data stays where it belongs: files of numbers and texts only in the admin's private chat,
and logs at every level without phone numbers (masked) or SMS texts, unless LOG_CUSTOMER_DATA=true."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.redact import RedactingFilter, configure_logging
from bot.simulator import Simulator
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings

NUMBER, OTHER = "09121234567", "09351230001"
TEXT = "Secret offer for Ali"
PERSIAN = "پیشنهاد ویژه"
GROUP = -100777


async def _busy_run(bot: RunningBot) -> None:
    """Everything that carries a number or a text: sends, a campaign, history, status, export."""
    await bot.command(f"/send {NUMBER} {TEXT}")
    await bot.command(f"/flash {NUMBER} {PERSIAN}")
    update = bot.telegram.send_text(ADMIN, f"/bulk\n{OTHER}\n0912 123 4567\n\n{TEXT} bulk")
    confirmation = await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)
    bot.telegram.press_button(ADMIN, confirmation, "bulk:send:1")
    await bot.telegram.wait_for(lambda: any(
        "🏁" in m.get("text", "") for m in bot.telegram.messages_in(ADMIN)), timeout=15)
    await bot.command(f"/history {NUMBER}")
    bot.simulator.faults.http_error_next(500)
    await bot.command(f"/send {OTHER} {TEXT} fails")
    update = bot.telegram.send_text(ADMIN, "/export")
    await bot.telegram.wait_for_call("sendDocument", count=1, timeout=10)


def _leaks(output: str) -> list[str]:
    forms = [NUMBER, OTHER, "9121234567", "9351230001", TEXT, "Secret+offer", "Secret%20offer",
             PERSIAN, PERSIAN.encode("unicode_escape").decode()]
    return [form for form in forms if form in output]


@pytest.mark.parametrize("transport", ["soap", "link"])
async def test_debug_run_logs_no_number_and_no_text(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
    debug_log: io.StringIO, transport: str,
) -> None:
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "bot.db", sms_transport=transport,
        log_level="DEBUG",
    )
    configure_logging("DEBUG", settings.secrets(), stream=debug_log)
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    try:
        await _busy_run(bot)
    finally:
        await bot.stop()
    output = debug_log.getvalue()
    assert "sendMessage" in output and "aiosqlite" in output  # DEBUG really was on
    assert "'text': ***" in output  # the texts were there, and were left out
    assert _leaks(output) == []


async def test_log_customer_data_lets_them_in(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
    debug_log: io.StringIO,
) -> None:
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "bot.db", log_level="DEBUG",
        log_customer_data=True,
    )
    configure_logging("DEBUG", settings.secrets(), stream=debug_log, customer_data=True)
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    try:
        await bot.command(f"/send {NUMBER} {TEXT}")
    finally:
        await bot.stop()
    output = debug_log.getvalue()
    assert NUMBER in output and TEXT in output


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("to 09121234567.", "to 0912***4567."),
        ("+989121234567", "0912***4567"),
        ("00989351234567,", "0935***4567,"),
        ("mobileno>989121234567<", "mobileno>0912***4567<"),
        ("smsid 1234567890123", "smsid 1234567890123"),
    ],
)
def test_numbers_are_masked_and_smsids_kept(raw: str, masked: str) -> None:
    assert RedactingFilter().redact(raw) == masked


async def test_export_only_in_the_private_chat(running_bot: RunningBot) -> None:
    await running_bot.command(f"/send {NUMBER} {TEXT}")
    update = running_bot.telegram.send_text(ADMIN, "/export", chat_id=GROUP, chat_type="supergroup")
    reply = await running_bot.reply_to(update["message"]["message_id"], chat_id=GROUP)
    assert "only in my private chat" in reply["text"]
    assert running_bot.telegram.calls_to("sendDocument") == []
    update = running_bot.telegram.send_text(ADMIN, "/export")
    await running_bot.telegram.wait_for_call("sendDocument")


async def test_a_group_campaign_sends_its_failures_file_privately(running_bot: RunningBot) -> None:
    running_bot.simulator.faults.answer_next("-22", operation="SendSMSWithID")
    update = running_bot.telegram.send_text(
        ADMIN, f"/bulk\n{NUMBER}\n{OTHER}\n\nHi", chat_id=GROUP, chat_type="supergroup"
    )
    confirmation = await running_bot.reply_to(update["message"]["message_id"], chat_id=GROUP)
    running_bot.telegram.press_button(ADMIN, confirmation, "bulk:send:1")
    # the failures file and the results file (issue 14): both to the admin's private chat
    calls = await running_bot.telegram.wait_for_call("sendDocument", count=2, timeout=15)
    assert {str(call.params["chat_id"]) for call in calls} == {str(ADMIN)}
    summaries = [m for m in running_bot.telegram.messages_in(GROUP) if "🏁" in m.get("text", "")]
    assert summaries  # the summary itself stays in the group
