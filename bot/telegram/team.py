"""/users (who has which role and quota) and /audit (who did what), for owners and admins."""

from __future__ import annotations

import time

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import Html, Texts
from bot.service.audit import Audit, audit_csv
from bot.service.team import Person, Role, Team, TeamChangeRefused
from bot.telegram.parsing import ParseError, command_body
from bot.telegram.team_parsing import UsersCommand, parse_audit, parse_users
from storage import AuditEntry

Context = ContextTypes.DEFAULT_TYPE
SHOWN_AUDIT_LINES = 30  # a Telegram message holds 4096 characters; the CSV holds them all


class TeamCommands:
    def __init__(self, texts: Texts, team: Team, audit: Audit) -> None:
        self._t = texts
        self._team = team
        self._audit = audit

    async def users(self, update: Update, context: Context) -> None:
        message = _message(update)
        try:
            command = parse_users(command_body(message.text or ""))
        except ParseError as error:
            await message.reply_text(self._t(error.key, **error.values) + "\n" + self._t("usage.users"))
            return
        if command.action == "list":
            await message.reply_text(self._roster(await self._team.people()))
            return
        assert message.from_user is not None
        try:
            await self._change(message.from_user.id, command)
        except TeamChangeRefused as refused:
            await message.reply_text(self._t(f"team.refused.{refused.reason.value}",
                                             user_id=str(command.user_id)))
            return
        await message.reply_text(self._t(
            f"team.done.{command.action}", user_id=str(command.user_id),
            role=self._role(command.role) if command.role else "", parts=command.parts,
        ))

    async def _change(self, by: int, command: UsersCommand) -> None:
        if command.action == "add":
            assert command.role is not None
            await self._team.add(by, command.user_id, command.role)
        elif command.action == "role":
            assert command.role is not None
            await self._team.set_role(by, command.user_id, command.role)
        elif command.action == "quota":
            await self._team.set_quota(by, command.user_id, command.parts)
        else:
            await self._team.remove(by, command.user_id)

    async def audit(self, update: Update, context: Context) -> None:
        message = _message(update)
        try:
            query = parse_audit(command_body(message.text or ""))
        except ParseError as error:
            await message.reply_text(self._t(error.key, **error.values) + "\n" + self._t("usage.audit"))
            return
        entries = await self._audit.latest(query.limit, query.user_id)
        if not entries:
            await message.reply_text(self._t("audit.empty"))
            return
        lines = [self._t("audit.header", count=len(entries))]
        lines += [self._entry(entry) for entry in entries[:SHOWN_AUDIT_LINES]]
        if message.chat.type != ChatType.PRIVATE:
            lines.append(self._t("audit.file_in_private"))  # a file of numbers: private only
        await message.reply_text("\n".join(lines))
        if message.chat.type == ChatType.PRIVATE:
            name, content = audit_csv(entries, self._t.zone, now=time.time())
            await message.reply_document(document=content, filename=name,
                                         caption=self._t("audit.caption", count=len(entries)))

    def _roster(self, people: list[Person]) -> Html:
        lines = [self._t("team.header", count=len(people))]
        for person in people:
            quota = (self._t("team.quota", parts=person.daily_parts) if person.daily_parts
                     else self._t("team.no_quota"))
            last = (self._t("team.last", action=self._action(person.last.action),
                            moment=Html(self._t.moment(person.last.at)))
                    if person.last else self._t("team.never"))
            lines.append(self._t(
                "team.line", user_id=str(person.user_id), name=person.name or "—",
                role=self._role(person.role), quota=quota, last=last,
            ))
        return Html("\n".join(lines))

    def _entry(self, entry: AuditEntry) -> Html:
        who = self._team.name(entry.user_id) or str(entry.user_id)
        return self._t(
            "audit.line", moment=Html(self._t.moment(entry.at)), who=who,
            action=self._action(entry.action), detail=entry.detail,
            recipients=entry.recipients, parts=entry.parts,
        )

    def _role(self, role: Role) -> Html:
        return self._t(f"team.role.{role.value}")

    def _action(self, action: str) -> str:
        key = f"audit.action.{action}"
        return self._t.plain(key) if self._t.has(key) else action


def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message
