"""WEEKLY_REPORT: reading the setting, and the job it schedules sending last week to the owners."""

from __future__ import annotations

import io
import time
from datetime import time as clock_time
from pathlib import Path

import pytest
from PIL import Image

from bot.app import build_application, open_runtime
from bot.config import ConfigError, Settings, load_settings
from bot.simulator import Simulator
from bot.weekly import WeeklySlot, parse_weekly
from storage import CampaignStatus
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, bot_settings
from tests.fixtures_storage import new_message

DAY = 86400


@pytest.mark.parametrize(
    ("text", "weekday", "at"),
    [
        ("sat 09:00", 5, clock_time(9, 0)),
        ("Saturday 9:00", 5, clock_time(9, 0)),
        ("شنبه ۹:۰۰", 5, clock_time(9, 0)),
        ("سه شنبه ۱۸:۳۰", 1, clock_time(18, 30)),
        ("سه‌شنبه 07:05", 1, clock_time(7, 5)),
        ("یکشنبه 23:59", 6, clock_time(23, 59)),
        ("fri 00:00", 4, clock_time(0, 0)),
    ],
)
def test_a_weekday_and_time_in_english_or_persian(text: str, weekday: int, at: clock_time) -> None:
    assert parse_weekly(text) == WeeklySlot(weekday, at)


def test_ptb_numbers_days_from_sunday() -> None:
    assert parse_weekly("sun 10:00").ptb_day == 0
    assert parse_weekly("sat 10:00").ptb_day == 6


@pytest.mark.parametrize("text", ["sa 09:00", "someday 09:00", "sat 24:00", "sat", "09:00"])
def test_a_bad_weekly_report_is_a_configuration_error(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path, text: str
) -> None:
    valid = bot_settings(fake_telegram, bot_simulator, tmp_path / "w.db")
    values = valid.model_dump()
    values["weekly_report"] = text
    with pytest.raises(ConfigError) as error:
        load_settings(Settings, **values, _env_file=None)
    assert any(line.startswith("WEEKLY_REPORT:") for line in error.value.problems)


def test_weekly_report_is_off_by_default(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    assert bot_settings(fake_telegram, bot_simulator, tmp_path / "w.db").weekly_slot is None


async def test_the_weekly_job_sends_last_weeks_chart_credit_and_campaigns(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "w.db", weekly_report="sat 09:00"
    )
    async with open_runtime(settings) as runtime:
        db = runtime.db
        yesterday = time.time() - DAY
        for parts in (1, 3):
            message_id = await db.messages.create(new_message(parts=parts), now=yesterday)
            await db.messages.mark_sent(message_id, code="2", smsid=None, now=yesterday,
                                        next_check_at=None, check_interval=None, track_until=None)
        await db.messages.create(new_message(parts=50), now=time.time())  # today: not last week
        campaign = await db.campaigns.create(
            user_id=ADMIN, chat_id=ADMIN, text="hi", flash=False, parts=1,
            recipients=["09120000001", "09120000002"], invalid=0, duplicates=0,
            transport="soap", now=yesterday,
        )
        assert await db.campaigns.move(
            campaign, source=(CampaignStatus.DRAFT,), target=CampaignStatus.RUNNING, now=yesterday
        )
        assert await db.campaigns.move(
            campaign, source=(CampaignStatus.RUNNING,), target=CampaignStatus.FINISHED,
            now=yesterday + 60,
        )
        await db.messages.flush()
        app = build_application(runtime)
        async with app:
            [job] = app.job_queue.get_jobs_by_name("weekly")  # type: ignore[union-attr]
            assert "day_of_week='sat'" in str(job.job.trigger)
            assert "hour='9', minute='0'" in str(job.job.trigger)
            await job.run(app)
            await job.run(app)  # run twice (a restart at the hour): still one report
            assert await runtime.pump.pump(app.bot) == 1
    [call] = fake_telegram.calls_to("sendPhoto")
    assert call.params["chat_id"] == ADMIN
    caption = call.params["caption"]
    assert caption.startswith("🗓 <b>Weekly report</b>\n📊 <b>Last 7 days</b>")
    assert "sent, no report 2" in caption and "credit used in these days: 4" in caption
    assert f"credit left: {bot_simulator.config.credit:,}" in caption
    assert f"#{campaign}: 2 recipient(s), finished" in caption
    assert Image.open(io.BytesIO(next(iter(call.files.values())))).format == "PNG"
