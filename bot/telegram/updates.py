"""What the handlers read off an update."""

from __future__ import annotations

from telegram import Message, Update


def message_of(update: Update) -> Message:
    """The message of an update that its handler's filters guarantee has one."""
    assert update.effective_message is not None
    return update.effective_message
