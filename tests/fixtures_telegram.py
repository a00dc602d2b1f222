"""Fixtures for end-to-end tests against the fake Telegram Bot API."""

from collections.abc import AsyncIterator

import pytest

from tests.fake_telegram import FakeTelegram


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """A running fake Bot API; stop any PTB Application using it before the test ends."""
    async with FakeTelegram() as fake:
        yield fake
