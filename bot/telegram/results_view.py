"""A campaign's results in the chat: the results file and "Resend to the N failed".

The file lists every recipient with its fields, the text it got, its smsid and states, as stored
when it is made: the end summary attaches it, and the delivery summary's button makes it again
with the delivery states in. Buttons: `results:file|resend:<campaign id>`.
"""

from __future__ import annotations

import logging
import re

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram.error import TelegramError

from bot.i18n import STATE_KEYS, Texts
from bot.service.results import Results, state_of
from bot.telegram.describe import send_state_key
from storage import ResultRow, SendStatus

log = logging.getLogger(__name__)
CALLBACK = re.compile(r"^results:(file|resend):(\d{1,18})$")


def keyboard(
    texts: Texts, campaign_id: int, failed: int, *, file_button: bool
) -> InlineKeyboardMarkup | None:
    buttons = []
    if file_button:
        buttons.append(
            InlineKeyboardButton(texts("results.button"), callback_data=f"results:file:{campaign_id}")
        )
    if failed:
        buttons.append(InlineKeyboardButton(
            texts("results.button_resend", count=failed), callback_data=f"results:resend:{campaign_id}"
        ))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def results_csv(texts: Texts, results: Results) -> bytes:
    def words(row: ResultRow) -> tuple[str, str]:
        record = row.message
        sent = texts.plain(send_state_key(record))
        if record.status is not SendStatus.SENT:
            return sent, ""
        return sent, texts.plain(STATE_KEYS[state_of(row)])

    return results.csv(texts.plain("results.csv_columns").split("|"), words)


async def send_results(
    bot: Bot, texts: Texts, results: Results, *, chat_id: int, reply_to: int | None
) -> None:
    """The results file, with the resend button when there are failures to resend."""
    campaign_id = results.campaign_id
    markup = keyboard(texts, campaign_id, len(results.failed), file_button=False)
    reply = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True) if reply_to else None
    try:
        await bot.send_document(
            chat_id, results_csv(texts, results), filename=f"campaign-{campaign_id}-results.csv",
            caption=texts("results.file_caption", id=campaign_id), reply_parameters=reply,
            reply_markup=markup,
        )
    except TelegramError as error:
        log.warning("results of campaign %s not sent: %s", campaign_id, error)
