"""/contacts, /template, /block, /unblock and /blocked: the address book in the chat.

Files of contacts or blocked numbers are sent in a private chat only (a group's members would all
see them). Dropping a group asks first: `contacts:drop|keep:<group id>`.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePath

from telegram import Document, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.csv_out import csv_bytes
from bot.i18n import Html, Texts
from bot.phone import PhoneError, normalize_mobile
from bot.placeholders import field_key
from bot.recipients import FILE_SUFFIXES, MAX_FILE_BYTES, RecipientsError, parse_file
from bot.service.contacts import BadName, ContactBook
from bot.telegram import bulk_view
from bot.telegram.audience_view import BRACES
from bot.telegram.parsing import ParseError, command_body, first_word, split_number
from storage import BlockedNumber, BlockSource, Contact

Context = ContextTypes.DEFAULT_TYPE
CALLBACK = re.compile(r"^contacts:(drop|keep):(\d{1,18})$")
_SHOWN_TEMPLATE = 200  # characters of each template in the list


class ContactHandlers:
    def __init__(self, texts: Texts, book: ContactBook) -> None:
        self._t = texts
        self._book = book

    # --- /contacts ---------------------------------------------------------------------------

    async def contacts(self, update: Update, context: Context) -> None:
        message = _message(update)
        word, _, rest = command_body(message.text or "").partition(" ")
        action = first_word(message.text or "")
        if not action:
            await self._list_groups(message)
        elif action == "import":
            await self._reply(message, "contacts.ask_file", group=rest.strip() or "…")
        elif action == "remove":
            await self._remove(message, rest, by=_sender(message))
        elif action == "drop":
            await self._ask_drop(message, rest.strip())
        else:
            await self._send_group(message, word.strip())

    async def document(self, update: Update, context: Context) -> None:
        """A file with the caption `/contacts import <group>`."""
        message = _message(update)
        document = message.document
        assert document is not None  # the handler's filter
        _, _, name = command_body(message.caption or "").partition(" ")
        if first_word(message.caption or "") != "import" or not name.strip():
            await message.reply_text(self._t("usage.contacts"))
            return
        try:
            recipients = parse_file(document.file_name or "", await _download(document))
        except RecipientsError as error:
            await message.reply_text(self._t(error.key, **error.values))
            return
        except TelegramError:
            await message.reply_text(self._t("bulk.download_failed"))
            return
        if not recipients.numbers:
            extra = self._t("bulk.scientific") if recipients.scientific else ""
            await message.reply_text(self._t("bulk.no_recipients") + extra)
            return
        try:
            imported = await self._book.import_group(
                name.strip(), recipients, by=_sender(message)
            )
        except BadName:
            await self._reply(message, "contacts.bad_name", name=name.strip()[:40])
            return
        reply: str = self._t(
            "contacts.imported", group=imported.group, added=imported.added,
            updated=imported.updated,
        )
        reply += bulk_view.invalid_lines(self._t, list(recipients.invalid))
        if recipients.scientific:
            reply += self._t("bulk.scientific")
        await message.reply_text(reply)

    async def button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and context.matches  # the handler's type and pattern
        match = context.matches[0]
        action, group_id = match.group(1), int(match.group(2))
        if action == "keep":
            await query.answer()
            await query.edit_message_text(self._t("contacts.kept"))
            return
        dropped = await self._book.drop_id(group_id, by=query.from_user.id)
        await query.answer()
        if dropped is None:
            await query.edit_message_text(self._t("bulk.expired_button"))
            return
        name, count = dropped
        await query.edit_message_text(self._t("contacts.dropped", group=name, count=count))

    async def _list_groups(self, message: Message) -> None:
        groups = await self._book.groups()
        if not groups:
            await message.reply_text(self._t("contacts.none") + "\n" + self._t("usage.contacts"))
            return
        lines = [self._t("contacts.list_line", name=group.name, count=group.count) for group in groups]
        await message.reply_text(self._t("contacts.list", lines=Html("\n".join(lines))))

    async def _send_group(self, message: Message, name: str) -> None:
        if message.chat.type != ChatType.PRIVATE:
            await self._reply(message, "contacts.private_only")
            return
        found = await self._book.group(name)
        if found is None:
            await self._reply(message, "contacts.no_group", name=name[:40])
            return
        saved, members = found
        await message.reply_document(
            document=self._groupcsv_bytes(members), filename=f"contacts-{_file_stem(saved)}.csv",
            caption=self._t("contacts.file_caption", group=saved, count=len(members)),
        )

    def _groupcsv_bytes(self, members: list[Contact]) -> bytes:
        columns: dict[str, None] = {}
        for contact in members:
            columns.update(dict.fromkeys(contact.fields))
        rows = [
            [contact.number, *(contact.fields.get(name, "") for name in columns)]
            for contact in members
        ]
        return csv_bytes([self._t.plain("contacts.csv_number"), *columns], rows)

    async def _remove(self, message: Message, rest: str, *, by: int) -> None:
        try:
            number, _ = split_number(rest)
        except ParseError as error:
            await message.reply_text(self._t(error.key, **error.values) + "\n" + self._t("usage.contacts"))
            return
        count = await self._book.remove(number, by=by)
        await self._reply(message, "contacts.removed", number=number, count=count)

    async def _ask_drop(self, message: Message, name: str) -> None:
        found = await self._book.group_id(name) if name else None
        if found is None:
            await self._reply(message, "contacts.no_group", name=name[:40])
            return
        group_id, saved, count = found
        keyboard = InlineKeyboardMarkup([[
            InlineKeyboardButton(self._t("contacts.button_drop"), callback_data=f"contacts:drop:{group_id}"),
            InlineKeyboardButton(self._t("contacts.button_keep"), callback_data=f"contacts:keep:{group_id}"),
        ]])
        await message.reply_text(
            self._t("contacts.drop_confirm", group=saved, count=count), reply_markup=keyboard
        )

    # --- /template ---------------------------------------------------------------------------

    async def template(self, update: Update, context: Context) -> None:
        message = _message(update)
        _, _, rest = command_body(message.text or "").partition(" ")
        action = first_word(message.text or "")
        if action == "save":
            name, _, text = rest.strip().partition(" ")
            if not name or not text.strip():
                await self._reply(message, "usage.template", **BRACES)
                return
            try:
                await self._book.save_template(name, text.strip(), by=_sender(message))
            except BadName:
                await self._reply(message, "contacts.bad_name", name=name.lstrip("#")[:40])
                return
            await self._reply(message, "template.saved", name=name)
        elif action == "delete" and rest.strip():
            name = rest.strip().lstrip("#")
            done = await self._book.delete_template(name, by=_sender(message))
            await self._reply(message, "template.deleted" if done else "template.not_found", name=name)
        elif action in ("list", ""):
            await self._list_templates(message)
        else:
            await self._reply(message, "usage.template", **BRACES)

    async def _list_templates(self, message: Message) -> None:
        templates = await self._book.templates()
        if not templates:
            await message.reply_text(self._t("template.none") + "\n" + self._t("usage.template", **BRACES))
            return
        lines = [
            self._t("template.list_line", name=item.name, text=_clip(item.text, _SHOWN_TEMPLATE))
            for item in templates
        ]
        await message.reply_text(self._t("template.list", lines=Html("\n".join(lines))))

    # --- the opt-out list --------------------------------------------------------------------

    async def block(self, update: Update, context: Context) -> None:
        message = _message(update)
        try:
            number, reason = split_number(command_body(message.text or ""))
        except ParseError as error:
            await message.reply_text(self._t(error.key, **error.values) + "\n" + self._t("usage.block"))
            return
        if await self._book.block(number, reason, by=_sender(message)):
            await self._reply(message, "block.added", number=number)
            return
        entry = await self._book.blocked_entry(number)
        await self._reply(
            message, "block.already", number=number,
            reason=block_reason(self._t, entry) if entry is not None else "",
        )

    async def unblock(self, update: Update, context: Context) -> None:
        message = _message(update)
        try:
            number = normalize_mobile(command_body(message.text or "").strip())
        except PhoneError:
            await self._reply(message, "usage.unblock")
            return
        done = await self._book.unblock(number, by=_sender(message))
        await self._reply(message, "block.removed" if done else "block.not_blocked", number=number)

    async def blocked(self, update: Update, context: Context) -> None:
        message = _message(update)
        entries = await self._book.blocked()
        if not entries:
            await self._reply(message, "block.none")
            return
        await self._reply(message, "block.count", count=len(entries))
        if message.chat.type == ChatType.PRIVATE:
            await message.reply_document(
                document=self._blocked_csv(entries), filename="blocked.csv",
                caption=self._t("block.file_caption", count=len(entries)),
            )

    def _blocked_csv(self, entries: list[BlockedNumber]) -> bytes:
        header = self._t.plain("block.csv_columns").split("|")
        rows = [
            [
                entry.number, block_reason(self._t, entry), entry.smsid or "",
                datetime.fromtimestamp(entry.created_at, self._t.zone).strftime("%Y-%m-%d %H:%M"),
            ]
            for entry in entries
        ]
        return csv_bytes(header, rows)

    async def _reply(self, message: Message, key: str, **values: object) -> None:
        await message.reply_text(self._t(key, **values))


def block_reason(texts: Texts, entry: BlockedNumber) -> str:
    """Why a number is blocked, as plain text (HTML-escaped by the catalogue when shown)."""
    if entry.source is BlockSource.DELIVERY:
        return texts.plain("block.reason_delivery")
    return entry.reason or texts.plain("block.no_reason")


async def _download(document: Document) -> bytes:
    if PurePath((document.file_name or "").lower()).suffix not in FILE_SUFFIXES:
        raise RecipientsError("bulk.bad_file")
    if (document.file_size or 0) > MAX_FILE_BYTES:
        raise RecipientsError("bulk.file_too_big", limit=MAX_FILE_BYTES // 1024)
    file = await document.get_file()
    return bytes(await file.download_as_bytearray())


def _file_stem(name: str) -> str:
    return field_key(name).replace(" ", "-") or "group"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message


def _sender(message: Message) -> int:
    assert message.from_user is not None  # the guard let only a member's message through
    return message.from_user.id
