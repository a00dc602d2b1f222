"""How a campaign's plan reads in its confirmation: blocked and skipped recipients, and for
personal texts the first messages as they will be sent, the range of parts and the credit summed;
and the contact groups offered as buttons after a bare /bulk.

Pure rendering: values in, HTML or keyboards out.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Html, Texts
from bot.service.audience import Missing, Plan
from bot.sms_text import measure
from bot.telegram import bulk_view
from storage import Campaign, ContactGroup

BRACES = {"lb": "{", "rb": "}"}  # for catalogue texts that show a placeholder
SHOWN_MISSING = 10
GROUP_BUTTONS = 30
GROUP_CALLBACK = re.compile(r"^audience:group:(\d{1,18})$")


def group_keyboard(texts: Texts, groups: list[ContactGroup]) -> InlineKeyboardMarkup:
    """One button a group (`audience:group:<id>`), two a row."""
    buttons = [
        InlineKeyboardButton(
            texts("audience.group_button", name=group.name, count=group.count),
            callback_data=f"audience:group:{group.id}",
        )
        for group in groups[:GROUP_BUTTONS]
    ]
    return InlineKeyboardMarkup([buttons[at : at + 2] for at in range(0, len(buttons), 2)])


def confirmation(texts: Texts, campaign: Campaign, plan: Plan, credit: int | None) -> Html:
    extra = blocked(texts, plan) + missing(texts, list(plan.missing)) + scientific(texts, plan)
    if not plan.personal:
        size = measure(plan.template)
        body = bulk_view.confirmation(texts, campaign, size, plan.recipients.invalid, credit)
        return Html(body + extra)
    text: str = texts(
        "audience.confirm", id=campaign.id, total=campaign.total, invalid=campaign.invalid,
        duplicates=campaign.duplicates, fewest=plan.fewest_parts, most=plan.most_parts,
        needed=plan.needed, credit=credit if credit is not None else texts("notice.credit_unknown"),
    )
    text += bulk_view.invalid_lines(texts, list(plan.recipients.invalid)) + extra
    if credit is not None and credit < plan.needed:
        text += texts("bulk.short_credit")
    return Html(text + preview(texts, plan))


def nobody(texts: Texts, plan: Plan) -> Html:
    """Every recipient was left out: why."""
    text = texts("audience.nobody", blocked=plan.blocked, missing=len(plan.missing))
    return Html(text + missing(texts, list(plan.missing)))


def blocked(texts: Texts, plan: Plan) -> Html:
    return texts("audience.blocked", count=plan.blocked) if plan.blocked else Html("")


def scientific(texts: Texts, plan: Plan) -> Html:
    return texts("bulk.scientific") if plan.recipients.scientific else Html("")


def missing(texts: Texts, items: list[Missing]) -> Html:
    if not items:
        return Html("")
    lines = [
        texts("audience.missing_line", number=item.number, fields=", ".join(item.fields))
        for item in items[:SHOWN_MISSING]
    ]
    if len(items) > SHOWN_MISSING:
        lines.append(texts("bulk.invalid_more", count=len(items) - SHOWN_MISSING))
    return texts("audience.missing_list", count=len(items), lines=Html("\n".join(lines)))


def preview(texts: Texts, plan: Plan) -> Html:
    items = [
        texts("audience.preview_item", number=message.number, text=_clip(message.text))
        for message in plan.preview
    ]
    return texts("audience.preview", items=Html("\n".join(items)))


def _clip(text: str) -> str:
    limit = bulk_view.PREVIEW_CHARACTERS // 2
    return text if len(text) <= limit else text[:limit] + "…"
