"""The address book an office keeps: contact groups, saved templates and the opt-out list.
Each change is appended to the audit trail, with who made it.

Names of groups and templates are one word (letters, digits, `_`, `-`, Persian or Latin) and are
compared loosely (`field_key`). Numbers are compared in their normalised form.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass

from bot.placeholders import field_key
from bot.recipients import Recipients
from bot.service.audit import Action, Audit
from storage import BlockedNumber, BlockSource, Contact, ContactGroup, Database, Template

NAME = re.compile(r"^[\w\u200c-]{1,32}$")
TEMPLATE_REFERENCE = re.compile(r"^#([\w\u200c-]{1,32})$")
REASON_CHARACTERS = 200


class BadName(ValueError):
    """Not a usable group or template name."""


class UnknownTemplate(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass(frozen=True, slots=True)
class Imported:
    group: str
    added: int
    updated: int


def checked_name(name: str) -> str:
    if not NAME.match(name):
        raise BadName(name)
    return name


class ContactBook:
    def __init__(
        self, db: Database, *, clock: Callable[[], float] = time.time, audit: Audit | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self._audit = audit

    async def _record(self, by: int, action: Action, detail: str, recipients: int = 0) -> None:
        if self._audit is not None:
            await self._audit.record(by, action, detail=detail, recipients=recipients)

    # --- groups ------------------------------------------------------------------------------

    async def import_group(self, name: str, recipients: Recipients, *, by: int) -> Imported:
        """Add or update every recipient (number and fields) in the group, created if new."""
        name = checked_name(name)
        contacts = [
            (number, recipients.fields_of(index)) for index, number in enumerate(recipients.numbers)
        ]
        added, updated = await self._db.contacts.upsert(
            key=field_key(name), name=name, contacts=contacts, now=self._clock()
        )
        saved = await self._db.contacts.group_name(field_key(name)) or name
        await self._record(by, Action.CONTACTS_IMPORT, saved, recipients=added + updated)
        return Imported(saved, added, updated)

    async def groups(self) -> list[ContactGroup]:
        return await self._db.contacts.groups()

    async def group(self, name: str) -> tuple[str, list[Contact]] | None:
        """The group's name as saved and its contacts; None when there is no such group."""
        key = field_key(name)
        saved = await self._db.contacts.group_name(key)
        if saved is None:
            return None
        return saved, await self._db.contacts.members(key)

    async def group_recipients(self, name: str) -> Recipients | None:
        """The group as a campaign's recipients, with the contacts' fields."""
        found = await self.group_id(name)
        if found is None:
            return None
        chosen = await self.group_recipients_by_id(found[0])
        return chosen[1] if chosen is not None else None

    async def group_recipients_by_id(self, group_id: int) -> tuple[str, Recipients] | None:
        """The group's name and its contacts as recipients (a group chosen with a button)."""
        key = await self._db.contacts.group_key(group_id)
        found = await self.group(key) if key is not None else None
        if found is None:
            return None
        name, members = found
        numbers = tuple(contact.number for contact in members)
        return name, Recipients(numbers, (), 0, tuple(contact.fields for contact in members))

    async def remove(self, number: str, *, by: int) -> int:
        """Take the number out of every group; how many groups had it."""
        count = await self._db.contacts.remove_number(number)
        if count:
            await self._record(by, Action.CONTACTS_REMOVE, number, recipients=1)
        return count

    async def group_id(self, name: str) -> tuple[int, str, int] | None:
        """(id, name as saved, number of contacts) of the group, None when there is none."""
        return await self._db.contacts.find_group(field_key(name))

    async def drop_id(self, group_id: int, *, by: int) -> tuple[str, int] | None:
        """Delete the group: (its name, its number of contacts); None if it is gone already."""
        dropped = await self._db.contacts.drop_group(group_id)
        if dropped is not None:
            name, count = dropped
            await self._record(by, Action.CONTACTS_DROP, name, recipients=count)
        return dropped

    # --- templates ---------------------------------------------------------------------------

    async def save_template(self, name: str, text: str, *, by: int) -> None:
        name = checked_name(name)
        await self._db.templates.save(key=field_key(name), name=name, text=text, now=self._clock())
        await self._record(by, Action.TEMPLATE_SAVE, f"#{name}")

    async def templates(self) -> list[Template]:
        return await self._db.templates.all()

    async def delete_template(self, name: str, *, by: int) -> bool:
        deleted = await self._db.templates.delete(field_key(name))
        if deleted:
            await self._record(by, Action.TEMPLATE_DELETE, f"#{name}")
        return deleted

    async def resolve(self, text: str) -> str | None:
        """The saved text when `text` is `#name` alone, else None; UnknownTemplate if not saved."""
        match = TEMPLATE_REFERENCE.match(text.strip())
        if match is None:
            return None
        template = await self._db.templates.get(field_key(match.group(1)))
        if template is None:
            raise UnknownTemplate(match.group(1))
        return template.text

    # --- the opt-out list --------------------------------------------------------------------

    async def block(self, number: str, reason: str | None, *, by: int) -> bool:
        """False when the number was already blocked (its first reason is kept)."""
        reason = (reason or "").strip()[:REASON_CHARACTERS] or None
        added = await self._db.blocked.add(
            number, source=BlockSource.ADMIN, reason=reason, smsid=None, now=self._clock()
        )
        if added:
            await self._record(by, Action.BLOCK, number, recipients=1)
        return added

    async def unblock(self, number: str, *, by: int) -> bool:
        removed = await self._db.blocked.remove(number)
        if removed:
            await self._record(by, Action.UNBLOCK, number, recipients=1)
        return removed

    async def blocked(self) -> list[BlockedNumber]:
        return await self._db.blocked.all()

    async def blocked_entry(self, number: str) -> BlockedNumber | None:
        return await self._db.blocked.get(number)

    async def blocked_among(self, numbers: Collection[str]) -> set[str]:
        return await self._db.blocked.among(numbers)
