"""How a campaign reads in the chat: confirmation, progress, end, failures CSV, and its buttons.

Pure rendering: values in, HTML text, keyboards or file bytes out. Callback data is
`bulk:<action>:<campaign id>`, well under Telegram's 64 bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.csv_out import csv_bytes
from bot.gateway.codes import LINK_ERRORS, SOAP_ERRORS
from bot.gateway.errors import ErrorKind
from bot.i18n import Html, Texts
from bot.recipients import InvalidLine
from bot.service.bulk import (
    DRAFT_LIFETIME,
    OUTAGE_KINDS,
    CampaignEnd,
    Progress,
    Stalled,
    Tally,
)
from bot.service.charts import CampaignOutcome
from bot.sms_text import TextMeasure
from bot.states import CampaignStatus, SendStatus
from bot.telegram.describe import describe_size
from storage import Campaign, MessageRecord

ACTIONS = ("send", "cancel", "resume", "unknown")
# One pattern per button action; group 1 is the campaign id.
PATTERNS = {action: re.compile(rf"^bulk:{action}:(\d{{1,18}})$") for action in ACTIONS}
# Schedule opens a step of the /bulk conversation (a time to start at), not a button action.
SCHEDULE_PATTERN = re.compile(r"^bulk:schedule:(\d{1,18})$")
SHOWN_INVALID = 10
SHOWN_REASONS = 8
PREVIEW_CHARACTERS = 600
BAR_CELLS = 10
_ERROR_TABLES = {"soap": SOAP_ERRORS, "link": LINK_ERRORS}


def callback(action: str, campaign_id: int) -> str:
    return f"bulk:{action}:{campaign_id}"


def keyboard(texts: Texts, campaign_id: int, *actions: str) -> InlineKeyboardMarkup:
    """One row of buttons, e.g. keyboard(texts, 7, "send", "cancel")."""
    return InlineKeyboardMarkup(
        [[
            InlineKeyboardButton(texts(f"bulk.button_{action}"), callback_data=callback(action, campaign_id))
            for action in actions
        ]]
    )


def resend_keyboard(texts: Texts, campaign_id: int, count: int) -> InlineKeyboardMarkup:
    """The end summary's offer to resend the outcome-unknown recipients (a new campaign)."""
    label = texts.plain("bulk.button_unknown", count=count)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=callback("unknown", campaign_id))]]
    )


def resend_confirmation(
    texts: Texts, campaign: Campaign, size: TextMeasure, credit: int | None
) -> Html:
    """The confirmation of a campaign resending another's outcome-unknown recipients."""
    warning = texts("bulk.resend_warning", id=campaign.resend_of, count=campaign.total)
    return Html(warning + "\n\n" + confirmation(texts, campaign, size, (), credit))


def confirmation(
    texts: Texts, campaign: Campaign, size: TextMeasure, invalid: Iterable[InvalidLine],
    credit: int | None,
) -> Html:
    needed = campaign.total * campaign.parts
    text: str = texts(
        "bulk.confirm", id=campaign.id, total=campaign.total, invalid=campaign.invalid,
        duplicates=campaign.duplicates,
        parts=describe_size(texts, size),
        needed=needed, credit=credit if credit is not None else texts("notice.credit_unknown"),
    )
    text += invalid_lines(texts, list(invalid))
    if credit is not None and credit < needed:
        text += texts("bulk.short_credit")
    preview = campaign.text if len(campaign.text) <= PREVIEW_CHARACTERS else (
        campaign.text[:PREVIEW_CHARACTERS] + "…"
    )
    lifetime = texts("bulk.draft_lifetime", hours=round(DRAFT_LIFETIME / 3600))
    return Html(text + texts("bulk.text_preview", text=preview) + lifetime)


def invalid_lines(texts: Texts, invalid: list[InvalidLine]) -> Html:
    if not invalid:
        return Html("")
    lines = [
        texts("bulk.invalid_line", line=item.line, content=item.content)
        for item in invalid[:SHOWN_INVALID]
    ]
    if len(invalid) > SHOWN_INVALID:
        lines.append(texts("bulk.invalid_more", count=len(invalid) - SHOWN_INVALID))
    return texts("bulk.invalid_list", lines=Html("\n".join(lines)))


def progress(texts: Texts, state: Progress) -> Html:
    tally = state.tally
    eta = texts.duration(state.eta) if state.eta is not None else "…"
    return texts(
        "bulk.progress", id=state.campaign_id, bar=bar(tally), percent=percent(tally),
        sent=tally.sent, failed=tally.failed, unknown=tally.unknown, remaining=tally.remaining,
        rate=round(state.rate, 1), eta=eta,
    )


