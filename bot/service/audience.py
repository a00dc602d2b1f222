"""Who a campaign reaches and what each person gets: the plan its confirmation shows.

Blocked numbers are left out and counted; a recipient whose text names a field it lacks (with no
default) is left out and listed; every other recipient gets its own text, measured in parts.
Pure: a text, the recipients and the blocked numbers in, a `Plan` out.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass

from bot.placeholders import fill, has_placeholders
from bot.recipients import Recipients
from bot.sms_text import measure

PREVIEWED = 3  # messages shown as they will be sent


@dataclass(frozen=True, slots=True)
class Planned:
    number: str
    text: str
    parts: int
    fields: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Missing:
    number: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    template: str  # the text as the admin wrote it
    recipients: Recipients  # as read (invalid lines and duplicates are theirs)
    messages: tuple[Planned, ...]
    missing: tuple[Missing, ...]
    blocked: int
    personal: bool  # the text has placeholders

    @property
    def needed(self) -> int:
        """Credit the whole campaign takes: parts summed over its messages."""
        return sum(message.parts for message in self.messages)

    @property
    def fewest_parts(self) -> int:
        return min((message.parts for message in self.messages), default=0)

    @property
    def most_parts(self) -> int:
        return max((message.parts for message in self.messages), default=0)

    @property
    def preview(self) -> tuple[Planned, ...]:
        return self.messages[:PREVIEWED]

    @property
    def has_fields(self) -> bool:
        return any(message.fields for message in self.messages)


def plan(text: str, recipients: Recipients, blocked: Container[str]) -> Plan:
    personal = has_placeholders(text)
    same = measure(text).parts
    messages: list[Planned] = []
    missing: list[Missing] = []
    skipped = 0
    for index, number in enumerate(recipients.numbers):
        if number in blocked:
            skipped += 1
            continue
        fields = recipients.fields_of(index)
        if not personal:
            messages.append(Planned(number, text, same, fields))
            continue
        filled = fill(text, fields)
        if filled.missing or not filled.text.strip():
            missing.append(Missing(number, filled.missing))
            continue
        messages.append(Planned(number, filled.text, measure(filled.text).parts, fields))
    return Plan(text, recipients, tuple(messages), tuple(missing), skipped, personal)
