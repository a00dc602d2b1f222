"""The team: owners (ADMIN_IDS, always every right), and the people they gave a role.

Roles are kept in memory, loaded once and changed only here, so the guard resolves a user's role
on every update without touching the database: a stranger causes no read and no write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.service.audit import Action, Audit
from storage import Database, LastAction, Member


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    OPERATOR = "operator"
    VIEWER = "viewer"


# Each role may do what the roles below it may (an operator's history is only their own).
RANK: dict[Role, int] = {Role.VIEWER: 1, Role.OPERATOR: 2, Role.ADMIN: 3, Role.OWNER: 4}
ASSIGNABLE = frozenset({Role.ADMIN, Role.OPERATOR, Role.VIEWER})


def at_least(role: Role, needed: Role) -> bool:
    return RANK[role] >= RANK[needed]


def may_handle(role: Role, user_id: int, owner_id: int) -> bool:
    """Whether `user_id` may act on something `owner_id` started (a campaign, a confirmation):
    an operator only on their own; admins and owners on anyone's."""
    return at_least(role, Role.ADMIN) or user_id == owner_id


class Refusal(StrEnum):
    OWNER = "owner"  # owners are ADMIN_IDS: not changed here
    MEMBER = "member"  # already has a role
    NOT_MEMBER = "not_member"
    ROLE = "role"  # not a role that can be given


class TeamChangeRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Person:
    """A row of the team list."""

    user_id: int
    name: str | None
    role: Role
    daily_parts: int  # 0: none
    last: LastAction | None


class Team:
    def __init__(
        self, db: Database, audit: Audit, *, owners: frozenset[int],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = db
        self._audit = audit
        self._owners = owners
        self._clock = clock
        self._members: dict[int, Member] = {}
        self._names: dict[int, str] = {}

    async def load(self) -> None:
        """Once at start-up, before any update is handled."""
        self._members = {member.user_id: member for member in await self._db.team.members()}
        self._names = await self._db.team.names()

    def role(self, user_id: int) -> Role | None:
        """The user's role; None for a stranger. Never reads or writes the database."""
        if user_id in self._owners:
            return Role.OWNER
        member = self._members.get(user_id)
        return Role(member.role) if member is not None else None

    def daily_parts(self, user_id: int) -> int:
        """The user's daily quota in SMS parts; 0: none (owners never have one)."""
        member = self._members.get(user_id)
        return member.daily_parts if member is not None and user_id not in self._owners else 0

    def approvers(self) -> list[int]:
        """Who decides on campaigns waiting for approval: owners and admins."""
        admins = {uid for uid, member in self._members.items() if member.role == Role.ADMIN}
        return sorted(self._owners | admins)

    def name(self, user_id: int) -> str | None:
        return self._names.get(user_id)

    async def seen(self, user_id: int, name: str) -> None:
        """A person with a role wrote: keep the name Telegram shows (written when it changes)."""
        if self.role(user_id) is None or self._names.get(user_id) == name:
            return
        self._names[user_id] = name
        await self._db.team.set_name(user_id, name, now=self._clock())

    async def add(self, by: int, user_id: int, role: Role) -> None:
        self._changeable(user_id, role)
        if not await self._db.team.add(user_id, role.value, by=by, now=self._clock()):
            raise TeamChangeRefused(Refusal.MEMBER)
        self._members[user_id] = Member(user_id, role.value, 0)
        await self._audit.record(by, Action.USER_ADD, detail=f"{user_id} {role.value}")

    async def set_role(self, by: int, user_id: int, role: Role) -> None:
        member = self._member(user_id, role)
        await self._db.team.set_role(user_id, role.value)
        self._members[user_id] = Member(user_id, role.value, member.daily_parts)
        await self._audit.record(by, Action.USER_ROLE, detail=f"{user_id} {role.value}")

    async def set_quota(self, by: int, user_id: int, daily_parts: int) -> None:
        member = self._member(user_id)
        await self._db.team.set_quota(user_id, daily_parts)
        self._members[user_id] = Member(user_id, member.role, daily_parts)
        await self._audit.record(by, Action.USER_QUOTA, detail=f"{user_id} {daily_parts}")

    async def remove(self, by: int, user_id: int) -> None:
        self._member(user_id)
        await self._db.team.remove(user_id)
        del self._members[user_id]
        await self._audit.record(by, Action.USER_REMOVE, detail=str(user_id))

    async def people(self) -> list[Person]:
        """Owners first, then the members by id."""
        last = await self._db.team.last_actions()
        owners = [
            Person(uid, self._names.get(uid), Role.OWNER, 0, last.get(uid))
            for uid in sorted(self._owners)
        ]
        members = [
            Person(uid, self._names.get(uid), Role(m.role), m.daily_parts, last.get(uid))
            for uid, m in sorted(self._members.items())
        ]
        return owners + members

    def _changeable(self, user_id: int, role: Role | None = None) -> None:
        if user_id in self._owners:
            raise TeamChangeRefused(Refusal.OWNER)
        if role is not None and role not in ASSIGNABLE:
            raise TeamChangeRefused(Refusal.ROLE)

    def _member(self, user_id: int, role: Role | None = None) -> Member:
        self._changeable(user_id, role)
        member = self._members.get(user_id)
        if member is None:
            raise TeamChangeRefused(Refusal.NOT_MEMBER)
        return member
