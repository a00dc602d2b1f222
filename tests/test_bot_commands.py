"""Each command end to end: success, every class of failure, and the exact gateway request."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from storage import Database, MessageFilter
from tests.fixtures_bot import RunningBot


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/send", "Give the recipient's number first."),
        ("/send 09121234567", "Give the text after the number."),
        ("/send 021 8888 1234 hi", "not a mobile"),
        ("/send 0912abc hi", "not a phone number"),
        ("/send +44 7911 123456 hi", "not an Iranian number"),
        ("/schedule tomorrow 09121234567 hi", "could not read the time"),
        ("/schedule 2020-01-01 10:00 09121234567 hi", "already passed"),
        ("/schedule +400d 09121234567 hi", "one year ahead"),
        ("/schedule 2026-02-30 10:00 09121234567 hi", "does not exist"),
        ("/status 12ab", "is not a smsid"),
        ("/history 500", "not a count"),
        ("/history 1000", "1000 is not a count between 1 and 50"),
        ("/history 0912123456", "has 10 digits"),
    ],
)
async def test_bad_input_gets_a_specific_answer_and_no_gateway_call(
    running_bot: RunningBot, command: str, expected: str
) -> None:
    before = len(running_bot.gateway_requests())
    reply = await running_bot.command(command)
    assert expected in reply
    assert "Usage:" in reply
    assert len(running_bot.gateway_requests()) == before


async def test_bare_status_answers_how_to_use_it(running_bot: RunningBot) -> None:
    # Nothing was typed, so there is nothing to refuse: no "  is not a smsid" with an empty code.
    before = len(running_bot.gateway_requests())
    reply = await running_bot.command("/status")
    assert reply == "Usage: /status 123456789 (the smsid from a send confirmation)"
    assert len(running_bot.gateway_requests()) == before


async def test_cancel_of_a_campaign_that_does_not_exist_says_so(running_bot: RunningBot) -> None:
    assert await running_bot.command("/cancel C99") == "There is no campaign #99."


async def test_flash_sets_isflash(running_bot: RunningBot) -> None:
    reply = await running_bot.command("/flash ۰۹۱۲۱۲۳۴۵۶۷ سلام دنیا")
    [request] = running_bot.gateway_requests("SendSMSWithID")
    assert request.fields["isflash"] == "true"
    assert request.fields["text"] == "سلام دنیا"
    assert "Flash SMS sent" in reply and "Unicode" in reply


async def test_schedule_sends_unix_time_and_shows_both_calendars(
    gateway_schedule_bot: RunningBot,
) -> None:
    running_bot = gateway_schedule_bot
    reply = await running_bot.command("/schedule +2h 09121234567 later")
    [request] = running_bot.gateway_requests("SendSMSWithTime")
    stamp = int(request.fields["timestamp"])
    expected = datetime.now().timestamp() + 7200
    assert abs(stamp - expected) < 120 and len(request.fields["timestamp"]) == 10
    moment = datetime.fromtimestamp(stamp, running_bot.settings.zone)
    assert moment.strftime("%Y-%m-%d %H:%M") in reply
    assert "(14" in reply  # the Jalali date, year 14xx
    assert "cannot be tracked" in reply


async def test_jalali_schedule_is_converted(gateway_schedule_bot: RunningBot) -> None:
    running_bot = gateway_schedule_bot
    target = datetime.now(running_bot.settings.zone) + timedelta(days=3)
    import jdatetime

    jalali = jdatetime.datetime.fromgregorian(datetime=target)
    await running_bot.command(f"/schedule {jalali.strftime('%Y-%m-%d')} 10:30 09121234567 hi")
    [request] = running_bot.gateway_requests("SendSMSWithTime")
    sent = datetime.fromtimestamp(int(request.fields["timestamp"]), running_bot.settings.zone)
    assert (sent.date(), sent.hour, sent.minute) == (target.date(), 10, 30)


async def test_balance_and_status(running_bot: RunningBot) -> None:
    running_bot.simulator.credit = 4321
    assert "4,321" in await running_bot.command("/balance")
    await running_bot.command("/send 09121234567 hi")
    smsid = running_bot.simulator.sent[-1].smsid
    running_bot.simulator.force_state(str(smsid), "7")
    reply = await running_bot.command(f"/status {smsid}")
    assert "expired" in reply and "09121234567" in reply
    reply = await running_bot.command("/status 111111111")
    assert "not sent from this bot" in reply and "-31" in reply


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("-19", "not enough credit"),
        ("10", "wrong username or password"),
        ("Hang", "account is blocked"),
        ("-22", "mobile number is not valid"),
        ("Strange answer", "undocumented"),
    ],
)
async def test_gateway_refusal_is_explained_and_recorded(
    running_bot: RunningBot, code: str, expected: str
) -> None:
    running_bot.simulator.faults.answer_next(code, operation="SendSMSWithID")
    reply = await running_bot.command("/send 09121234567 hi")
    assert expected in reply and code in reply
    history = await running_bot.command("/history")
    assert "failed" in history


async def test_lost_answer_is_outcome_unknown_and_not_retried(running_bot: RunningBot) -> None:
    running_bot.simulator.faults.close_next(after_processing=True)
    reply = await running_bot.command("/send 09121234567 hi", timeout=10)
    assert "outcome unknown" in reply
    assert len(running_bot.gateway_requests("SendSMSWithID")) == 1
    assert "outcome unknown" in await running_bot.command("/history")


async def test_history_lists_newest_first(running_bot: RunningBot) -> None:
    await running_bot.command("/send 09121234567 one")
    await running_bot.command("/send 09351234567 two")
    reply = await running_bot.command("/history 1")
    assert "09351234567" in reply and "09121234567" not in reply
    reply = await running_bot.command("/history 09121234567")
    assert "09121234567" in reply and "09351234567" not in reply


async def test_redelivered_update_is_not_sent_twice(running_bot: RunningBot) -> None:
    """After a crash Telegram hands out unconfirmed updates again: the same command, same id."""
    tg = running_bot.telegram
    update = tg.send_text(111, "/send 09121234567 once only", language_code="en")
    await running_bot.reply_to(update["message"]["message_id"], chat_id=111)
    tg.push_update({"message": update["message"]})
    await tg.wait_for(lambda: any("already handled" in m["text"] for m in tg.messages_in(111)))
    assert len(running_bot.gateway_requests("SendSMSWithID")) == 1


async def test_two_identical_updates_at_once_make_one_row_and_one_send(
    running_bot: RunningBot,
) -> None:
    """Both copies reach the bot in one batch and are handled concurrently: the database lets one
    of them record the command."""
    tg = running_bot.telegram
    update = tg.send_text(111, "/send 09121234567 twins", language_code="en")
    tg.push_update({"message": update["message"]})
    command = update["message"]["message_id"]

    def replies() -> list[str]:
        return [
            m["text"] for m in tg.messages_in(111)
            if (m.get("reply_to_message") or {}).get("message_id") == command
        ]

    await tg.wait_for(lambda: len(replies()) == 2)
    assert sum("already handled" in reply for reply in replies()) == 1
    assert len(running_bot.gateway_requests("SendSMSWithID")) == 1
    db = await Database.open(running_bot.settings.database_path)
    try:
        rows = await db.messages.find(MessageFilter(recipient="09121234567"), limit=10)
    finally:
        await db.close()
    assert len(rows) == 1


async def test_text_the_wire_cannot_carry_is_refused_before_sending(running_bot: RunningBot) -> None:
    reply = await running_bot.command("/send 09121234567 bell\x07 rings")
    assert "Not sent: the text holds control characters" in reply and "code" not in reply
    assert running_bot.gateway_requests("SendSMSWithID") == []
