"""/bulk end to end: the list (message lines, .txt, .csv), the confirmation, the run, its end, and
what survives a restart, over the fake Bot API and the gateway simulator."""

from __future__ import annotations

import csv
import gc
import io
from collections import Counter
from pathlib import Path
from typing import Any

from bot.app import Runtime
from bot.recipients import MAX_FILE_BYTES
from bot.simulator import Simulator
from storage import CampaignStatus, Database, MessageFilter, SendStatus
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings
from tests.fixtures_storage import queued_in

JSON = dict[str, Any]
NUMBERS = [f"0912000{n:04d}" for n in range(1, 13)]


async def _ask(bot: RunningBot, text: str) -> JSON:
    """Send `text` as the admin; the bot's reply to it."""
    update = bot.telegram.send_text(ADMIN, text, language_code="en")
    return await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)


async def _upload(bot: RunningBot, name: str, content: bytes, caption: str | None) -> JSON:
    update = bot.telegram.send_document(ADMIN, name, content, caption=caption)
    return await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)


async def _confirmation(bot: RunningBot, numbers: list[str], text: str = "Hello") -> JSON:
    reply = await _ask(bot, "/bulk\n" + "\n".join(numbers) + "\n\n" + text)
    assert "Campaign #" in reply["text"], reply["text"]
    return reply


