"""Admin notifications: start-up notice, low credit once per crossing, account problems hourly,
and sends interrupted by a crash reported as outcome unknown, never resent."""

from __future__ import annotations

import time

from storage import Database, NewMessage, SendStatus
from tests.fixtures_bot import ADMIN, RunningBot


def _texts(bot: RunningBot, marker: str) -> list[str]:
    return [m["text"] for m in bot.telegram.messages_in(ADMIN) if marker in m.get("text", "")]


async def test_startup_notice_names_version_transport_and_credit(running_bot: RunningBot) -> None:
    [notice] = running_bot.startup_notices()
    assert "web service" in notice["text"] and "10,000" in notice["text"]
    commands = running_bot.telegram.calls_to("setMyCommands")[-1].params["commands"]
    assert {c["command"] for c in commands} >= {"send", "flash", "schedule", "balance", "status"}


async def test_low_credit_alert_once_per_crossing(running_bot: RunningBot) -> None:
    running_bot.simulator.credit = 50  # threshold is 100
    await running_bot.command("/balance")
    await running_bot.command("/balance")
    await running_bot.telegram.wait_for(lambda: bool(_texts(running_bot, "Low credit")))
    running_bot.simulator.credit = 500
    await running_bot.command("/balance")
    running_bot.simulator.credit = 20
    await running_bot.command("/balance")
    await running_bot.telegram.wait_for(lambda: len(_texts(running_bot, "Low credit")) == 2)
    await running_bot.handled()  # every alert decided on is in the outbox now
    alerts = running_bot.outbox_texts("Low credit")
    assert len(alerts) == 2 and "50" in alerts[0] and "20" in alerts[1]
    assert len(_texts(running_bot, "Low credit")) == len(alerts)


async def test_account_problem_alerted_at_most_hourly_per_kind(running_bot: RunningBot) -> None:
    running_bot.simulator.faults.answer_next("Hang", times=3)
    for _ in range(3):
        assert "blocked" in await running_bot.command("/send 09121234567 hi")
    await running_bot.telegram.wait_for(lambda: bool(_texts(running_bot, "Account problem")))
    running_bot.simulator.faults.answer_next("-25")
    await running_bot.command("/send 09121234567 hi")
    await running_bot.telegram.wait_for(lambda: len(_texts(running_bot, "Account problem")) == 2)
    await running_bot.handled()  # every alert decided on is in the outbox now
    alerts = running_bot.outbox_texts("Account problem")
    assert len(alerts) == 2 and "blocked" in alerts[0] and "expired" in alerts[1]
    assert len(_texts(running_bot, "Account problem")) == len(alerts)


async def test_send_interrupted_by_a_crash_is_unknown_and_not_resent(running_bot: RunningBot) -> None:
    await running_bot.stop()
    # What a crash between the write-ahead and the gateway's answer leaves behind.
    db = await Database.open(running_bot.settings.database_path)
    message_id = await db.messages.create(
        NewMessage(recipient="09121234567", text="in flight", parts=1, flash=False,
                   scheduled_at=None, user_id=ADMIN, chat_id=ADMIN, command_message_id=None,
                   transport="soap"),
        now=time.time(),
    )
    await db.close()
    await running_bot.start()
    await running_bot.telegram.wait_for(lambda: bool(_texts(running_bot, "were being sent")))
    assert "outcome unknown" in await running_bot.command("/history")
    db = await Database.open(running_bot.settings.database_path)
    record = await db.messages.get(message_id)
    await db.close()
    assert record is not None and record.status is SendStatus.UNKNOWN
    assert running_bot.gateway_requests("SendSMSWithID") == []
