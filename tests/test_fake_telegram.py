"""The fake Bot API driven by the real python-telegram-bot over real HTTP."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_markup import MarkupError, parse_markup

ADMIN = 424242
Context = ContextTypes.DEFAULT_TYPE


def _builder(fake: FakeTelegram) -> Any:
    return ApplicationBuilder().token(fake.token).base_url(fake.base_url).base_file_url(fake.file_url)


@asynccontextmanager
async def _polling(
    fake: FakeTelegram, *handlers: BaseHandler[Any, Any, Any]
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    app = _builder(fake).build()
    app.add_handlers(handlers)
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


@asynccontextmanager
async def _bot(fake: FakeTelegram, *, token: str | None = None) -> AsyncIterator[Bot]:
    bot = Bot(token or fake.token, base_url=fake.base_url, base_file_url=fake.file_url)
    async with bot:
        yield bot


async def _reply_pong(update: Update, context: Context) -> None:
    assert update.message is not None
    await update.message.reply_text("pong", do_quote=True)


# ---------------------------------------------------------------- polling end to end


async def test_command_reply_reaches_the_same_chat_as_a_quote(fake_telegram: FakeTelegram) -> None:
    async with _polling(fake_telegram, CommandHandler("ping", _reply_pong)):
        asked = fake_telegram.send_text(ADMIN, "/ping now")
        await fake_telegram.wait_for(lambda: bool(fake_telegram.messages_in(ADMIN)))

    (reply,) = fake_telegram.messages_in(ADMIN)
    assert reply["text"] == "pong"
    assert reply["chat"]["id"] == ADMIN
    assert reply["reply_to_message"]["message_id"] == asked["message"]["message_id"]
    (call,) = fake_telegram.calls_to("sendMessage")
    assert call.params["chat_id"] == ADMIN
    assert call.params["reply_parameters"]["message_id"] == asked["message"]["message_id"]


async def test_plain_text_is_not_a_command(fake_telegram: FakeTelegram) -> None:
    async with _polling(fake_telegram, CommandHandler("ping", _reply_pong)):
        fake_telegram.send_text(ADMIN, "ping")
        fake_telegram.send_text(ADMIN, "/ping")
        await fake_telegram.wait_for(lambda: bool(fake_telegram.sent))

    assert len(fake_telegram.calls_to("sendMessage")) == 1


async def test_updates_are_delivered_once_in_order(fake_telegram: FakeTelegram) -> None:
    seen: list[str] = []

    async def remember(update: Update, context: Context) -> None:
        assert update.message is not None and update.message.text is not None
        seen.append(update.message.text)

    async with _polling(fake_telegram, MessageHandler(filters.TEXT, remember)):
        for word in ("one", "two", "three"):
            fake_telegram.send_text(ADMIN, word)
        await fake_telegram.wait_for(lambda: len(seen) == 3)
        fake_telegram.send_text(ADMIN, "four")
        await fake_telegram.wait_for(lambda: len(seen) == 4)

    assert seen == ["one", "two", "three", "four"]


async def test_button_press_is_answered_and_the_message_edited(
    fake_telegram: FakeTelegram,
) -> None:
    async def offer(update: Update, context: Context) -> None:
        assert update.message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="ok:1")]])
        await update.message.reply_text("Send it?", reply_markup=keyboard)

    async def confirm(update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Sent")
        await query.edit_message_text(f"Confirmed {query.data}")

    handlers = (CommandHandler("send", offer), CallbackQueryHandler(confirm))
    async with _polling(fake_telegram, *handlers):
        fake_telegram.send_text(ADMIN, "/send")
        await fake_telegram.wait_for(lambda: bool(fake_telegram.messages_in(ADMIN)))
        (offered,) = fake_telegram.messages_in(ADMIN)
        pressed = fake_telegram.press_button(ADMIN, offered, "ok:1")
        await fake_telegram.wait_for_call("editMessageText")

    (answer,) = fake_telegram.calls_to("answerCallbackQuery")
    assert answer.params == {
        "callback_query_id": pressed["callback_query"]["id"],
        "text": "Sent",
    }
    assert answer.status == 200
    (edited,) = fake_telegram.messages_in(ADMIN)
    assert edited["text"] == "Confirmed ok:1"
    assert "reply_markup" not in edited  # editing without a keyboard removes it, as in Telegram
    assert [m["text"] for m in fake_telegram.sent] == ["Send it?", "Confirmed ok:1"]


async def test_document_downloaded_by_the_bot_equals_the_bytes_sent(
    fake_telegram: FakeTelegram,
) -> None:
    content = "۰۹۱۲۳۴۵۶۷۸۹,سلام\n09350000000,hi\n".encode() + bytes(range(256))
    received: list[bytes] = []

    async def fetch(update: Update, context: Context) -> None:
        assert update.message is not None and update.message.document is not None
        file = await update.message.document.get_file()
        received.append(bytes(await file.download_as_bytearray()))

    async with _polling(fake_telegram, MessageHandler(filters.Document.ALL, fetch)):
        fake_telegram.send_document(ADMIN, "numbers.csv", content, caption="/bulk")
        await fake_telegram.wait_for(lambda: bool(received))

    assert received == [content]


async def test_user_edit_arrives_as_edited_message(fake_telegram: FakeTelegram) -> None:
    edits: list[str] = []

    async def remember(update: Update, context: Context) -> None:
        assert update.edited_message is not None and update.edited_message.text is not None
        edits.append(update.edited_message.text)

    handler = MessageHandler(filters.UpdateType.EDITED_MESSAGE, remember)
    async with _polling(fake_telegram, handler):
        original = fake_telegram.send_text(ADMIN, "/send 0912 hi")
        fake_telegram.edit_text(ADMIN, original["message"]["message_id"], "/send 0913 hi")
        await fake_telegram.wait_for(lambda: bool(edits))

    assert edits == ["/send 0913 hi"]


async def test_stop_answers_a_pending_long_poll_at_once() -> None:
    fake = FakeTelegram()
    await fake.start()
    async with _bot(fake) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=30))
        await fake.wait_for(lambda: bool(fake.calls_to("getUpdates")))
        await fake.stop()  # would cut the poll off (NetworkError) if it were still waiting
        assert await poll == ()


# ---------------------------------------------------------------- faults


async def test_rate_limiter_retries_after_429(fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", status=429, retry_after=1)
    app = _builder(fake_telegram).rate_limiter(AIORateLimiter(max_retries=1)).build()
    async with app:
        await app.bot.send_message(ADMIN, "after the flood")

    statuses = [call.status for call in fake_telegram.calls_to("sendMessage")]
    assert statuses == [429, 200]
    assert [m["text"] for m in fake_telegram.messages_in(ADMIN)] == ["after the flood"]


async def test_429_without_rate_limiter_surfaces_retry_after(fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", status=429, retry_after=3)
    async with _bot(fake_telegram) as bot:
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(ADMIN, "too fast")

    assert str(raised.value).endswith(("Retry in 3 seconds", "Retry in 0:00:03"))
    assert fake_telegram.messages_in(ADMIN) == []


async def test_dropped_connection_is_a_network_error_and_nothing_is_sent(
    fake_telegram: FakeTelegram,
) -> None:
    fake_telegram.fail_next("sendMessage", drop=True)
    async with _bot(fake_telegram) as bot:
        with pytest.raises(NetworkError):
            await bot.send_message(ADMIN, "lost")
        await bot.send_message(ADMIN, "delivered")

    assert [m["text"] for m in fake_telegram.messages_in(ADMIN)] == ["delivered"]
    assert [call.status for call in fake_telegram.calls_to("sendMessage")] == [None, 200]


async def test_server_error_repeats_the_given_times(fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", status=502, times=2, description="Bad Gateway")
    async with _bot(fake_telegram) as bot:
        for _ in range(2):
            with pytest.raises(NetworkError, match="Bad Gateway"):
                await bot.send_message(ADMIN, "x")
        await bot.send_message(ADMIN, "y")

    assert [call.status for call in fake_telegram.calls_to("sendMessage")] == [502, 502, 200]


async def test_forbidden_fault_maps_to_ptb_forbidden(fake_telegram: FakeTelegram) -> None:
    fake_telegram.fail_next("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
    async with _bot(fake_telegram) as bot:
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(ADMIN, "x")


async def test_wrong_token_is_unauthorized(fake_telegram: FakeTelegram) -> None:
    with pytest.raises(InvalidToken, match="rejected"):
        async with _bot(fake_telegram, token="999:wrong-token"):
            pass

    assert fake_telegram.calls == []


async def test_unknown_method_is_not_found_and_recorded(fake_telegram: FakeTelegram) -> None:
    async with _bot(fake_telegram) as bot:
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": ADMIN})

    (call,) = fake_telegram.calls_to("sendTelepathy")
    assert (call.params, call.status) == ({"chat_id": ADMIN}, 404)


# ---------------------------------------------------------------- what Telegram refuses


async def test_html_is_stored_as_the_user_sees_it(fake_telegram: FakeTelegram) -> None:
    async with _bot(fake_telegram) as bot:
        await bot.send_message(ADMIN, "<b>اعتبار</b>: 100 &lt;ریال&gt;", parse_mode="HTML")

    (message,) = fake_telegram.messages_in(ADMIN)
    assert message["text"] == "اعتبار: 100 <ریال>"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 6}]
    assert fake_telegram.calls_to("sendMessage")[0].params["text"].startswith("<b>")


@pytest.mark.parametrize(
    ("text", "parse_mode"),
    [
        ("price < 100", "HTML"),
        ("<b>open", "HTML"),
        ("<blink>x</blink>", "HTML"),
        ("Sent to 0912.", "MarkdownV2"),
        ("*bold", "MarkdownV2"),
        ("under_score", "Markdown"),
    ],
)
async def test_malformed_markup_is_refused(fake_telegram: FakeTelegram, text: str, parse_mode: str) -> None:
    async with _bot(fake_telegram) as bot:
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(ADMIN, text, parse_mode=parse_mode)

    assert fake_telegram.sent == []


async def test_limits_and_unknown_targets_are_refused(fake_telegram: FakeTelegram) -> None:
    too_long_data = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    async with _bot(fake_telegram) as bot:
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(ADMIN, "x" * 4097)
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(ADMIN, "x", reply_markup=too_long_data)
        with pytest.raises(BadRequest, match="replied not found"):
            await bot.send_message(ADMIN, "x", reply_to_message_id=99)
        with pytest.raises(BadRequest, match="to edit not found"):
            await bot.edit_message_text("x", chat_id=ADMIN, message_id=99)
        await bot.send_message(ADMIN, "x" * 4096)

    assert len(fake_telegram.sent) == 1


async def test_unchanged_edit_is_not_modified(fake_telegram: FakeTelegram) -> None:
    async with _bot(fake_telegram) as bot:
        sent = await bot.send_message(ADMIN, "same")
        with pytest.raises(BadRequest, match="not modified"):
            await bot.edit_message_text("same", chat_id=ADMIN, message_id=sent.message_id)
        await bot.edit_message_text("changed", chat_id=ADMIN, message_id=sent.message_id)

    assert [m["text"] for m in fake_telegram.sent] == ["same", "changed"]
    assert fake_telegram.messages_in(ADMIN)[0]["edit_date"] > 0


async def test_callback_query_is_answered_only_once(fake_telegram: FakeTelegram) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go")]])
    async with _bot(fake_telegram) as bot:
        await bot.send_message(ADMIN, "menu", reply_markup=keyboard)
        (menu,) = fake_telegram.messages_in(ADMIN)
        query_id = fake_telegram.press_button(ADMIN, menu, "go")["callback_query"]["id"]
        assert await bot.answer_callback_query(query_id)
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await bot.answer_callback_query(query_id)


async def test_press_button_checks_the_keyboard_unless_told(fake_telegram: FakeTelegram) -> None:
    async with _bot(fake_telegram) as bot:
        await bot.send_message(ADMIN, "no buttons")
    (message,) = fake_telegram.messages_in(ADMIN)

    with pytest.raises(ValueError, match="no button"):
        fake_telegram.press_button(ADMIN, message, "forged")
    forged = fake_telegram.press_button(ADMIN, message, "forged", check=False)
    assert forged["callback_query"]["data"] == "forged"


# ---------------------------------------------------------------- other methods


async def test_uploaded_document_is_recorded_with_its_name(fake_telegram: FakeTelegram) -> None:
    report = b"mobile,state\n09120000000,delivered\n"
    async with _bot(fake_telegram) as bot:
        await bot.send_document(
            ADMIN, report, filename="report.csv", caption="<i>done</i>", parse_mode="HTML"
        )

    (call,) = fake_telegram.calls_to("sendDocument")
    assert call.files == {"report.csv": report}
    (message,) = fake_telegram.messages_in(ADMIN)
    assert message["document"]["file_name"] == "report.csv"
    assert message["document"]["file_size"] == len(report)
    assert message["caption"] == "done"


async def test_menu_commands_are_kept_and_checked(fake_telegram: FakeTelegram) -> None:
    async with _bot(fake_telegram) as bot:
        await bot.set_my_commands([("send", "Send an SMS"), ("balance", "Show credit")])
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await bot.set_my_commands([("Send-Now", "bad name")])

    assert fake_telegram.commands == [
        {"command": "send", "description": "Send an SMS"},
        {"command": "balance", "description": "Show credit"},
    ]


async def test_get_updates_honours_offset_and_limit(fake_telegram: FakeTelegram) -> None:
    ids = [fake_telegram.send_text(ADMIN, str(n))["update_id"] for n in range(3)]
    async with _bot(fake_telegram) as bot:
        first = await bot.get_updates(limit=2)
        rest = await bot.get_updates(offset=first[-1].update_id + 1)
        confirmed = await bot.get_updates(offset=ids[-1] + 1, timeout=0)

    assert [u.update_id for u in first] == ids[:2]
    assert [u.update_id for u in rest] == ids[2:]
    assert [u.message.text for u in rest if u.message] == ["2"]  # text "2" stays a string
    assert confirmed == ()


async def test_a_webhook_needs_https(fake_telegram: FakeTelegram) -> None:
    async with _bot(fake_telegram) as bot:
        with pytest.raises(BadRequest, match=r"(?i)https url"):
            await bot.set_webhook("http://bot.example.test/hook")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_webhook_mode_end_to_end(fake_telegram: FakeTelegram) -> None:
    port = _free_port()
    secret = "s3cret-Token_1"
    app = _builder(fake_telegram).build()
    app.add_handler(CommandHandler("ping", _reply_pong))
    async with app:
        await app.start()
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url="https://bot.example.test:8443/hook",
            secret_token=secret,
        )
        update = fake_telegram.send_text(ADMIN, "/ping")
        hook = f"http://127.0.0.1:{port}/hook"
        wrong = await fake_telegram.post_webhook(hook, update, "not-the-secret")
        right = await fake_telegram.post_webhook(hook, update, secret)
        await fake_telegram.wait_for(lambda: bool(fake_telegram.sent))
        with pytest.raises(Conflict):
            await app.bot.get_updates()
        await app.updater.stop()
        await app.stop()

    (set_webhook,) = fake_telegram.calls_to("setWebhook")
    assert set_webhook.params["url"] == "https://bot.example.test:8443/hook"
    assert set_webhook.params["secret_token"] == secret
    assert (wrong, right) == (403, 200)
    assert fake_telegram.messages_in(ADMIN)[0]["text"] == "pong"


# ---------------------------------------------------------------- markup parsing


def test_entity_offsets_count_utf16_units() -> None:
    text, entities = parse_markup("😀 <b>سلام</b> <a href='https://x.test/?a=1&amp;b=2'>l</a>", "HTML")

    assert text == "😀 سلام l"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 8, "length": 1, "url": "https://x.test/?a=1&b=2"},
    ]


def test_markdown_v2_escapes_and_entities() -> None:
    text, entities = parse_markup(r"*Sent* to 0912\.\.\. [link](https://x.test/a\)b) `a\`b`", "MarkdownV2")

    assert text == "Sent to 0912... link a`b"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "text_link", "offset": 16, "length": 4, "url": "https://x.test/a)b"},
        {"type": "code", "offset": 21, "length": 3},
    ]


def test_unsupported_parse_mode_is_an_error() -> None:
    with pytest.raises(MarkupError):
        parse_markup("x", "BBCode")


def test_pre_with_language_is_one_entity() -> None:
    html = '<pre><code class="language-python">print(1)</code></pre>'

    assert parse_markup(html, "HTML") == (
        "print(1)",
        [{"type": "pre", "offset": 0, "length": 8, "language": "python"}],
    )