def _buttons(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


def _current(bot: RunningBot, message: JSON) -> JSON:
    [now] = [m for m in bot.telegram.messages_in(ADMIN) if m["message_id"] == message["message_id"]]
    return now


def _with(bot: RunningBot, mark: str) -> list[JSON]:
    return [m for m in bot.telegram.messages_in(ADMIN)
            if mark in str(m.get("text", m.get("caption", "")))]


async def _press(bot: RunningBot, message: JSON, data: str, *, check: bool = True) -> str:
    """Press a button; the text the bot answered the press with."""
    query = bot.telegram.press_button(ADMIN, message, data, check=check)["callback_query"]

    def answer() -> JSON | None:
        calls = bot.telegram.calls_to("answerCallbackQuery")
        found = [c for c in calls if c.params.get("callback_query_id") == query["id"]]
        return found[0].params if found and found[0].status == 200 else None

    await bot.telegram.wait_for(lambda: answer() is not None)
    return str((answer() or {}).get("text", ""))


async def _end(bot: RunningBot, mark: str = "🏁") -> JSON:
    """The one message carrying `mark`, once it is there."""
    await bot.telegram.wait_for(lambda: bool(_with(bot, mark)), timeout=15)
    [summary] = _with(bot, mark)
    return summary


async def _rows(bot: RunningBot) -> list[Any]:
    db = await Database.open(bot.settings.database_path)
    try:
        return [r for r in await db.messages.find(MessageFilter(), limit=1000) if r.campaign_id is not None]
    finally:
        await db.close()


async def _campaign_status(bot: RunningBot, campaign_id: int = 1) -> CampaignStatus:
    db = await Database.open(bot.settings.database_path)
    try:
        campaign = await db.campaigns.get(campaign_id)
        assert campaign is not None
        return campaign.status
    finally:
        await db.close()


def _asked(bot: RunningBot, smsid: str) -> int:
    return sum(r.fields.get("smsid") == smsid for r in bot.gateway_requests("smsdeliveryState"))


def _sent_numbers(bot: RunningBot) -> Counter[str]:
    return Counter(message.mobileno for message in bot.simulator.sent)


# --- collecting the list --------------------------------------------------------------------


async def test_lines_form_confirmation_counts_and_stores_a_draft(running_bot: RunningBot) -> None:
    text = "سلام، این یک پیام آزمایشی است که از هفتاد نویسه بلندتر است تا دو بخش شود، خیلی بلند"
    reply = await _ask(
        running_bot,
        f"/bulk\n09121234567\n0912 123 4567\nnot a number\n+98 935 123 4567\n12345\n\n{text}",
    )
    body = reply["text"]
    assert "Campaign #1" in body
    assert "Recipients: 2" in body and "Invalid lines skipped: 2" in body
    assert "Duplicates removed: 1" in body
    assert "line 4: not a number" in body and "line 6: 12345" in body
    assert "2 part(s)" in body and "Unicode" in body
    assert "Credit needed: 4" in body and "Current credit: 10,000" in body
    assert text in body  # the text is shown before anything is sent
    assert _buttons(reply) == ["bulk:send:1", "bulk:schedule:1", "bulk:cancel:1"]
    rows = await _rows(running_bot)
    assert sorted(r.recipient for r in rows) == ["09121234567", "09351234567"]
    assert {r.status for r in rows} == {SendStatus.QUEUED}
    assert await _campaign_status(running_bot) is CampaignStatus.DRAFT
    assert running_bot.gateway_requests("SendSMSWithID") == []


async def test_short_credit_is_flagged(running_bot: RunningBot) -> None:
    running_bot.simulator.credit = 1
    reply = await _confirmation(running_bot, NUMBERS[:3])
    assert "Credit needed: 3" in reply["text"] and "not enough" in reply["text"]


async def test_csv_with_a_header_column_and_caption_text(running_bot: RunningBot) -> None:
    content = (
        "name;mobile;city\nAli;09121234567;Tehran\nSara;۰۹۳۵۱۲۳۴۵۶۷;Shiraz\nBad;0912;Yazd\n"
        "Again;+989121234567;Tabriz\n"
    ).encode()
    reply = await _upload(running_bot, "list.csv", content, "/bulk Hi from a file")
    body = reply["text"]
    assert "Recipients: 2" in body and "Duplicates removed: 1" in body
    assert "line 4: 0912" in body and "Hi from a file" in body
    rows = await _rows(running_bot)
    assert sorted(r.recipient for r in rows) == ["09121234567", "09351234567"]
    assert {r.text for r in rows} == {"Hi from a file"}


async def test_txt_without_text_asks_for_it_and_takes_the_next_message(
    running_bot: RunningBot,
) -> None:
    content = "\ufeff09121234567\r\n\r\n09351234567\r\nfoo\r\n".encode()
    ask = await _upload(running_bot, "numbers.txt", content, None)
    assert "send the text" in ask["text"] and "2 recipient" in ask["text"]
    assert "line 4: foo" in ask["text"]
    assert await _rows(running_bot) == []
    reply = await _ask(running_bot, "The <text> & more")
    assert "Recipients: 2" in reply["text"] and "The <text> & more" in reply["text"]
    assert {r.text for r in await _rows(running_bot)} == {"The <text> & more"}


async def test_lines_without_text_ask_for_it(running_bot: RunningBot) -> None:
    ask = await _ask(running_bot, "/bulk\n09121234567\n09351234567")
    assert "send the text" in ask["text"]
    reply = await _ask(running_bot, "Later text")
    assert "Recipients: 2" in reply["text"]


async def test_bad_input_gets_a_specific_answer_and_the_usage(running_bot: RunningBot) -> None:
    reply = await _ask(running_bot, "/bulk\nabc\n0912\n\nHello")
    assert "No valid numbers" in reply["text"] and "Usage:" in reply["text"]
    assert "line 2: abc" in reply["text"] and "line 3: 0912" in reply["text"]
    reply = await _ask(running_bot, "/bulk")  # bare: how to use it, not a complaint
    assert "sends one text to many numbers" in reply["text"] and "Usage:" in reply["text"]
    assert "No valid numbers" not in reply["text"]
    reply = await _upload(running_bot, "list.xlsx", b"PK\x03\x04", "/bulk Hi")
    assert "could not read this .xlsx" in reply["text"] and "Usage:" in reply["text"]
    reply = await _upload(running_bot, "list.pdf", b"%PDF-1.4", "/bulk Hi")
    assert ".txt, .csv and .xlsx" in reply["text"] and "Usage:" in reply["text"]
    reply = await _upload(running_bot, "big.txt", b"0" * (MAX_FILE_BYTES + 1), "/bulk Hi")
    assert "too big" in reply["text"] and "1,024 KB" in reply["text"]
    reply = await _upload(running_bot, "list.txt", b"09121234567", "/send Hi")
    assert "caption" in reply["text"] and "Usage:" in reply["text"]
    assert await _rows(running_bot) == []


async def test_persian_admin_gets_persian_answers_end_to_end(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "fa.db", bot_language="fa")
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        refused = await _ask(bot, "/bulk\nسلام\n\nمتن")
        assert "هیچ شماره معتبری" in refused["text"] and "نحوه استفاده" in refused["text"]
        assert "خط ۲: سلام" in refused["text"]
        confirmation = await _ask(bot, "/bulk\n09121234567\n۰۹۳۵۱۲۳۴۵۶۷\nبد\n\nسلام <دوستان>")
        assert "گیرندگان: ۲" in confirmation["text"] and "خط ۴: بد" in confirmation["text"]
        assert "سلام <دوستان>" in confirmation["text"]
        assert "شروع شد" in await _press(bot, confirmation, "bulk:send:1")
        summary = await _end(bot)
        assert "تمام شد" in summary["text"] and "ارسال‌شده ۲" in summary["text"]


# --- sending --------------------------------------------------------------------------------


async def test_send_reaches_every_recipient_exactly_once(running_bot: RunningBot) -> None:
    confirmation = await _confirmation(running_bot, [*NUMBERS, NUMBERS[0]], "Campaign text")
    first = await _press(running_bot, confirmation, "bulk:send:1")
    second = await _press(running_bot, confirmation, "bulk:send:1", check=False)
    assert "started" in first and "already" in second
    summary = await _end(running_bot)
    assert "Sent 12 · failed 0 · outcome unknown 0 · not sent 0" in summary["text"]
    assert summary["reply_to_message"]["message_id"] == confirmation["message_id"]
    assert _sent_numbers(running_bot) == Counter(NUMBERS)
    assert {m.text for m in running_bot.simulator.sent} == {"Campaign text"}
    # the confirmation became the progress message: edited, finally without buttons
    progress = _current(running_bot, confirmation)
    assert "finished" in progress["text"] and "100%" in progress["text"]
    assert _buttons(progress) == []
    edits = running_bot.telegram.calls_to("editMessageText")
    assert any("bulk:cancel:1" in str(c.params.get("reply_markup")) for c in edits)
    assert {r.status for r in await _rows(running_bot)} == {SendStatus.SENT}
    assert await _campaign_status(running_bot) is CampaignStatus.FINISHED
    late = await _press(running_bot, confirmation, "bulk:send:1", check=False)
    assert "already finished" in late
    assert len(running_bot.simulator.sent) == len(NUMBERS)


async def test_no_more_sends_at_the_gateway_at_once_than_bulk_concurrency(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    latency = 0.1
    bot_simulator.faults.latency = latency
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "c.db", bulk_concurrency=3)
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        confirmation = await _confirmation(bot, NUMBERS, "Campaign text")
        await _press(bot, confirmation, "bulk:send:1")
        await _end(bot)
    arrivals = sorted(r.received_at for r in bot_simulator.requests if r.operation == "SendSMSWithID")
    assert len(arrivals) == len(NUMBERS)
    # Each send is answered `latency` after it arrived: requests arriving closer together than
    # that were at the gateway at the same time.
    at_once = max(
        sum(1 for other in arrivals if start <= other < start + latency * 0.9) for start in arrivals
    )
    assert at_once == 3


async def test_the_running_bot_keeps_its_runtime_out_of_full_collections(
    running_bot: RunningBot,
) -> None:
    # gc.get_objects() lists every generation but the frozen one.
    assert not [thing for thing in gc.get_objects() if isinstance(thing, Runtime)]


async def test_cancel_before_sending_sends_nothing(running_bot: RunningBot) -> None:
    confirmation = await _confirmation(running_bot, NUMBERS[:3])
    answer = await _press(running_bot, confirmation, "bulk:cancel:1")
    assert "cancelled" in answer
    await running_bot.telegram.wait_for(
        lambda: "cancelled" in _current(running_bot, confirmation)["text"]
    )
    assert _buttons(_current(running_bot, confirmation)) == []
    assert "already cancelled" in await _press(
        running_bot, confirmation, "bulk:send:1", check=False
    )
    assert {r.status for r in await _rows(running_bot)} == {SendStatus.CANCELLED}
    assert running_bot.gateway_requests("SendSMSWithID") == []


async def test_cancel_while_sending_stops_the_rest(running_bot: RunningBot) -> None:
    running_bot.simulator.faults.latency = 0.2
    numbers = [f"0935000{n:04d}" for n in range(40)]
    confirmation = await _confirmation(running_bot, numbers)
    await _press(running_bot, confirmation, "bulk:send:1")
    await running_bot.telegram.wait_for(
        lambda: "bulk:cancel:1" in _buttons(_current(running_bot, confirmation))
        and len(running_bot.simulator.sent) >= 8
    )
    assert "cancelled" in await _press(running_bot, confirmation, "bulk:cancel:1")
    summary = await _end(running_bot, "✖️ Campaign #1 cancelled")
    rows = await _rows(running_bot)
    statuses = Counter(r.status for r in rows)
    assert set(statuses) == {SendStatus.SENT, SendStatus.CANCELLED}
    assert statuses[SendStatus.SENT] == len(running_bot.simulator.sent) < len(numbers)
    assert f"Sent {statuses[SendStatus.SENT]} " in summary["text"]
    assert f"not sent {statuses[SendStatus.CANCELLED]}" in summary["text"]
    assert max(_sent_numbers(running_bot).values()) == 1


async def test_failures_are_summarised_and_attached_as_csv(running_bot: RunningBot) -> None:
    running_bot.simulator.faults.answer_next("-22", times=2, operation="SendSMSWithID")
    confirmation = await _confirmation(running_bot, NUMBERS[:5])
    await _press(running_bot, confirmation, "bulk:send:1")
    summary = await _end(running_bot)
    assert "Sent 3 · failed 2 · outcome unknown 0" in summary["text"]
    assert "the mobile number is not valid: 2" in summary["text"]
    calls = await running_bot.telegram.wait_for_call("sendDocument", count=2)
    [call] = [c for c in calls if "campaign-1-failures.csv" in c.files]
    [(name, content)] = call.files.items()
    assert name == "campaign-1-failures.csv"
    assert content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0] == ["number", "status", "code", "reason"]
    failed = {r.recipient for r in await _rows(running_bot) if r.status is SendStatus.FAILED}
    assert {row[0] for row in table[1:]} == failed and len(failed) == 2
    assert {tuple(row[1:]) for row in table[1:]} == {
        ("failed", "-22", "the mobile number is not valid")
    }


