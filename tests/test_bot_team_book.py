"""A team and the address book (issue 14), end to end over the fake Bot API: who may press the
contacts, group and results buttons, where the files of customer numbers go, and the audit rows
of a day's work on contacts, templates and the opt-out list."""

from __future__ import annotations

from tests.fixtures_bot import RunningBot
from tests.fixtures_team import (
    ADMIN_A,
    GROUP,
    JSON,
    OPERATOR,
    OPERATOR_B,
    OWNER,
    REFUSED,
    VIEWER,
    ask,
    audit_rows,
    buttons,
    db_count,
    give_roles,
    press,
    said,
    team_of_four,
    words,
)

SHOP = b"phone,name\n09121234501,Ali\n09121234502,Sara\n"


async def _upload(bot: RunningBot, user: int, caption: str, *, chat_id: int | None = None) -> JSON:
    """The shop's contacts sent as a file with `caption`; the bot's reply."""
    chat = chat_id if chat_id is not None else user
    update = bot.telegram.send_document(user, "shop.csv", SHOP, caption=caption, chat_id=chat_id)
    return await bot.reply_to(update["message"]["message_id"], chat_id=chat)


def _groups(bot: RunningBot) -> int:
    return db_count(bot, "SELECT COUNT(*) FROM contact_groups")


def _documents_in(bot: RunningBot, chat: int) -> list[JSON]:
    return [m for m in bot.telegram.messages_in(chat) if "document" in m]


