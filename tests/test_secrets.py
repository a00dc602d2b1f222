"""A full run at DEBUG: neither the bot token nor the panel password appears anywhere in the output."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest

from bot.redact import RedactingFilter, configure_logging
from bot.simulator import Simulator
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import RunningBot, bot_settings

PASSWORD = "pa$$ w0rd&secret"


@pytest.mark.parametrize("transport", ["soap", "link"])
async def test_debug_run_leaks_no_secret(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path,
    debug_log: io.StringIO, transport: str,
) -> None:
    bot_simulator.config.password = PASSWORD
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "bot.db", sms_password=PASSWORD,
        sms_transport=transport, log_level="DEBUG",
    )
    configure_logging("DEBUG", settings.secrets(), stream=debug_log)
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        await bot.command("/send 09121234567 hello")
        await bot.command("/balance")
        bot_simulator.faults.http_error_next(500)
        await bot.command("/send 09121234567 fails")
    output = debug_log.getvalue()
    assert "sendMessage" in output  # DEBUG really was on: PTB and httpx logged their calls
    assert fake_telegram.token not in output
    assert fake_telegram.token.split(":")[1] not in output
    for form in (PASSWORD, "pa%24%24", "pa$$+w0rd"):
        assert form not in output


def test_filter_masks_tokens_passwords_and_tracebacks() -> None:
    redactor = RedactingFilter(["s3cr3t-value"])
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1,
        "GET https://api.telegram.org/bot123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345/getMe %s",
        ("PASSWORD=hunter2&x=1",), None,
    )
    try:
        raise RuntimeError("s3cr3t-value in <ns0:password>hunter2</ns0:password>")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    redactor.filter(record)
    text = logging.Formatter().format(record)
    for secret in ("s3cr3t-value", "hunter2", "ABCdefGHIjklMNOpqrSTUvwxYZ012345"):
        assert secret not in text
