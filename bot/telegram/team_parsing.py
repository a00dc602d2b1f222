"""Arguments of /users and /audit. Pure functions: text in, values or a ParseError out."""

from __future__ import annotations

from dataclasses import dataclass

from bot.service.team import ASSIGNABLE, Role
from bot.telegram.parsing import ParseError, normalize_digits

AUDIT_DEFAULT = 20
AUDIT_LIMIT = 1000
QUOTA_LIMIT = 10_000_000
_USER_ID_DIGITS = 15  # Telegram user ids fit in 52 bits


@dataclass(frozen=True, slots=True)
class UsersCommand:
    action: str  # "list", "add", "role", "remove", "quota"
    user_id: int = 0
    role: Role | None = None
    parts: int = 0


@dataclass(frozen=True, slots=True)
class AuditQuery:
    limit: int = AUDIT_DEFAULT
    user_id: int | None = None


# How many arguments each action takes after its name.
_ARITY = {"add": 2, "role": 2, "remove": 1, "quota": 2}


def parse_users(body: str) -> UsersCommand:
    words = normalize_digits(body).split()
    if not words:
        return UsersCommand("list")
    action, args = words[0].lower(), words[1:]
    if action not in _ARITY or len(args) != _ARITY[action]:
        raise ParseError("team.bad_command")
    user_id = parse_user_id(args[0])
    if action in ("add", "role"):
        return UsersCommand(action, user_id, role=_role(args[1]))
    if action == "quota":
        return UsersCommand(action, user_id, parts=_count(args[1], 0, QUOTA_LIMIT))
    return UsersCommand(action, user_id)


def parse_audit(body: str) -> AuditQuery:
    words = normalize_digits(body).split()
    if len(words) > 2:
        raise ParseError("team.bad_audit")
    limit = _count(words[0], 1, AUDIT_LIMIT) if words else AUDIT_DEFAULT
    user_id = parse_user_id(words[1]) if len(words) == 2 else None
    return AuditQuery(limit, user_id)


def parse_user_id(raw: str) -> int:
    if not raw.isdecimal() or not raw.isascii() or len(raw) > _USER_ID_DIGITS or int(raw) == 0:
        raise ParseError("team.bad_user_id", raw=raw[:40])
    return int(raw)


def _role(raw: str) -> Role:
    try:
        role = Role(raw.lower())
    except ValueError:
        role = None
    if role not in ASSIGNABLE:
        raise ParseError("team.bad_role", raw=raw[:40])
    assert role is not None
    return role


def _count(raw: str, low: int, high: int) -> int:
    if not raw.isdecimal() or not raw.isascii() or len(raw) > 8 or not low <= int(raw) <= high:
        raise ParseError("input.count", raw=raw[:40], limit=high)
    return int(raw)
