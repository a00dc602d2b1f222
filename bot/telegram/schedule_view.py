"""How schedules read in the chat: confirmations, the /scheduled list, rules, and their buttons.

Pure rendering. Callback data is `sched:<send|cancel>:<series id>` for a message, and
`sched:start:<campaign id>` for a late campaign (its Cancel is the campaign's own button).
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Html, Texts
from bot.repeats import Every, Rule
from bot.service.schedules import Pending

CALLBACK = re.compile(r"^sched:(send|cancel|start):(\d{1,18})$")
SNIPPET = 40


def keyboard(texts: Texts, series_id: int, *actions: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(texts(f"sched.button_{action}"),
                             callback_data=f"sched:{action}:{series_id}")
        for action in actions
    ]])


def campaign_keyboard(texts: Texts, campaign_id: int) -> InlineKeyboardMarkup:
    """Start now / Cancel for a campaign whose time was missed."""
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(texts("sched.button_send"), callback_data=f"sched:start:{campaign_id}"),
        InlineKeyboardButton(texts("sched.button_cancel"), callback_data=f"bulk:cancel:{campaign_id}"),
    ]])


def list_keyboard(texts: Texts, items: list[Pending]) -> InlineKeyboardMarkup:
    """One Cancel button a line, each naming its schedule."""
    rows = []
    for item in items:
        data = f"bulk:cancel:{item.series_id}" if item.campaign else f"sched:cancel:{item.series_id}"
        label = texts("sched.button_cancel_one", id=_label(item))
        rows.append([InlineKeyboardButton(label, callback_data=data)])
    return InlineKeyboardMarkup(rows)


def rule(texts: Texts, value: Rule) -> Html:
    at = value.at.strftime("%H:%M")
    if value.every is Every.DAY:
        return texts("rule.day", at=Html(texts.digits(at)))
    if value.every is Every.WEEK:
        return texts("rule.week", weekday=texts(f"weekday.{value.weekday}"),
                     at=Html(texts.digits(at)))
    return texts("rule.month", day=value.day or 0, at=Html(texts.digits(at)))


def pending_list(texts: Texts, items: list[Pending]) -> Html:
    lines = [texts("sched.list_header", count=len(items))]
    for item in items:
        if item.campaign is not None:
            target = texts("sched.list_campaign", id=item.campaign.id, count=item.campaign.total)
        else:
            target = texts("sched.list_number", number=item.recipient or "")
        extra = ""
        if item.rule is not None:
            extra += texts("sched.list_repeat", rule=rule(texts, item.rule))
        if item.held:
            extra += texts("sched.list_held")
        lines.append(texts(
            "sched.list_line", label=_label(item), moment=Html(texts.moment(item.due_at)),
            target=target, snippet=snippet(item.text), extra=Html(extra),
        ))
    return Html("\n".join(lines))


def snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


def _label(item: Pending) -> str:
    return f"C{item.series_id}" if item.campaign is not None else str(item.series_id)
