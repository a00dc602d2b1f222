"""Charts: the figures of a seeded month read back per day, drawn as real PNGs in both languages,
/stats over the fake Bot API, and a campaign's summary as a photo through the outbox."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from PIL import Image
from telegram import Bot

from bot.calendars import to_persian_digits
from bot.i18n import Texts
from bot.service import drawing
from bot.service.charts import CampaignOutcome, Charts, campaign_outcome
from bot.simulator import Simulator
from bot.telegram import chart_view
from bot.telegram.outbox import MAX_BACKOFF, OutboxPump
from storage import Database, SendStatus
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings
from tests.fixtures_storage import new_message

TEHRAN = ZoneInfo("Asia/Tehran")
# 2026-03-25 is 1405-01-05 in the Jalali calendar.
TODAY = date(2026, 3, 25)
NOW = datetime(2026, 3, 25, 18, 0, tzinfo=TEHRAN).timestamp()
PARTS = 2
ASCII_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True)
class Plan:
    """What one seeded day holds."""

    delivered: int
    undelivered: int
    expired: int
    pending: int  # sent, tracked, no report yet
    refused: int  # the gateway said no
    unknown: int  # in no band
    queued: int  # in no band

    @property
    def failed(self) -> int:
        return self.undelivered + self.expired + self.refused


def _plan(back: int) -> Plan:
    """A different mix each day; some days empty."""
    if back % 7 == 3:
        return Plan(0, 0, 0, 0, 0, 0, 0)
    return Plan(back % 5 + 1, back % 3, back % 2, back % 4, (back + 1) % 3, back % 2, 1)


async def _seed(db: Database, day: date, plan: Plan) -> None:
    at = datetime(day.year, day.month, day.day, 0, 30, tzinfo=TEHRAN).timestamp()
    for code, count in (("5", plan.delivered), ("6", plan.undelivered), ("7", plan.expired),
                        (None, plan.pending)):
        for _ in range(count):
            message_id = await db.messages.create(new_message(parts=PARTS), now=at)
            await db.messages.mark_sent(
                message_id, code="2", smsid="123456789", now=at, next_check_at=at + 60,
                check_interval=60, track_until=at + 86400,
            )
            if code is not None:
                await db.messages.record_delivery(
                    message_id, code=code, final=True, now=at + 60, next_check_at=None,
                    check_interval=None,
                )
    for _ in range(plan.refused):
        message_id = await db.messages.create(new_message(), now=at)
        await db.messages.mark_failed(message_id, code="-19", error_kind="refused", now=at)
    for _ in range(plan.unknown):
        message_id = await db.messages.create(new_message(), now=at)
        await db.messages.mark_unknown(message_id, reason="no answer", code=None, now=at)
    for _ in range(plan.queued):
        await db.messages.create(new_message(), now=at)


@pytest.fixture
async def seeded_month(storage_db: Database) -> dict[date, Plan]:
    plans = {TODAY - timedelta(days=back): _plan(back) for back in range(35)}
    for day, plan in plans.items():
        await _seed(storage_db, day, plan)
    await storage_db.messages.flush()
    return plans


async def test_the_daily_figures_are_the_seeded_month(
    storage_db: Database, seeded_month: dict[date, Plan]
) -> None:
    charts = Charts(storage_db, zone=TEHRAN, clock=lambda: NOW)
    series = await charts.daily(30)
    assert [figures.day for figures in series.days] == [
        TODAY - timedelta(days=back) for back in range(29, -1, -1)
    ]
    for figures in series.days:
        plan = seeded_month[figures.day]
        assert (figures.delivered, figures.sent, figures.failed) == (
            plan.delivered, plan.pending, plan.failed
        ), figures.day
    window = [seeded_month[figures.day] for figures in series.days]
    assert series.parts_used == PARTS * sum(
        p.delivered + p.undelivered + p.expired + p.pending for p in window
    )
    bars = chart_view.daily_bars(Texts("en", TEHRAN), series)
    assert list(bars.delivered) == [p.delivered for p in window]  # what the bars are drawn from
    assert list(bars.failed) == [p.failed for p in window]
    assert bars.days[-1] == "03-25"


@pytest.mark.parametrize(("language", "last_tick", "rate"), [("en", "03-25", "%"),
                                                              ("fa", "۰۱/۰۵", "٪")])
async def test_the_chart_is_a_png_in_either_language(
    storage_db: Database, seeded_month: dict[date, Plan], language: str, last_tick: str, rate: str
) -> None:
    charts = Charts(storage_db, zone=TEHRAN, clock=lambda: NOW)
    texts = Texts(language, TEHRAN)
    series = await charts.daily(30)
    bars = chart_view.daily_bars(texts, series)
    assert bars.days[-1] == last_tick and bars.percent[-1].endswith(rate)
    png = await charts.draw(drawing.daily_png, bars)
    image = Image.open(io.BytesIO(png))
    image.load()  # decodes every pixel: a truncated or corrupt file raises
    assert image.format == "PNG" and image.size == (900, 420)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 10  # bars, a line and text: not a blank
    caption = chart_view.window_caption(texts, series)
    totals = series.totals
    assert texts.number(totals.delivered) in caption and texts.number(totals.failed) in caption


async def test_a_year_of_days_is_one_chart(storage_db: Database) -> None:
    charts = Charts(storage_db, zone=TEHRAN, clock=lambda: NOW)
    series = await charts.daily(365)
    assert len(series.days) == 365 and series.totals.total == 0
    png = await charts.draw(drawing.daily_png, chart_view.daily_bars(Texts("fa", TEHRAN), series))
    assert Image.open(io.BytesIO(png)).size == (900, 420)


async def test_stats_answers_with_a_photo_and_its_figures(running_bot: RunningBot) -> None:
    bot = running_bot
    await bot.command("/send 09121234567 hello")
    bot.simulator.faults.answer_next("-19", operation="SendSMSWithID")
    await bot.command("/send 09121234568 hello")
    caption = await bot.command("/stats 7")
    assert caption.startswith("📊 Last 7 days")
    assert "delivered 0 · sent, no report 1 · failed 1 · delivery rate 0%" in caption
    assert "credit used in these days: 1" in caption and "This month" in caption
    [call] = bot.telegram.calls_to("sendPhoto")
    [content] = call.files.values()
    image = Image.open(io.BytesIO(content))
    image.load()
    assert image.format == "PNG"


@pytest.mark.parametrize("days", ["6", "366", "x", "۳۶۶"])
async def test_stats_refuses_a_window_outside_7_to_365_days(
    running_bot: RunningBot, days: str
) -> None:
    reply = await running_bot.command(f"/stats {days}")
    assert "is not a number of days between 7 and 365" in reply and "Usage:" in reply
    assert running_bot.telegram.calls_to("sendPhoto") == []


async def test_stats_in_persian_has_jalali_days_and_persian_digits(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "fa.db", bot_language="fa")
    bot = RunningBot(fake_telegram, bot_simulator, settings)
    await bot.start()
    try:
        await bot.command("/send 09121234567 سلام")
        caption = await bot.command("/stats ۱۴")
    finally:
        await bot.stop()
    today = jdatetime.date.fromgregorian(date=datetime.now(TEHRAN).date())
    assert caption.startswith("📊 ۱۴ روز اخیر")
    assert to_persian_digits(f"{today.year:04d}-{today.month:02d}-{today.day:02d}") in caption
    assert "ارسال‌شده بی‌گزارش ۱" in caption and not ASCII_DIGIT.search(caption)
    [call] = fake_telegram.calls_to("sendPhoto")
    assert Image.open(io.BytesIO(next(iter(call.files.values())))).format == "PNG"


def test_a_campaign_breakdown_labels_every_outcome_in_the_admins_language() -> None:
    outcome = CampaignOutcome(delivered=120, undelivered=10, expired=3, unknown=2, failed=5,
                              no_report=1)
    breakdown = chart_view.campaign_breakdown(Texts("fa", TEHRAN), outcome)
    assert list(breakdown.counts) == [120, 10, 3, 2, 5]
    assert list(breakdown.numbers) == ["۱۲۰", "۱۰", "۳", "۲", "۵"]
    assert list(breakdown.labels) == [
        "تحویل‌شده", "تحویل‌نشده", "منقضی", "نتیجه نامعلوم", "ناموفق"
    ]
    image = Image.open(io.BytesIO(drawing.breakdown_png(breakdown)))
    image.load()
    assert image.format == "PNG"


async def test_a_photo_in_the_outbox_survives_an_outage_and_a_restart_and_arrives_once(
    fake_telegram: FakeTelegram, tmp_path: Path
) -> None:
    path = tmp_path / "outbox.db"
    png = drawing.breakdown_png(chart_view.campaign_breakdown(
        Texts("en", TEHRAN), CampaignOutcome(3, 1, 0, 0, 0, 0)
    ))
    clock = [1000.0]
    db = await Database.open(path)
    await db.outbox.enqueue(chat_id=ADMIN, text="📬 Campaign #1", photo=png,
                            dedupe_key="bulk.delivery:1", now=clock[0])
    fake_telegram.fail_next("sendPhoto", status=500)
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url) as bot:
        assert await OutboxPump(db, clock=lambda: clock[0]).pump(bot) == 0  # Telegram is down
        await db.close()
        db = await Database.open(path)  # a restart: only what the database kept is left
        try:
            clock[0] += MAX_BACKOFF
            pump = OutboxPump(db, clock=lambda: clock[0])
            assert await pump.pump(bot) == 1
            assert await pump.pump(bot) == 0
            assert await db.outbox.enqueue(chat_id=ADMIN, text="again", photo=png,
                                           dedupe_key="bulk.delivery:1", now=clock[0]) is None
        finally:
            await db.close()
    [photo] = [m for m in fake_telegram.messages_in(ADMIN) if "photo" in m]
    assert photo["caption"] == "📬 Campaign #1"
    assert fake_telegram.photo_content(photo) == png


def test_a_campaigns_outcome_counts_reports_and_sends_apart() -> None:
    counts = dict.fromkeys(SendStatus, 0) | {
        SendStatus.SENT: 10, SendStatus.FAILED: 2, SendStatus.UNKNOWN: 1
    }
    outcome = campaign_outcome(counts, {"5": 6, "6": 1, "4": 1, "7": 1})
    assert outcome == CampaignOutcome(delivered=6, undelivered=2, expired=1, unknown=1, failed=2,
                                      no_report=1)  # 10 sent, 9 reported
    assert campaign_outcome(counts, {"5": 3}).no_report == 7
