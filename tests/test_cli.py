"""The `smsbridge` command as scripts and cron use it: output, exit codes, configuration errors."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.simulator import Simulator
from storage import BlockSource, Database, MessageFilter, SendStatus
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings

SECRET_TOKEN = "987654:AAH-very-secret-token-value-xyz"
SECRET_PASSWORD = "panel-pass-!secret"


def smsbridge(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMS_", "TELEGRAM_", "ADMIN"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=cwd, env={**clean, **env},
        capture_output=True, text=True, timeout=60,
    )


def test_sandbox_one_shots_need_no_credentials(tmp_path: Path) -> None:
    sent = smsbridge("send", "۰۹۱۲ ۱۲۳ ۴۵۶۷", "سلام", cwd=tmp_path, SMS_SANDBOX="true")
    assert sent.returncode == 0, sent.stderr
    assert re.fullmatch(r"\d{9,}\n", sent.stdout)
    balance = smsbridge("balance", cwd=tmp_path, SMS_SANDBOX="true")
    # The sandbox account is kept between one-shots: the send took its part of the credit.
    assert (balance.returncode, balance.stdout) == (0, "9999\n")
    check = smsbridge("check", cwd=tmp_path, SMS_SANDBOX="true")
    assert check.returncode == 0 and "credit: 9999" in check.stdout


def test_one_shots_fail_with_reason_and_exit_code(tmp_path: Path) -> None:
    unknown = smsbridge("status", "123456789", cwd=tmp_path, SMS_SANDBOX="true")
    assert unknown.returncode == 1 and "smsid not found (code -31)" in unknown.stderr
    bad_number = smsbridge("send", "12345", "hi", cwd=tmp_path, SMS_SANDBOX="true")
    assert bad_number.returncode == 2 and "error:" in bad_number.stderr
    unreachable = smsbridge(
        "balance", cwd=tmp_path, SMS_USERNAME="u", SMS_PASSWORD=SECRET_PASSWORD, SMS_SENDER="3000",
        SMS_ENDPOINT="http://127.0.0.1:9/service.asmx", SMS_TIMEOUT="2",
    )
    assert unreachable.returncode == 1 and unreachable.stdout == ""
    assert "Traceback" not in unreachable.stderr and SECRET_PASSWORD not in unreachable.stderr


def test_bad_configuration_one_line_per_problem_no_secret_no_traceback(tmp_path: Path) -> None:
    result = smsbridge(
        "run", cwd=tmp_path, TELEGRAM_BOT_TOKEN=SECRET_TOKEN, ADMIN_IDS="12,abc",
        SMS_PASSWORD=SECRET_PASSWORD, SMS_TIMEOUT="-1", BOT_LANGUAGE="de",
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith("configuration: ") for line in lines), lines
    named = {line.split(":")[1].strip() for line in lines}
    assert {"ADMIN_IDS", "SMS_TIMEOUT", "BOT_LANGUAGE"} <= named
    assert "Traceback" not in result.stderr
    assert SECRET_TOKEN not in result.stderr + result.stdout
    assert SECRET_PASSWORD not in result.stderr + result.stdout


def test_missing_credentials_are_named_one_per_line(tmp_path: Path) -> None:
    result = smsbridge("balance", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"configuration: {name}: required unless SMS_SANDBOX=true"
        for name in ("SMS_USERNAME", "SMS_PASSWORD", "SMS_SENDER")
    ]


@pytest.mark.parametrize("argv", [["simulator", "--port", "0"]])
def test_simulator_command_prints_its_urls(tmp_path: Path, argv: list[str]) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SMS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *argv], cwd=tmp_path, env=clean,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline, seen = time.monotonic() + 30, ""
        while "sendsmslink.aspx" not in seen and time.monotonic() < deadline:
            assert process.stdout is not None
            seen += process.stdout.readline()
        assert re.search(r"http://127\.0\.0\.1:\d+/service\.asmx\?WSDL", seen), seen
        assert "sendsmslink.aspx" in seen
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_send_is_recorded_and_its_status_read_in_a_later_run(tmp_path: Path) -> None:
    sent = smsbridge("send", "0912 123 4567", "7 days left", cwd=tmp_path, SMS_SANDBOX="true")
    assert sent.returncode == 0, sent.stderr
    smsid = sent.stdout.strip()
    status = smsbridge("status", smsid, cwd=tmp_path, SMS_SANDBOX="true")
    assert (status.returncode, status.stdout, status.stderr) == (0, "8\n", "")
    assert (tmp_path / "data" / "smsbridge.sandbox.json").is_file()
    [row] = asyncio.run(_rows(tmp_path / "data" / "smsbridge.db"))
    assert (row.recipient, row.text, row.smsid, row.status) == (
        "09121234567", "7 days left", smsid, SendStatus.SENT
    )
    assert row.next_check_at is not None  # the bot will follow its delivery


async def _rows(database: Path) -> list[Any]:
    db = await Database.open(database)
    try:
        return list(await db.messages.find(MessageFilter(), limit=10))
    finally:
        await db.close()


def test_status_checks_the_smsid_shape_first(tmp_path: Path) -> None:
    for bad in ("12ab", "12345678", "１２３４５６７８９"):
        result = smsbridge("status", bad, cwd=tmp_path, SMS_SANDBOX="true")
        assert result.returncode == 2 and "is not a smsid" in result.stderr, result.stderr
    assert not (tmp_path / "data" / "smsbridge.sandbox.json").exists()  # no gateway was started


def test_link_send_says_it_cannot_be_tracked(tmp_path: Path) -> None:
    sent = smsbridge("send", "09121234567", "hi", cwd=tmp_path, SMS_SANDBOX="true",
                     SMS_TRANSPORT="link")
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout != "0\n" and "cannot be tracked" in sent.stdout


def test_a_mistyped_number_is_refused(tmp_path: Path) -> None:
    result = smsbridge("send", "0912 1234567", "hi", cwd=tmp_path, SMS_SANDBOX="true")
    assert result.returncode == 2 and "error:" in result.stderr
    assert not (tmp_path / "data").exists()


def test_health_never_creates_a_database(tmp_path: Path) -> None:
    result = smsbridge("health", cwd=tmp_path, DATABASE_PATH=str(tmp_path / "db" / "x.db"),
                       SMS_SANDBOX="true")
    assert result.returncode == 1 and "no database" in result.stderr
    assert list(tmp_path.iterdir()) == []


async def _send_beside(simulator: Simulator, database: Path, *argv: str) -> tuple[int, str, str]:
    """`smsbridge send ...` in its own process against `simulator`, not blocking its loop."""
    env = {
        "SMS_USERNAME": simulator.config.username, "SMS_PASSWORD": simulator.config.password,
        "SMS_SENDER": simulator.config.sender, "SMS_ENDPOINT": simulator.soap_url,
        "SMS_TIMEOUT": "3", "DATABASE_PATH": str(database), "DELIVERY_POLL_FIRST": "0.3",
        "DELIVERY_POLL_MAX": "0.6",
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SMS_", "TELEGRAM_", "ADMIN"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "send", *argv, cwd=database.parent,
        env={**clean, **env}, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_an_unanswered_send_is_recorded_as_unknown_and_said_so(
    bot_simulator: Simulator, tmp_path: Path
) -> None:
    bot_simulator.faults.close_next(after_processing=True)
    code, out, err = await _send_beside(bot_simulator, tmp_path / "bot.db", "09121234567", "hi")
    assert (code, out) == (1, "") and "not retried" in err, err
    [row] = await _rows(tmp_path / "bot.db")
    assert row.status is SendStatus.UNKNOWN and len(bot_simulator.sent) == 1


async def test_the_bot_tracks_a_message_sent_from_the_command_line(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db")
    code, out, err = await _send_beside(
        bot_simulator, settings.database_path, "09121234567", "from cron"
    )
    assert code == 0, err
    smsid = out.strip()
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    try:
        bot_simulator.force_state(smsid, "5")
        await fake_telegram.wait_for(lambda: any(
            "📬" in m.get("text", "") and smsid in m.get("text", "")
            for m in fake_telegram.messages_in(ADMIN)), timeout=10)
        history = await bot.command("/history")
        assert "09121234567" in history
    finally:
        await bot.stop()


def test_a_blocked_number_is_refused_before_anything_is_stored(tmp_path: Path) -> None:
    async def block() -> None:
        db = await Database.open(tmp_path / "data" / "smsbridge.db")
        try:
            await db.blocked.add(
                "09121234567", source=BlockSource.ADMIN, reason="asked", smsid=None, now=1.0
            )
        finally:
            await db.close()

    asyncio.run(block())
    sent = smsbridge("send", "09121234567", "Offer", cwd=tmp_path, SMS_SANDBOX="true")
    assert sent.returncode != 0 and sent.stdout == ""
    assert "09121234567 is on the opt-out list" in sent.stderr and "Traceback" not in sent.stderr
    assert asyncio.run(_rows(tmp_path / "data" / "smsbridge.db")) == []