async def test_no_credit_pauses_and_resume_sends_the_rest_and_the_refused_one(
    running_bot: RunningBot,
) -> None:
    # Issue #10 §2: a credit refusal sent nothing and is not the recipient's fault, so that
    # recipient goes back to the queue (it was FAILED and skipped by Resume before).
    running_bot.simulator.faults.answer_next("-19", operation="SendSMSWithID")
    confirmation = await _confirmation(running_bot, NUMBERS[:6])
    await _press(running_bot, confirmation, "bulk:send:1")
    paused = await _end(running_bot, "⏸")
    assert "not enough credit" in paused["text"] and "-19" in paused["text"]
    assert _buttons(paused) == ["bulk:resume:1", "bulk:cancel:1"]
    assert await _campaign_status(running_bot) is CampaignStatus.PAUSED
    await _press(running_bot, paused, "bulk:resume:1")
    summary = await _end(running_bot)
    rows = await _rows(running_bot)
    assert Counter(r.status for r in rows) == {SendStatus.SENT: 6}
    assert "Sent 6 · failed 0" in summary["text"]
    assert _sent_numbers(running_bot) == Counter(NUMBERS[:6])


# --- restarts -------------------------------------------------------------------------------


async def test_restart_in_the_middle_offers_resume_and_loses_or_repeats_none(
    running_bot: RunningBot,
) -> None:
    running_bot.simulator.faults.latency = 0.2
    numbers = [f"0936000{n:04d}" for n in range(40)]
    confirmation = await _confirmation(running_bot, numbers)
    await _press(running_bot, confirmation, "bulk:send:1")
    await running_bot.telegram.wait_for(lambda: len(running_bot.simulator.sent) >= 10)
    await running_bot.stop()
    assert await _campaign_status(running_bot) is CampaignStatus.PAUSED
    before = Counter(r.status for r in await _rows(running_bot))
    assert before[SendStatus.QUEUED] > 0 and before[SendStatus.SENDING] == 0
    running_bot.simulator.faults.latency = 0
    await running_bot.start()
    notice = await _end(running_bot, "interrupted")
    assert _buttons(notice) == ["bulk:resume:1", "bulk:cancel:1"]
    assert f"{before[SendStatus.QUEUED]} not yet sent" in notice["text"]
    await _press(running_bot, notice, "bulk:resume:1")
    await _end(running_bot)
    rows = await _rows(running_bot)
    assert len(rows) == len(numbers)
    assert {r.status for r in rows} <= {SendStatus.SENT, SendStatus.FAILED, SendStatus.UNKNOWN}
    sent = _sent_numbers(running_bot)
    assert max(sent.values()) == 1
    # every number reached the gateway, except the outcome-unknown ones, which were not resent
    assert {r.recipient for r in rows if r.status is SendStatus.SENT} <= set(sent)
    assert set(sent) | {r.recipient for r in rows if r.status is SendStatus.UNKNOWN} == set(numbers)