async def test_only_an_admin_imports_or_drops_a_group(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    refused = await _upload(bot, OPERATOR, "/contacts import other")
    assert REFUSED in words(refused) and "needs admin" in words(refused)
    assert "2 added" in words(await _upload(bot, OWNER, "/contacts import shop"))
    assert _groups(bot) == 1
    question = await ask(bot, OWNER, "/contacts drop shop")
    drop, keep = buttons(question)
    assert drop.startswith("contacts:drop:") and keep.startswith("contacts:keep:")
    for user in (VIEWER, OPERATOR):
        for data in (drop, keep):
            assert REFUSED in await press(bot, user, question, data)
    assert _groups(bot) == 1
    await press(bot, ADMIN_A, question, drop)
    await bot.telegram.wait_for(lambda: bool(said(bot, OWNER, "Group shop deleted")))
    assert _groups(bot) == 0


async def test_a_group_chosen_by_button_needs_an_operator(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    await _upload(bot, OWNER, "/contacts import shop")
    offer = await ask(bot, OWNER, "/bulk", chat_id=GROUP)
    [choice] = buttons(offer)
    assert choice.startswith("audience:group:")
    assert REFUSED in await press(bot, VIEWER, offer, choice)
    assert said(bot, GROUP, "Now send the text") == []
    await press(bot, OPERATOR, offer, choice)
    await bot.telegram.wait_for(lambda: bool(said(bot, GROUP, "Now send the text")))
    confirmation = await ask(bot, OPERATOR, "Hi {name}", chat_id=GROUP)
    assert "Campaign #1" in words(confirmation) and "Hi Sara" in words(confirmation)
    assert db_count(bot, "SELECT user_id FROM campaigns WHERE id = 1") == OPERATOR


async def _campaign_with_a_failure(bot: RunningBot) -> JSON:
    """The operator's campaign in the group, one delivered and one not: its delivery report."""
    confirmation = await ask(bot, OPERATOR, "/bulk\n09121234561\n09121234562\n\nOffer",
                             chat_id=GROUP)
    assert "started" in await press(bot, OPERATOR, confirmation, "bulk:send:1")
    await bot.telegram.wait_for(lambda: len(bot.simulator.sent) == 2, timeout=10)
    for message, state in zip(bot.simulator.sent, ("6", "5"), strict=True):
        bot.simulator.force_state(str(message.smsid), state)
    await bot.telegram.wait_for(lambda: bool(said(bot, GROUP, "📬")), timeout=10)
    [report] = said(bot, GROUP, "📬")
    return report


async def _file_pressed(bot: RunningBot, user: int, report: JSON) -> str:
    """`user` presses the results file button in the group: the name of the file that then
    arrives in their private chat."""
    before = len(_documents_in(bot, user))
    assert "private chat" in await press(bot, user, report, "results:file:1")
    await bot.telegram.wait_for(lambda: len(_documents_in(bot, user)) > before)
    return str(_documents_in(bot, user)[-1]["document"]["file_name"])


async def test_results_buttons_are_the_authors_and_the_file_goes_to_a_private_chat(
    running_bot: RunningBot,
) -> None:
    bot = running_bot
    await team_of_four(bot)
    await give_roles(bot, operator=OPERATOR_B)
    report = await _campaign_with_a_failure(bot)
    assert buttons(report) == ["results:file:1", "results:resend:1"]
    files = len(bot.telegram.calls_to("sendDocument"))  # the results file at the end
    for user, expected in ((VIEWER, REFUSED), (OPERATOR_B, "another member")):
        for data in buttons(report):
            assert expected in await press(bot, user, report, data)
    assert len(bot.telegram.calls_to("sendDocument")) == files
    assert said(bot, GROUP, "Campaign #2") == []
    for user in (OPERATOR, ADMIN_A):  # its author, and an admin: in their private chats
        assert await _file_pressed(bot, user, report) == "campaign-1-results.csv"
    assert _documents_in(bot, GROUP) == []
    await press(bot, OPERATOR, report, "results:resend:1")
    await bot.telegram.wait_for(lambda: bool(said(bot, GROUP, "Campaign #2")))
    assert "Recipients: 1" in words(said(bot, GROUP, "Campaign #2")[0])
    assert db_count(bot, "SELECT user_id FROM campaigns WHERE id = 2") == OPERATOR


async def test_files_of_the_address_book_never_go_to_a_group(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    await _upload(bot, OWNER, "/contacts import shop")
    await ask(bot, OWNER, "/block 09121234599 asked to stop")
    in_group = await ask(bot, ADMIN_A, "/contacts shop", chat_id=GROUP)
    assert "private chat" in words(in_group)
    count = await ask(bot, OPERATOR, "/blocked", chat_id=GROUP)
    assert "1 blocked number" in words(count)
    refused = await ask(bot, VIEWER, "/blocked", chat_id=GROUP)
    assert REFUSED in words(refused) and "needs operator" in words(refused)
    # in private the operator gets the file; the group never got one
    await ask(bot, OPERATOR, "/blocked")
    await bot.telegram.wait_for(lambda: bool(_documents_in(bot, OPERATOR)))
    assert _documents_in(bot, GROUP) == []


async def test_the_audit_rows_of_a_day_on_the_address_book(running_bot: RunningBot) -> None:
    bot = running_bot
    await team_of_four(bot)
    await _upload(bot, OWNER, "/contacts import shop")
    await ask(bot, ADMIN_A, "/template save greet Hello {name|friend}")
    await ask(bot, OPERATOR, "/block 09121234599 asked to stop")
    await ask(bot, OPERATOR, "/block 09121234599 again")  # already blocked: nothing changed
    await ask(bot, OWNER, "/unblock 09121234599")
    await ask(bot, OPERATOR, "/send 09121234588 Big sale")
    [sale] = bot.simulator.sent
    bot.simulator.force_state(str(sale.smsid), "4")  # the recipient blocks promotional messages
    await bot.telegram.wait_for(
        lambda: db_count(bot, "SELECT COUNT(*) FROM audit WHERE action = 'block.delivery'") == 1,
        timeout=10,
    )
    await ask(bot, ADMIN_A, "/contacts remove 09121234501")
    question = await ask(bot, OWNER, "/contacts drop shop")
    await press(bot, OWNER, question, buttons(question)[0])
    await ask(bot, ADMIN_A, "/template delete greet")
    await ask(bot, ADMIN_A, "/template delete greet")  # gone already: nothing changed
    book = [row for row in audit_rows(bot) if not row[1].startswith(("user.", "send"))]
    assert book == [
        (OWNER, "contacts.import", "shop", 2, 0),
        (ADMIN_A, "template.save", "#greet", 0, 0),
        (OPERATOR, "block", "09121234599", 1, 0),
        (OWNER, "unblock", "09121234599", 1, 0),
        (OPERATOR, "block.delivery", "09121234588", 1, 0),  # the sender of the reported message
        (ADMIN_A, "contacts.remove", "09121234501", 1, 0),
        (OWNER, "contacts.drop", "shop", 1, 0),
        (ADMIN_A, "template.delete", "#greet", 0, 0),
    ]
    listing = words(await ask(bot, OWNER, "/audit 9"))
    for action in ("contacts imported", "template saved", "number blocked", "number unblocked",
                   "blocked by a delivery report (state 4)", "number taken out of the contacts",
                   "contact group deleted", "template deleted"):
        assert action in listing, action
