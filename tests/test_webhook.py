"""Webhook mode: Telegram posts updates; the secret token is checked on every request."""

from __future__ import annotations

import socket
from pathlib import Path

from bot.simulator import Simulator
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings

SECRET = "webhook-secret_123"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_checks_secret_and_handles_updates(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> None:
    port = _free_port()
    settings = bot_settings(
        fake_telegram, bot_simulator, tmp_path / "bot.db",
        webhook_url="https://bot.example.org:8443/telegram/hook", webhook_listen="127.0.0.1",
        webhook_port=port, webhook_secret=SECRET,
    )
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        [registration] = fake_telegram.calls_to("setWebhook")
        assert registration.params["url"] == settings.webhook_url
        assert registration.params["secret_token"] == SECRET
        assert fake_telegram.calls_to("getUpdates") == []
        local = f"http://127.0.0.1:{port}/telegram/hook"
        forged = fake_telegram.send_text(ADMIN, "/send 09121234567 forged", language_code="en")
        assert await fake_telegram.post_webhook(local, forged, "wrong") == 403
        assert await fake_telegram.post_webhook(local, forged, None) == 403
        genuine = fake_telegram.send_text(ADMIN, "/send 09121234567 genuine", language_code="en")
        assert await fake_telegram.post_webhook(local, genuine, SECRET) == 200
        await bot.reply_to(genuine["message"]["message_id"], chat_id=ADMIN)
        texts = [r.fields["text"] for r in bot.gateway_requests("SendSMSWithID")]
        assert texts == ["genuine"]
