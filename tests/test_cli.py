"""The `smsbridge` command as scripts and cron use it: output, exit codes, configuration errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    assert (balance.returncode, balance.stdout) == (0, "10000\n")
    check = smsbridge("check", cwd=tmp_path, SMS_SANDBOX="true")
    assert check.returncode == 0 and "credit: 10000" in check.stdout


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
