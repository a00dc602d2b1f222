"""Issue 14 end to end, over the fake Bot API and the gateway simulator: spreadsheets, personal
texts, contact groups, templates, the opt-out list, and a campaign's results and resend."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl

from storage import Database, MessageFilter
from tests.fixtures_bot import ADMIN, RunningBot
from tests.fixtures_team import press

JSON = dict[str, Any]


async def _ask(bot: RunningBot, text: str) -> JSON:
    update = bot.telegram.send_text(ADMIN, text, language_code="en")
    return await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)


async def _upload(bot: RunningBot, name: str, content: bytes, caption: str) -> JSON:
    update = bot.telegram.send_document(ADMIN, name, content, caption=caption)
    return await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)


async def _press(bot: RunningBot, message: JSON, data: str) -> None:
    """Press a button as the admin and wait for the bot's answer to the press."""
    await press(bot, ADMIN, message, data)


def _buttons(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


def _with(bot: RunningBot, mark: str) -> list[JSON]:
    return [
        m for m in bot.telegram.messages_in(ADMIN)
        if mark in m.get("text", "") or mark in m.get("caption", "")
    ]


async def _finished(bot: RunningBot, campaign_id: int) -> JSON:
    mark = f"Campaign #{campaign_id} finished"
    await bot.telegram.wait_for(lambda: bool(_with(bot, mark)), timeout=15)
    return _with(bot, mark)[0]


async def _document(bot: RunningBot, name: str) -> tuple[JSON, list[list[str]]]:
    """The last document the bot sent under `name`: its call parameters and its CSV rows."""
    def found() -> list[Any]:
        return [c for c in bot.telegram.calls_to("sendDocument") if name in c.files and c.status]

    await bot.telegram.wait_for(lambda: bool(found()), timeout=15)
    call = found()[-1]
    content = call.files[name]
    assert content.startswith(b"\xef\xbb\xbf")
    return call.params, list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _texts_sent(bot: RunningBot) -> dict[str, str]:
    return {message.mobileno: message.text for message in bot.simulator.sent}


def _workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_xlsx_with_persian_fields_sends_each_person_their_own_text(
    running_bot: RunningBot,
) -> None:
    content = _workbook([
        ["نام", "موبایل", "شهر"],
        ["علی", 9121234567, "تهران"],  # an Excel number: its leading 0 is lost
        ["سارا", "09351234567", None],  # no city: the default is used
        ["رضا", "9.12123E+09", "یزد"],  # Excel's scientific notation: refused
        [None, "09361234567", "قم"],  # no name and no default: listed and skipped
    ])
    reply = await _upload(
        running_bot, "list.xlsx", content, "/bulk {نام} عزیز، نوبت شما در {شهر|مطب} است"
    )
    body = reply["text"]
    assert "personal texts" in body and "Recipients: 2" in body, body
    assert "Invalid lines skipped: 1" in body and "line 4: 9.12123E+09" in body
    assert "scientific notation" in body and "Text" in body
    assert "Skipped, a field is missing (1)" in body and "09361234567: نام" in body
    assert "علی عزیز، نوبت شما در تهران است" in body
    assert "سارا عزیز، نوبت شما در مطب است" in body
    assert "Parts per message: 1 to 1" in body and "Credit needed: 2" in body
    await _press(running_bot, reply, "bulk:send:1")
    await _finished(running_bot, 1)
    assert _texts_sent(running_bot) == {
        "09121234567": "علی عزیز، نوبت شما در تهران است",
        "09351234567": "سارا عزیز، نوبت شما در مطب است",
    }
    _, rows = await _document(running_bot, "campaign-1-results.csv")
    assert rows[0] == ["number", "نام", "شهر", "text sent", "smsid", "send state", "delivery state"]
    smsids = {m.mobileno: m.smsid for m in running_bot.simulator.sent}
    assert rows[1:] == [
        ["09121234567", "علی", "تهران", "علی عزیز، نوبت شما در تهران است",
         str(smsids["09121234567"]), "sent", "waiting for report"],
        ["09351234567", "سارا", "", "سارا عزیز، نوبت شما در مطب است",
         str(smsids["09351234567"]), "sent", "waiting for report"],
    ]
    db = await Database.open(running_bot.settings.database_path)
    try:
        stored = {r.recipient: r.text for r in await db.messages.find(MessageFilter(), limit=10)}
    finally:
        await db.close()
    assert stored == _texts_sent(running_bot)  # each row keeps its own text (history, export)


async def test_a_group_campaign_uses_the_contacts_fields(running_bot: RunningBot) -> None:
    content = b"mobile,name,day\n09121234567,Ali,Monday\n09351234567,Sara,\n"
    imported = await _upload(running_bot, "clinic.csv", content, "/contacts import clinic")
    assert "Group clinic: 2 added, 0 updated" in imported["text"]
    again = await _upload(
        running_bot, "more.csv", b"phone,day\n09351234567,Friday\n09151234567,Sunday\n",
        "/contacts import Clinic",
    )
    assert "1 added, 1 updated" in again["text"]
    listing = await _ask(running_bot, "/contacts")
    assert "clinic: 3" in listing["text"]
    await _ask(running_bot, "/contacts clinic")
    params, rows = await _document(running_bot, "contacts-clinic.csv")
    assert "3 contact(s)" in params["caption"]
    assert rows == [
        ["number", "name", "day"],
        ["09121234567", "Ali", "Monday"],
        ["09351234567", "Sara", "Friday"],
        ["09151234567", "", "Sunday"],
    ]
    reply = await _ask(running_bot, "/bulk @clinic\nDear {name}, see you on {day}")
    assert "Recipients: 2" in reply["text"] and "09151234567: name" in reply["text"]
    await _press(running_bot, reply, "bulk:send:1")
    await _finished(running_bot, 1)
    assert _texts_sent(running_bot) == {
        "09121234567": "Dear Ali, see you on Monday",
        "09351234567": "Dear Sara, see you on Friday",
    }
    unknown = await _ask(running_bot, "/bulk @nobody Hello")
    assert "no contact group nobody" in unknown["text"]


async def test_a_bare_at_sign_shows_how_to_name_a_group(running_bot: RunningBot) -> None:
    reply = await _ask(running_bot, "/bulk @")
    assert reply["text"] == "Usage: /bulk @group Dear {name}, …"  # no "no contact group ;"


async def test_remove_and_drop_with_a_confirmation(running_bot: RunningBot) -> None:
    await _upload(running_bot, "a.txt", b"09121234567\n09351234567\n", "/contacts import shop")
    removed = await _ask(running_bot, "/contacts remove 0912 123 4567")
    assert "09121234567 was taken out of 1 group" in removed["text"]
    ask = await _ask(running_bot, "/contacts drop shop")
    assert "Delete the group shop and its 1 contact" in ask["text"]
    [drop, keep] = _buttons(ask)
    assert drop.startswith("contacts:drop:") and keep.startswith("contacts:keep:")
    assert "shop: 1" in (await _ask(running_bot, "/contacts"))["text"]  # not yet
    await _press(running_bot, ask, drop)
    await running_bot.telegram.wait_for(lambda: bool(_with(running_bot, "Group shop deleted")))
    assert "No contact groups yet" in (await _ask(running_bot, "/contacts"))["text"]


async def test_templates_in_send_schedule_and_bulk(running_bot: RunningBot) -> None:
    saved = await _ask(running_bot, "/template save remind Hello {name|friend}, your turn is near")
    assert "#remind saved" in saved["text"]
    listing = await _ask(running_bot, "/template list")
    assert "#remind" in listing["text"] and "your turn is near" in listing["text"]
    sent = await _ask(running_bot, "/send 09121234567 #remind")
    assert "Sent" in sent["text"], sent["text"]
    assert running_bot.simulator.sent[-1].text == "Hello friend, your turn is near"
    await _ask(running_bot, "/schedule +30m 09351234567 #remind")  # held by the bot till then
    db = await Database.open(running_bot.settings.database_path)
    try:
        [held] = await db.messages.find(MessageFilter(recipient="09351234567"), limit=10)
    finally:
        await db.close()
    assert held.text == "Hello friend, your turn is near"
    content = b"number,name\n09151234567,Reza\n"
    reply = await _upload(running_bot, "x.csv", content, "/bulk #remind")
    assert "Hello Reza, your turn is near" in reply["text"]
    missing = await _ask(running_bot, "/send 09121234567 #nothing")
    assert "no template #nothing" in missing["text"]
    await _ask(running_bot, "/template save strict Dear {name}")
    refused = await _ask(running_bot, "/send 09121234567 #strict")
    assert "needs fields" in refused["text"] and "name" in refused["text"]
    deleted = await _ask(running_bot, "/template delete remind")
    assert "deleted" in deleted["text"]
    assert len(running_bot.simulator.sent) == 1


async def test_state_4_blocks_the_number_and_send_is_refused(running_bot: RunningBot) -> None:
    sent = await _ask(running_bot, "/send 09121234567 Big sale today")
    [message] = running_bot.simulator.sent
    running_bot.simulator.force_state(str(message.smsid), "4")
    await running_bot.telegram.wait_for(lambda: bool(_with(running_bot, "📬")), timeout=10)
    assert sent["text"].startswith("✅")
    refused = await _ask(running_bot, "/send +98 912 123 4567 Another sale")
    assert "opt-out list" in refused["text"] and "blocks promotional messages" in refused["text"]
    assert "/unblock 09121234567" in refused["text"]
    assert len(running_bot.simulator.sent) == 1
    count = await _ask(running_bot, "/blocked")
    assert "1 blocked number" in count["text"]
    _, rows = await _document(running_bot, "blocked.csv")
    assert rows[1][:3] == ["09121234567", "blocks promotional messages (delivery state 4)",
                           str(message.smsid)]
    assert "no longer blocked" in (await _ask(running_bot, "/unblock 09121234567"))["text"]
    assert (await _ask(running_bot, "/send 09121234567 Now allowed"))["text"].startswith("✅")


async def test_a_campaign_skips_blocked_numbers(running_bot: RunningBot) -> None:
    blocked = await _ask(running_bot, "/block 0935 123 4567 asked us to stop")
    assert "09351234567 is blocked" in blocked["text"]
    schedule = await _ask(running_bot, "/schedule +1h 09351234567 Hi")
    assert "asked us to stop" in schedule["text"] and "/unblock" in schedule["text"]
    reply = await _ask(running_bot, "/bulk\n09121234567\n09351234567\n09151234567\n\nHello all")
    assert "Recipients: 2" in reply["text"] and "Blocked numbers skipped: 1" in reply["text"]
    await _press(running_bot, reply, "bulk:send:1")
    await _finished(running_bot, 1)
    assert set(_texts_sent(running_bot)) == {"09121234567", "09151234567"}


async def test_resend_offers_only_failures_that_are_not_the_recipients_own(
    running_bot: RunningBot,
) -> None:
    numbers = ["09121234561", "09121234562", "09121234563", "09121234564"]
    running_bot.simulator.faults.answer_next("-22", operation="SendSMSWithID")  # invalid number
    reply = await _ask(running_bot, "/bulk\n" + "\n".join(numbers) + "\n\nOffer {code|A1}")
    await _press(running_bot, reply, "bulk:send:1")
    await _finished(running_bot, 1)
    params, rows = await _document(running_bot, "campaign-1-results.csv")
    assert rows[0] == ["number", "text sent", "smsid", "send state", "delivery state"]
    assert sorted(row[3] for row in rows[1:]) == ["failed", "sent", "sent", "sent"]
    assert "reply_markup" not in params  # an invalid number is the recipient's own failure
    sent = {m.mobileno: str(m.smsid) for m in running_bot.simulator.sent}
    [invalid] = set(numbers) - set(sent)
    undelivered, opted_out, delivered = sorted(sent)
    for number, state in ((undelivered, "6"), (opted_out, "4"), (delivered, "5")):
        running_bot.simulator.force_state(sent[number], state)
    await running_bot.telegram.wait_for(lambda: bool(_with(running_bot, "📬")), timeout=10)
    [report] = _with(running_bot, "📬")
    assert _buttons(report) == ["results:file:1", "results:resend:1"]
    assert "Resend to the 1 failed" in str(report["reply_markup"])
    await _press(running_bot, report, "results:file:1")
    await running_bot.telegram.wait_for(
        lambda: len(running_bot.telegram.calls_to("sendDocument")) >= 3  # failures, results x2
    )
    _, rows = await _document(running_bot, "campaign-1-results.csv")
    delivery = {row[0]: row[4] for row in rows[1:]}
    assert delivery == {
        invalid: "", undelivered: "not delivered", opted_out: "not delivered",
        delivered: "delivered",
    }
    before = len(running_bot.simulator.sent)
    await _press(running_bot, report, "results:resend:1")
    await running_bot.telegram.wait_for(lambda: bool(_with(running_bot, "Campaign #2")))
    [confirmation] = _with(running_bot, "Campaign #2")
    assert "Recipients: 1" in confirmation["text"]
    await _press(running_bot, confirmation, "bulk:send:2")
    await _finished(running_bot, 2)
    assert [m.mobileno for m in running_bot.simulator.sent[before:]] == [undelivered]
    assert running_bot.simulator.sent[-1].text == "Offer A1"


async def test_a_bare_bulk_offers_the_groups_as_buttons(running_bot: RunningBot) -> None:
    plain = await _ask(running_bot, "/bulk")
    assert "sends one text to many numbers" in plain["text"]  # no groups yet: the usage
    content = b"phone,name\n09121234567,Ali\n09351234567,Sara\n"
    await _upload(running_bot, "team.csv", content, "/contacts import team")
    offer = await _ask(running_bot, "/bulk")
    assert "Which contact group?" in offer["text"]
    [choice] = _buttons(offer)
    assert choice.startswith("audience:group:")
    assert offer["reply_markup"]["inline_keyboard"][0][0]["text"] == "team (2)"
    await _press(running_bot, offer, choice)
    await running_bot.telegram.wait_for(lambda: bool(_with(running_bot, "Now send the text")))
    reply = await _ask(running_bot, "Hi {name}")
    assert "Recipients: 2" in reply["text"] and "Hi Sara" in reply["text"]
    await _press(running_bot, reply, "bulk:send:1")
    await _finished(running_bot, 1)
    assert _texts_sent(running_bot) == {"09121234567": "Hi Ali", "09351234567": "Hi Sara"}