async def test_crash_leftovers_become_unknown_and_are_not_resent(running_bot: RunningBot) -> None:
    """A process killed mid-campaign leaves it RUNNING with a row SENDING: at start-up that row
    is outcome unknown, the campaign is offered for resuming, and only QUEUED rows are sent."""
    await running_bot.stop()
    db = await Database.open(running_bot.settings.database_path)
    try:
        campaign_id = await db.campaigns.create(
            user_id=ADMIN, chat_id=ADMIN, text="crash", flash=False, parts=1,
            recipients=NUMBERS[:4], invalid=0, duplicates=0, transport="soap", now=1.0,
        )
        assert await db.campaigns.move(
            campaign_id, source=(CampaignStatus.DRAFT,), target=CampaignStatus.RUNNING, now=2.0
        )
        [first, *_] = await queued_in(db, campaign_id, limit=1)
        assert await db.messages.claim(first.id, now=3.0)
    finally:
        await db.close()
    await running_bot.start()
    notice = await _end(running_bot, "interrupted")
    assert "0 sent, 1 outcome unknown, 3 not yet sent" in notice["text"]
    await _press(running_bot, notice, "bulk:resume:1")
    summary = await _end(running_bot)
    assert "Sent 3 · failed 0 · outcome unknown 1" in summary["text"]
    assert sorted(_sent_numbers(running_bot)) == NUMBERS[1:4]


# --- delivery -------------------------------------------------------------------------------


async def test_delivery_is_summarised_once_per_campaign(running_bot: RunningBot) -> None:
    confirmation = await _confirmation(running_bot, NUMBERS[:3])
    await _press(running_bot, confirmation, "bulk:send:1")
    await _end(running_bot)
    smsids = [m.smsid for m in running_bot.simulator.sent]
    assert all(smsids)
    # Each asked twice: the answers to the first questions were acted upon (sweeps do not overlap).
    await running_bot.telegram.wait_for(lambda: all(_asked(running_bot, str(s)) >= 2 for s in smsids))
    assert running_bot.outbox_texts("📬") == []  # not final yet: nothing to say
    for smsid, state in zip(smsids, ["5", "5", "6"], strict=True):
        running_bot.simulator.force_state(str(smsid), state)
    report = await _end(running_bot, "📬")
    assert "delivered 2 · not delivered 1 · expired 0 · no report 0" in report["caption"]
    assert running_bot.telegram.photo_content(report).startswith(b"\x89PNG")  # with its chart
    assert report["reply_to_message"]["message_id"] == confirmation["message_id"]
    await running_bot.handled()
    assert len(running_bot.outbox_texts("📬")) == 1  # one message for the campaign, none per recipient
