"""A team, end to end over the fake Bot API: who may do what (each role against each command
and button), approvals (two admins pressing at once), daily quotas, the audit trail of a day's
work, and a group with an owner, an operator and a stranger."""

from __future__ import annotations

import csv
import io

from tests.fixtures_bot import STRANGER, RunningBot
from tests.fixtures_team import (
    ADMIN_A,
    ADMIN_B,
    GROUP,
    JSON,
    NAMES,
    OPERATOR,
    OPERATOR_B,
    OWNER,
    REFUSED,
    VIEWER,
    answer_to,
    ask,
    audit_rows,
    buttons,
    db_count,
    gateway_sends,
    give_roles,
    message_rows,
    press,
    said,
    team_of_four,
    words,
)

# --- who may do what -------------------------------------------------------------------------

# command, what an allowed reply holds, the lowest role allowed
COMMAND_TABLE: list[tuple[str, str, str]] = [
    ("/help", "smsbridge", "viewer"),
    ("/balance", "Credit", "viewer"),
    ("/status 123456789", "smsid", "viewer"),
    ("/history", "message", "viewer"),
    ("/stats", "Today", "viewer"),
    ("/send 09121234567 hello", "09121234567", "operator"),
    ("/flash 09121234567 hello", "Flash SMS sent", "operator"),
    ("/schedule +30m 09121234567 hello", "Scheduled", "operator"),
    ("/bulk\n09121234567\n09121234568\n\nhello", "Campaign #", "operator"),
    ("/export", "Messages of the last", "admin"),
    ("/users", "Team", "admin"),
    ("/audit", "Audit", "admin"),
]
# The address book (issue 14), in this order, after the owner imported the group "shop": viewers
# read, operators send to groups, use templates and block a number, admins change the rest.
ADDRESS_BOOK_TABLE: list[tuple[str, str, str]] = [
    ("/contacts", "shop: 2", "viewer"),
    ("/template list", "No templates", "viewer"),
    ("/template save greet Hello {name|friend}", "#greet", "admin"),
    ("/template", "#greet", "viewer"),
    ("/send 09121234567 #greet", "09121234567", "operator"),
    ("/bulk @shop Hi {name|there}", "Hi Ali", "operator"),
    ("/contacts shop", "Group shop: 2 contact(s)", "admin"),
    ("/block 09121234599 asked to stop", "09121234599", "operator"),
    ("/blocked", "1 blocked number", "operator"),
    ("/unblock 09121234599", "09121234599", "admin"),
    ("/contacts remove 09121234501", "group(s)", "admin"),
    ("/contacts import shop", "Send the file", "admin"),
    ("/contacts drop shop", "Delete the group", "admin"),
    ("/template delete greet", "#greet", "admin"),
]
RANKS = {"viewer": 1, "operator": 2, "admin": 3, "owner": 4}
PEOPLE = [(VIEWER, "viewer"), (OPERATOR, "operator"), (ADMIN_A, "admin"), (OWNER, "owner")]


def _footprint(bot: RunningBot) -> tuple[int, ...]:
    """What a refused command must leave as it was: sends, rows, audit, the address book."""
    tables = ("messages", "audit", "templates", "blocked", "contacts", "contact_groups")
    return gateway_sends(bot), *(db_count(bot, f"SELECT COUNT(*) FROM {name}") for name in tables)


async def _each_role_against(bot: RunningBot, table: list[tuple[str, str, str]]) -> None:
    for command, allowed_mark, lowest in table:
        for user, role in PEOPLE:
            before = _footprint(bot)
            reply = words(await ask(bot, user, command))
            if RANKS[role] >= RANKS[lowest]:
                assert allowed_mark in reply, (command, role, reply)
                continue
            assert REFUSED in reply and f"needs {lowest}" in reply, (command, role, reply)
            assert _footprint(bot) == before, (command, role)


