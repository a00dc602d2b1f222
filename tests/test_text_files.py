"""Uploaded files: the encodings people's tools save are read, anything else is refused clearly."""

from __future__ import annotations

import codecs
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.recipients import RecipientsError, parse_file
from bot.simulator import Simulator
from bot.text_files import NotText, decode_upload
from tests.fake_telegram import FakeTelegram
from tests.fixtures_bot import ADMIN, RunningBot, bot_settings

TEXT = "نام,شماره\r\nعلی,۰۹۱۲۱۲۳۴۵۶۷\nSara,09351234567\n"
LEGACY = "نام,شماره\r\nعلي,09121234567\n"  # Arabic yeh: Windows-1256 has no Persian one
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (TEXT.encode(), TEXT),
        (codecs.BOM_UTF8 + TEXT.encode(), TEXT),
        (TEXT.encode("utf-16"), TEXT),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT),
        (TEXT.encode("utf-16-le"), TEXT),
        (TEXT.encode("utf-16-be"), TEXT),
        (LEGACY.encode("cp1256"), LEGACY),
        (b"", ""),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "cp1256", "empty"],
)
def test_the_encodings_people_save_are_read(content: bytes, text: str) -> None:
    assert decode_upload(content) == text


@pytest.mark.parametrize(
    "content",
    [PNG, b"PK\x03\x04\x14\x00\x06\x00\x08\x00", b"0912\x00\x01\x02\x03", bytes(range(256)),
     b"\xff\xfe\x00\xd8"],  # the last: a UTF-16 BOM, then a lone surrogate
    ids=["png", "zip", "controls", "all-bytes", "broken-utf16"],
)
def test_binary_files_are_refused(content: bytes) -> None:
    with pytest.raises(NotText):
        decode_upload(content)
    with pytest.raises(RecipientsError) as refused:
        parse_file("list.txt", content)
    assert refused.value.key == "upload.bad_encoding"


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=512))
def test_any_bytes_give_a_text_or_the_refusal(content: bytes) -> None:
    try:
        text = decode_upload(content)
    except NotText:
        return
    assert isinstance(text, str)
    try:
        parse_file("list.csv", content)
    except RecipientsError as refused:
        pytest.fail(f"decoded, then refused: {refused.key}")


@pytest.fixture
async def small_upload_bot(
    fake_telegram: FakeTelegram, bot_simulator: Simulator, tmp_path: Path
) -> AsyncIterator[RunningBot]:
    settings = bot_settings(fake_telegram, bot_simulator, tmp_path / "bot.db", upload_max_kb=1)
    async with RunningBot(fake_telegram, bot_simulator, settings) as bot:
        yield bot


async def _upload(bot: RunningBot, name: str, content: bytes) -> str:
    update = bot.telegram.send_document(ADMIN, name, content, caption="/bulk Hello")
    reply = await bot.reply_to(update["message"]["message_id"], chat_id=ADMIN)
    return str(reply["text"])


async def test_a_binary_upload_gets_a_clear_reply(running_bot: RunningBot) -> None:
    reply = await _upload(running_bot, "numbers.txt", PNG * 4)
    assert "could not read this file as text" in reply
    assert "Campaign #" not in reply


async def test_the_upload_size_cap_is_a_setting(small_upload_bot: RunningBot) -> None:
    reply = await _upload(small_upload_bot, "numbers.txt", b"09121234567\n" * 100)
    assert "too big (at most 1 KB)" in reply
    reply = await _upload(small_upload_bot, "numbers.txt", "09121234567\n".encode("utf-16"))
    assert "Campaign #" in reply
