"""Crash safety of schedules: the bot process is killed with SIGKILL at the moment schedules fall
due (every other round exactly while a request is at the gateway), then restarted. No schedule
is sent twice, none is lost: each ends sent (or outcome unknown when the kill came between its
claim and the gateway's answer, never resent)."""

from __future__ import annotations

import asyncio
import functools
import random
import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path

from bot.simulator import Simulator
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN
from tests.test_crash import _environment, _start

ROUNDS = 5
PER_ROUND = 4


def _statuses(database: Path) -> dict[str, str]:
    with sqlite3.connect(database) as conn:
        return {str(t): str(s) for t, s in conn.execute("SELECT text, status FROM messages")}


def _make_due(database: Path, texts: list[str]) -> None:
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "UPDATE messages SET scheduled_at = ? WHERE text = ? AND status = 'scheduled'",
            [(time.time() - 1, text) for text in texts],
        )


def _arrived(simulator: Simulator, texts: list[str]) -> bool:
    return any(request.operation == "SendSMSWithID" and request.fields.get("text") in texts
               for request in simulator.requests)


async def _schedule(telegram: FakeTelegram, text: str) -> None:
    update = telegram.send_text(ADMIN, f"/schedule +1h 09121234567 {text}", language_code="en")
    message_id = update["message"]["message_id"]
    await telegram.wait_for(lambda: any(
        (m.get("reply_to_message") or {}).get("message_id") == message_id
        for m in telegram.messages_in(ADMIN)
    ), timeout=20)


async def test_kill_nine_at_the_due_moment_sends_once_and_loses_nothing(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    database = tmp_path / "bot.db"
    env = _environment(fake_telegram, bot_simulator, database)
    bot_simulator.faults.latency = 0.15  # widen the window in which a request is in flight
    chance = random.Random(13)
    process = await _start(env, tmp_path, fake_telegram)
    claimed_at_kill = []  # per round: rows claimed (SENDING) when the kill landed
    every: list[str] = []
    for round_number in range(ROUNDS):
        texts = [f"due {round_number}.{n}" for n in range(PER_ROUND)]
        for text in texts:
            await _schedule(fake_telegram, text)
        every += texts
        _make_due(database, texts)
        if round_number % 2 == 0:
            # At the send: the first request has reached the gateway, its answer not yet back.
            arrived = functools.partial(_arrived, bot_simulator, texts)
            await fake_telegram.wait_for(arrived, timeout=10)
        else:
            await asyncio.sleep(chance.uniform(0.0, 1.3))  # anywhere around the due-time job
        process.send_signal(signal.SIGKILL)
        await process.wait()
        at_kill = _statuses(database)
        claimed_at_kill.append(sum(at_kill[t] == "sending" for t in texts))
        process = await _start(env, tmp_path, fake_telegram)

    def settled() -> bool:
        statuses = _statuses(database)
        return all(statuses[t] in {"sent", "unknown", "failed"} for t in every)

    await fake_telegram.wait_for(settled, timeout=30)
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), timeout=15)

    # The kills timed at the send landed there: schedules claimed, their answers not stored.
    assert all(claimed_at_kill[::2]), claimed_at_kill
    sent = Counter(message.text for message in bot_simulator.sent)
    assert all(count == 1 for count in sent.values()), sent
    statuses = _statuses(database)
    assert sorted(statuses) == sorted(every)  # one row each: nothing lost, nothing duplicated
    assert {t for t, s in statuses.items() if s == "sent"} <= set(sent)
    assert set(sent) | {t for t, s in statuses.items() if s == "unknown"} == set(every)