def progress_ended(texts: Texts, end: CampaignEnd) -> Html:
    tally = end.tally
    return texts(
        "bulk.progress_ended", id=end.campaign.id, bar=bar(tally), percent=percent(tally),
        sent=tally.sent, failed=tally.failed, unknown=tally.unknown, remaining=tally.remaining,
        state=texts(f"campaign.{end.campaign.status.value}"),
    )


def bar(tally: Tally) -> str:
    filled = BAR_CELLS * tally.done // tally.total if tally.total else BAR_CELLS
    return "▓" * filled + "░" * (BAR_CELLS - filled)


def percent(tally: Tally) -> int:
    return 100 * tally.done // tally.total if tally.total else 100


def summary(texts: Texts, end: CampaignEnd) -> Html:
    """The end of a FINISHED or CANCELLED campaign, failures grouped by reason."""
    tally, campaign = end.tally, end.campaign
    title = texts(f"bulk.title.{campaign.status.value}", id=campaign.id)
    text = texts(
        "bulk.summary", title=title, sent=tally.sent, failed=tally.failed,
        unknown=tally.unknown, cancelled=tally.cancelled - end.blocked + tally.remaining,
    )
    if end.blocked:
        text = Html(text + "\n" + texts("bulk.summary_blocked", count=end.blocked))
    reasons = Counter(
        failure_reason(texts, record) for record in end.failures
        if record.status is SendStatus.FAILED
    )
    lines = [
        texts("bulk.failure_reason", reason=reason, count=count)
        for reason, count in reasons.most_common(SHOWN_REASONS)
    ]
    return Html("\n".join([text, *lines]))


def paused(texts: Texts, end: CampaignEnd) -> Html:
    error, tally = end.stopped_by, end.tally
    if error is None:
        why = texts("bulk.why_internal")
    else:
        why = texts("bulk.why_gateway", reason=texts.gateway_reason(error), code=error.code) \
            if error.code else texts("bulk.why_uncoded", reason=texts.gateway_reason(error))
        if error.kind in OUTAGE_KINDS:
            why = texts("bulk.why_outage", count=end.in_a_row, why=why)
    # With nothing left, Resume only closes the campaign: the notice must not promise sends.
    key = "bulk.paused" if tally.remaining else "bulk.paused_nothing_left"
    return texts(
        key, id=end.campaign.id, why=why, sent=tally.sent, failed=tally.failed,
        unknown=tally.unknown, remaining=tally.remaining,
    )


def stalled(texts: Texts, item: Stalled) -> Html:
    """After a restart: a campaign paused by the gateway says why; else it was interrupted."""
    tally, campaign = item.tally, item.campaign
    counts = {"sent": tally.sent, "unknown": tally.unknown, "remaining": tally.remaining}
    if campaign.paused_kind is None:
        return texts("bulk.interrupted", id=campaign.id, **counts)
    why = texts(f"bulk.pause_kind.{campaign.paused_kind}")
    if campaign.paused_code:
        why = texts("bulk.why_gateway", reason=why, code=campaign.paused_code)
    return texts("bulk.stalled_paused", id=campaign.id, why=why, **counts)


def already(texts: Texts, campaign_id: int, status: CampaignStatus | None) -> str:
    """A short plain answer to a button press that changes nothing."""
    if status is None:
        return texts.plain("bulk.expired_button")
    state = texts.plain(f"campaign.{status.value}")
    return texts.plain("bulk.already", id=campaign_id, state=state)


def delivery(texts: Texts, campaign_id: int, outcome: CampaignOutcome) -> Html:
    """The delivery summary; `no_report` were sent and had no final report."""
    return texts(
        "bulk.delivery", id=campaign_id, delivered=outcome.delivered,
        failed=outcome.undelivered, expired=outcome.expired, pending=outcome.no_report,
    )


def failure_reason(texts: Texts, record: MessageRecord) -> str:
    """Why a row was not sent, as plain text (it also goes into the CSV file)."""
    if record.status is SendStatus.UNKNOWN:
        return texts.plain("state.unknown")
    code = record.gateway_code or ""
    info = _ERROR_TABLES.get(record.transport, SOAP_ERRORS).get(code)
    if info is not None:
        return texts.plain(info.key)
    if record.error_kind in (ErrorKind.TRANSPORT.value, ErrorKind.OUTCOME_UNKNOWN.value):
        return texts.plain("bulk.reason.transport")
    return texts.plain("bulk.reason.undocumented", code=code)


def failures_csv(texts: Texts, failures: Iterable[MessageRecord]) -> bytes:
    """number, status, code, reason, under the admin's column names."""
    rows = (
        [record.recipient, texts.plain(f"state.{record.status.value}"),
         record.gateway_code or "", failure_reason(texts, record)]
        for record in failures
    )
    return csv_bytes(texts.plain("bulk.csv_columns").split("|"), rows)
