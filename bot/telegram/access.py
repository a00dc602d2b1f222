"""Who may do what: the role each command and button needs, read by the guard, and the role the
guard resolved for the update, where handlers read it.

A new command or button must get a row here: one that is missing needs ADMIN_IDS's owners or an
admin, so forgetting it never opens anything to a viewer.
"""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.service.team import Role
from bot.telegram.parsing import first_word

# The role a command needs (its name without the slash).
COMMANDS: dict[str, Role] = {
    "start": Role.VIEWER,
    "help": Role.VIEWER,
    "balance": Role.VIEWER,
    "status": Role.VIEWER,
    "history": Role.VIEWER,  # an operator sees only their own
    "stats": Role.VIEWER,
    "send": Role.OPERATOR,
    "flash": Role.OPERATOR,
    "schedule": Role.OPERATOR,
    "bulk": Role.OPERATOR,
    "scheduled": Role.OPERATOR,  # what waits for its time: numbers and texts
    "cancel": Role.OPERATOR,
    "export": Role.ADMIN,
    "users": Role.ADMIN,  # owners themselves are not changed by it
    "audit": Role.ADMIN,
    # the address book (issue 14): operators use it, admins change it
    "contacts": Role.ADMIN,  # `/contacts <group>`: the group's file (a private chat only)
    "template": Role.VIEWER,  # a word not in SUBCOMMANDS only shows the usage
    "block": Role.OPERATOR,  # a customer who asks for no more messages is obeyed at once
    "unblock": Role.ADMIN,  # sending again to who opted out is the owner's risk
    "blocked": Role.OPERATOR,  # its file of numbers goes to a private chat only
}
# Commands whose first word says what they do, and the role each word needs ("": the command
# alone); any other word needs the command's own row above.
SUBCOMMANDS: dict[str, dict[str, Role]] = {
    "contacts": {
        "": Role.VIEWER,  # the groups' names and sizes
        "import": Role.ADMIN, "remove": Role.ADMIN, "drop": Role.ADMIN,
    },
    "template": {
        "": Role.VIEWER, "list": Role.VIEWER,  # `#name` in a send needs only the send's role
        "save": Role.ADMIN, "delete": Role.ADMIN,
    },
}
# The role a button needs, by the start of its callback data.
BUTTONS: dict[str, Role] = {
    "send:confirm:": Role.OPERATOR,
    "bulk:": Role.OPERATOR,
    "sched:": Role.OPERATOR,
    "approval:": Role.ADMIN,
    "contacts:": Role.ADMIN,  # deleting a group, or keeping it
    "audience:group:": Role.OPERATOR,  # a group chosen after a bare /bulk
    "results:": Role.OPERATOR,  # a campaign's results file and its resend: its author's
}
UNLISTED = Role.ADMIN
# A plain message (a /bulk text, talk in a group) or an edit: handlers decide what it does.
MESSAGE = Role.VIEWER
DOCUMENT = Role.OPERATOR  # a document without a command is a /bulk list


class TeamContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The handlers' context, carrying the role the guard resolved for this update."""

    __slots__ = ("role",)

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self.role: Role | None = None


def role_of(context: CallbackContext[Any, Any, Any, Any]) -> Role:
    """The role of whoever sent this update (the guard let only people with a role through)."""
    assert isinstance(context, TeamContext) and context.role is not None, "set by the guard"
    return context.role


def command_of(message: Message, bot_username: str) -> str | None:
    """The command a message (or a document's caption) starts with, lower case; None when it
    starts with none or names another bot."""
    text = (message.text or message.caption or "").lstrip()
    if not text.startswith("/"):
        return None
    name, _, addressee = text.split(maxsplit=1)[0][1:].partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None
    return name.lower()


def needed_role(update: Update, bot_username: str) -> Role:
    query = update.callback_query
    if query is not None:
        data = query.data or ""
        return next((role for start, role in BUTTONS.items() if data.startswith(start)), UNLISTED)
    message = update.message
    if message is None:
        return MESSAGE  # edits, membership changes...: no handler sends from them
    name = command_of(message, bot_username)
    if name is not None:
        words = SUBCOMMANDS.get(name, {})
        return words.get(first_word(message.text or message.caption or ""),
                         COMMANDS.get(name, UNLISTED))
    return DOCUMENT if message.document is not None else MESSAGE