async def test_each_role_against_each_command(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    await _each_role_against(bot, COMMAND_TABLE)


async def test_each_role_against_each_address_book_command(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    content = b"phone,name\n09121234501,Ali\n09121234502,Sara\n"
    update = bot.telegram.send_document(OWNER, "shop.csv", content, caption="/contacts import shop")
    imported = await bot.reply_to(update["message"]["message_id"], chat_id=OWNER)
    assert "2 added" in imported["text"]
    await _each_role_against(bot, ADDRESS_BOOK_TABLE)
    # the template was used by operator, admin and owner, then deleted; the block was lifted;
    # Sara is left in the group (/contacts drop only asks: its buttons are tested apart)
    assert [m.text for m in bot.simulator.sent] == ["Hello friend"] * 3
    assert _footprint(bot)[3:] == (0, 0, 1, 1)


async def test_a_viewer_presses_no_campaign_button_and_an_operator_not_anothers(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    await team_of_four(bot)
    confirmation = await ask(bot, OWNER, "/bulk\n09121234567\n\nhello")
    campaign_buttons = buttons(confirmation)
    # pressed where the others see it (forwarded, or in a group): data as on the message
    for user, expected in ((VIEWER, REFUSED), (OPERATOR, "another member")):
        for data in campaign_buttons:
            assert expected in await press(bot, user, confirmation, data)
    await bot.stop()  # PTB's stop drains every handler; a run started by mistake has ended
    assert bot.gateway_requests("SendSMSWithID") == []
    assert db_count(bot, "SELECT COUNT(*) FROM campaigns WHERE status = 'draft'") == 1
    assert db_count(bot, "SELECT COUNT(*) FROM campaigns WHERE started_at IS NOT NULL") == 0


async def test_a_stranger_is_still_a_stranger_and_nothing_is_stored(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    await team_of_four(bot)
    reply = await ask(bot, STRANGER, "/users")
    assert "private" in reply["text"] and str(STRANGER) in reply["text"]
    assert db_count(bot, f"SELECT COUNT(*) FROM team_names WHERE user_id = {STRANGER}") == 0
    removed = await ask(bot, OWNER, f"/users remove {VIEWER}")
    assert "no longer has a role" in removed["text"]
    again = await ask(bot, OWNER, f"/users add {OWNER} viewer")
    assert "is an owner" in again["text"]
    update = bot.telegram.send_text(VIEWER, "/balance", first_name=NAMES[VIEWER])
    await bot.handled(update)
    assert said(bot, VIEWER, "Credit") == []


async def test_users_lists_names_roles_quotas_and_last_actions(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    await ask(bot, OWNER, f"/users quota {OPERATOR} 50")
    await ask(bot, OPERATOR, "/send 09121234567 hello")
    listing = (await ask(bot, ADMIN_A, "/users"))["text"]
    lines = {line.split(" · ")[0]: line for line in listing.splitlines()[1:]}
    assert "Olga Owner" in lines[str(OWNER)]
    assert "owner" in lines[str(OWNER)]
    operator = lines[str(OPERATOR)]
    assert "Omid Operator" in operator and "operator" in operator
    assert "50 part(s) a day" in operator and "last: send" in operator
    assert "no action yet" in lines[str(VIEWER)]


async def test_an_operators_history_is_their_own(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    await ask(bot, OWNER, "/send 09121111111 from the owner")
    await ask(bot, OPERATOR, "/send 09122222222 from the operator")
    mine = (await ask(bot, OPERATOR, "/history"))["text"]
    assert "09122222222" in mine and "09121111111" not in mine
    everything = (await ask(bot, VIEWER, "/history"))["text"]
    assert "09122222222" in everything and "09121111111" in everything


# --- approvals -------------------------------------------------------------------------------


async def _ask_approval(bot: RunningBot, numbers: int) -> JSON:
    listing = "\n".join(f"091200000{n:02d}" for n in range(1, numbers + 1))
    confirmation = await ask(bot, OPERATOR, f"/bulk\n{listing}\n\nHello team")
    assert "Sent for approval" in await press(bot, OPERATOR, confirmation, "bulk:send:1")
    return confirmation


def _request(bot: RunningBot, user: int) -> JSON:
    [request] = said(bot, user, "asks to send campaign #1")
    return request


async def test_two_admins_approve_at_once_and_one_decision_wins(approving_bot: RunningBot) -> None:
    bot = approving_bot
    await team_of_four(bot)
    confirmation = await _ask_approval(bot, 3)
    await bot.telegram.wait_for(lambda: all(said(bot, u, "campaign #1") for u in
                                            (OWNER, ADMIN_A, ADMIN_B)))
    request_a, request_b = _request(bot, ADMIN_A), _request(bot, ADMIN_B)
    assert "Omid Operator" in request_a["text"] and "Recipients: 3" in request_a["text"]
    assert "Hello team" in request_a["text"]
    assert buttons(request_a) == ["approval:yes:1", "approval:no:1"]
    await bot.telegram.wait_for(lambda: bool(said(bot, OPERATOR, "needs an approval")))
    # Send is gone from the operator's confirmation, Cancel stays
    await bot.telegram.wait_for(
        lambda: buttons(said(bot, OPERATOR, "Campaign #1")[0]) == ["bulk:cancel:1"]
    )
    assert bot.gateway_requests("SendSMSWithID") == []  # nothing before Approve
    # a second Send (forged: the button is gone) still sends nothing
    again = bot.telegram.press_button(OPERATOR, confirmation, "bulk:send:1", check=False)
    assert "waits for approval" in await answer_to(bot, again["callback_query"]["id"])

    first = bot.telegram.press_button(ADMIN_A, request_a, "approval:yes:1")
    second = bot.telegram.press_button(ADMIN_B, request_b, "approval:yes:1")
    answers = [await answer_to(bot, u["callback_query"]["id"]) for u in (first, second)]
    assert all("approved by" in answer for answer in answers)
    [winner] = {answer.rsplit("by ", 1)[1].rstrip(".") for answer in answers}
    assert winner in (NAMES[ADMIN_A], NAMES[ADMIN_B])
    await bot.telegram.wait_for(lambda: len(bot.simulator.sent) == 3, timeout=10)
    await bot.telegram.wait_for(lambda: bool(said(bot, OPERATOR, "🏁")), timeout=10)
    # an approved campaign's end sends its results file to its author, as any campaign's does
    await bot.telegram.wait_for(lambda: any(
        "campaign-1-results.csv" in call.files and int(call.params["chat_id"]) == OPERATOR
        for call in bot.telegram.calls_to("sendDocument")
    ))
    approvers = (OWNER, ADMIN_A, ADMIN_B)  # every request says who decided, without buttons
    await bot.telegram.wait_for(
        lambda: all(said(bot, user, f"approved by {winner}") for user in approvers)
    )
    for user in approvers:
        assert not buttons(said(bot, user, "approved by")[0])
    told = said(bot, OPERATOR, f"approved by {winner}")
    assert told and told[0]["reply_to_message"]["message_id"] == confirmation["message_id"]
    decisions = [row for row in audit_rows(bot) if row[1].startswith("approval.approved")]
    assert len(decisions) == 1 and decisions[0][3:] == (3, 3)
    assert len(bot.gateway_requests("SendSMSWithID")) == 3  # sent once


async def test_a_rejected_campaign_sends_nothing(approving_bot: RunningBot) -> None:
    bot = approving_bot
    await team_of_four(bot)
    await _ask_approval(bot, 3)
    await bot.telegram.wait_for(lambda: bool(said(bot, OWNER, "asks to send")))
    assert "rejected by Olga Owner" in await press(bot, OWNER, _request(bot, OWNER),
                                                    "approval:no:1")
    await bot.telegram.wait_for(lambda: bool(said(bot, OPERATOR, "rejected by Olga Owner")))
    await bot.telegram.wait_for(lambda: bool(said(bot, ADMIN_A, "rejected by Olga Owner")))
    [request] = said(bot, ADMIN_A, "rejected by Olga Owner")
    assert not buttons(request)
    late = bot.telegram.press_button(ADMIN_A, request, "approval:yes:1", check=False)
    assert "rejected by Olga Owner" in await answer_to(bot, late["callback_query"]["id"])
    await bot.stop()  # PTB's stop drains every handler; a run started by mistake has ended
    assert bot.gateway_requests("SendSMSWithID") == []
    assert db_count(bot, "SELECT COUNT(*) FROM campaigns WHERE started_at IS NOT NULL") == 0


async def test_a_small_campaign_and_an_admins_need_no_approval(approving_bot: RunningBot) -> None:
    bot = approving_bot
    await team_of_four(bot)
    small = await ask(bot, OPERATOR, "/bulk\n09120000001\n09120000002\n\nHi")
    assert "started" in await press(bot, OPERATOR, small, "bulk:send:1")
    large = await ask(bot, ADMIN_A, "/bulk\n09120000011\n09120000012\n09120000013\n\nHi")
    assert "started" in await press(bot, ADMIN_A, large, "bulk:send:2")
    await bot.telegram.wait_for(lambda: len(bot.simulator.sent) == 5, timeout=10)
    assert db_count(bot, "SELECT COUNT(*) FROM approvals") == 0


# --- quotas ----------------------------------------------------------------------------------


async def test_a_quota_crossed_is_refused_before_the_gateway(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    assert "3 part(s)" in (await ask(bot, OWNER, f"/users quota {OPERATOR} 3"))["text"]
    for n in (1, 2):
        assert "✅" in (await ask(bot, OPERATOR, f"/send 0912123456{n} hi"))["text"]
    requests, rows = gateway_sends(bot), message_rows(bot)
    two_parts = "x" * 200
    refused = (await ask(bot, OPERATOR, f"/send 09121234563 {two_parts}"))["text"]
    assert "Over the daily quota" in refused and "1 of 3 are left today" in refused
    assert gateway_sends(bot) == requests and message_rows(bot) == rows
    campaign = await ask(bot, OPERATOR, "/bulk\n09121234564\n09121234565\n\nhi")
    answer = await press(bot, OPERATOR, campaign, "bulk:send:1")
    assert "Over the daily quota" in answer and "needs 2 part(s), 1 of 3" in answer
    assert len(bot.gateway_requests("SendSMSWithID")) == 2
    assert db_count(bot, "SELECT COUNT(*) FROM campaigns WHERE status = 'draft'") == 1
    # the owner has no quota; 0 removes the operator's
    assert "✅" in (await ask(bot, OWNER, f"/send 09121234566 {two_parts}"))["text"]
    await ask(bot, OWNER, f"/users quota {OPERATOR} 0")
    assert "✅" in (await ask(bot, OPERATOR, f"/send 09121234567 {two_parts}"))["text"]


# --- the audit trail -------------------------------------------------------------------------


async def test_the_audit_rows_of_a_days_work(running_bot: RunningBot) -> None:
    bot = running_bot
    await give_roles(bot, operator=OPERATOR)
    await ask(bot, OWNER, f"/users quota {OPERATOR} 100")
    await ask(bot, OPERATOR, "/send 09121234567 hello")
    await ask(bot, OPERATOR, "/schedule +1h 09121234568 later")
    first = await ask(bot, OPERATOR, "/bulk\n09121234501\n09121234502\n\nhello all")
    await press(bot, OPERATOR, first, "bulk:send:1")
    await bot.telegram.wait_for(lambda: bool(said(bot, OPERATOR, "🏁")), timeout=10)
    second = await ask(bot, OPERATOR, "/bulk\n09121234503\n\nnever mind")
    await press(bot, OPERATOR, second, "bulk:cancel:2")
    await ask(bot, OWNER, f"/users role {OPERATOR} viewer")
    assert audit_rows(bot) == [
        (OWNER, "user.add", f"{OPERATOR} operator", 0, 0),
        (OWNER, "user.quota", f"{OPERATOR} 100", 0, 0),
        (OPERATOR, "send", "09121234567", 1, 1),
        (OPERATOR, "schedule", "09121234568", 1, 1),
        (OPERATOR, "campaign.send", "#1", 2, 2),
        (OPERATOR, "campaign.cancel", "#2", 1, 1),
        (OWNER, "user.role", f"{OPERATOR} viewer", 0, 0),
    ]
    update = bot.telegram.send_text(OWNER, f"/audit 10 {OPERATOR}", language_code="en")
    await bot.telegram.wait_for(lambda: bool(bot.telegram.calls_to("sendDocument")))
    listing = await bot.reply_to(update["message"]["message_id"], chat_id=OWNER)
    assert "last 4" in listing["text"] and "campaign started #1" in listing["text"]
    # campaign #1's end sent its results file (issue 14) before: the audit file is picked by name
    [document] = [call for call in await bot.telegram.wait_for_call("sendDocument", count=2)
                  if any(name.startswith("smsbridge-audit-") for name in call.files)]
    assert document.params.get("caption", "").startswith("Audit trail: 4")
    [(name, content)] = document.files.items()
    assert name.endswith(".csv")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[0][2:] == ["user", "action", "detail", "recipients", "parts"]
    assert [row[3:] for row in table[1:]] == [
        ["send", "09121234567", "1", "1"], ["schedule", "09121234568", "1", "1"],
        ["campaign.send", "#1", "2", "2"], ["campaign.cancel", "#2", "1", "1"],
    ]
    # in a group: the list, never the file
    in_group = await ask(bot, OWNER, "/audit", chat_id=GROUP)
    assert "last 7" in in_group["text"] and "private chat only" in in_group["text"]
    assert len(bot.telegram.calls_to("sendDocument")) == 2  # the results file and the audit file


# --- a group ---------------------------------------------------------------------------------


async def test_a_group_with_an_owner_an_operator_and_a_stranger(running_bot: RunningBot) -> None:
    bot = running_bot
    await give_roles(bot, operator=OPERATOR)
    sent = await ask(bot, OPERATOR, "/send 09121234567 from the group", chat_id=GROUP)
    assert "✅" in sent["text"] and sent["chat"]["id"] == GROUP
    # a stranger in the group: ignored in silence, nothing sent or stored
    requests, rows = len(bot.gateway_requests("SendSMSWithID")), message_rows(bot)
    bot.telegram.send_text(STRANGER, "/send 09121234568 spam", chat_id=GROUP, chat_type="group")
    bot.telegram.send_text(STRANGER, "/balance", chat_id=GROUP, chat_type="group")
    # multi-step state is per user: the owner's plain text is not the operator's /bulk text
    asked = await ask(bot, OPERATOR, "/bulk\n09121234501\n09121234502", chat_id=GROUP)
    assert "Now send the text" in asked["text"]
    bot.telegram.send_text(OWNER, "good morning all", chat_id=GROUP, chat_type="group")
    owner_export = await ask(bot, OWNER, "/export", chat_id=GROUP)
    assert "only in my private chat" in owner_export["text"]
    confirmation = await ask(bot, OPERATOR, "the campaign text", chat_id=GROUP)
    assert "Campaign #1" in confirmation["text"] and "the campaign text" in confirmation["text"]
    assert not [m for m in bot.telegram.messages_in(GROUP) if "good morning" in words(m)]
    assert len(bot.gateway_requests("SendSMSWithID")) == requests
    assert message_rows(bot) == rows + 2  # the draft campaign's rows only
    assert [m for m in bot.telegram.messages_in(GROUP)
            if m.get("reply_to_message", {}).get("from", {}).get("id") == STRANGER] == []
    # the delivery report stays in the group, under the confirmation
    smsid = bot.simulator.sent[0].smsid
    assert smsid is not None
    bot.simulator.force_state(smsid, "5")
    await bot.telegram.wait_for(lambda: bool(said(bot, GROUP, "📬")), timeout=10)
    [report] = said(bot, GROUP, "📬")
    assert report["reply_to_message"]["message_id"] == sent["message_id"]
    assert bot.telegram.calls_to("sendDocument") == []  # no customer file in the group


async def test_a_group_campaigns_failures_file_goes_to_its_author_in_private(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    await give_roles(bot, operator=OPERATOR)
    bot.simulator.faults.answer_next("-22", times=1, operation="SendSMSWithID")
    confirmation = await ask(bot, OPERATOR, "/bulk\n09121234501\n09121234502\n\nhi",
                              chat_id=GROUP)
    assert "started" in await press(bot, OPERATOR, confirmation, "bulk:send:1")
    await bot.telegram.wait_for(lambda: bool(said(bot, GROUP, "🏁")), timeout=10)
    # the failures file and the results file (issue 14): both to the operator's private chat
    calls = await bot.telegram.wait_for_call("sendDocument", count=2)
    assert {int(call.params["chat_id"]) for call in calls} == {OPERATOR}
    assert [m for m in bot.telegram.messages_in(GROUP) if "document" in m] == []


async def test_a_campaign_needing_approval_is_not_scheduled(approving_bot: RunningBot) -> None:
    bot = approving_bot
    await team_of_four(bot)
    confirmation = await ask(bot, OPERATOR, "/bulk\n09120000001\n09120000002\n09120000003\n\nHi")
    assert "needs an approval" in await press(bot, OPERATOR, confirmation, "bulk:schedule:1")
    assert db_count(bot, "SELECT COUNT(*) FROM campaigns WHERE due_at IS NOT NULL") == 0


async def test_a_held_schedule_counts_in_the_quota_and_its_cancel_is_audited(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    await give_roles(bot, operator=OPERATOR)
    await ask(bot, OWNER, f"/users quota {OPERATOR} 2")
    assert "#" in (await ask(bot, OPERATOR, "/schedule +1h 09121234567 later"))["text"]
    rows = message_rows(bot)
    refused = (await ask(bot, OPERATOR, f"/schedule +1h 09121234568 {'x' * 200}"))["text"]
    assert "Over the daily quota" in refused and "1 of 2 are left today" in refused
    assert message_rows(bot) == rows
    series = db_count(bot, "SELECT id FROM messages WHERE status = 'scheduled'")
    assert "cancelled" in (await ask(bot, OPERATOR, f"/cancel {series}"))["text"]
    assert audit_rows(bot)[-2:] == [
        (OPERATOR, "schedule", "09121234567", 1, 1),
        (OPERATOR, "schedule.cancel", f"#{series}", 0, 0),
    ]


async def test_an_operator_cancels_only_their_own_schedules(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    await give_roles(bot, operator=OPERATOR_B)
    confirmation = await ask(bot, OPERATOR, "/schedule +1h 09121234567 later", chat_id=GROUP)
    series = db_count(bot, "SELECT id FROM messages WHERE status = 'scheduled'")
    assert buttons(confirmation) == [f"sched:cancel:{series}"]
    # another operator: by command and by the button in the group, refused and saying why
    refused = words(await ask(bot, OPERATOR_B, f"/cancel {series}", chat_id=GROUP))
    assert f"Schedule #{series} belongs to another member" in refused
    pressed = await press(bot, OPERATOR_B, confirmation, f"sched:cancel:{series}")
    assert "belongs to another member" in pressed
    assert REFUSED in await press(bot, VIEWER, confirmation, f"sched:cancel:{series}")
    assert db_count(bot, "SELECT COUNT(*) FROM messages WHERE status = 'scheduled'") == 1
    # a campaign the owner scheduled: the operator may not cancel it, an admin may
    campaign = await ask(bot, OWNER, "/bulk\n09121234501\n09121234502\n\nhi")
    assert await press(bot, OWNER, campaign, "bulk:schedule:1") == ""
    assert "will start at" in words(await ask(bot, OWNER, "+2h"))
    refused = words(await ask(bot, OPERATOR, "/cancel C1"))
    assert "Campaign #1 belongs to another member" in refused
    assert db_count(bot, "SELECT COUNT(*) FROM campaigns WHERE due_at IS NOT NULL"
                         " AND status = 'draft'") == 1
    assert "cancelled" in words(await ask(bot, OPERATOR, f"/cancel {series}"))
    assert "cancelled" in words(await ask(bot, ADMIN_A, "/cancel C1"))
    cancels = [row[:3] for row in audit_rows(bot) if row[1].endswith(".cancel")]
    assert cancels == [(OPERATOR, "schedule.cancel", f"#{series}"),
                       (ADMIN_A, "campaign.cancel", "#1")]
