"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real PTB Application.

Configure PTB with
`ApplicationBuilder().token(fake.token).base_url(fake.base_url).base_file_url(fake.file_url)`.
The fake keeps chats, messages, files and pending updates in memory and answers like the Bot API
(same JSON shapes, same error descriptions for the mistakes a bot commonly makes). Tests play the
user with send_text/press_button/send_document and look at `calls` (raw requests) or
`messages_in(chat)` (what the user sees: markup parsed into entities, edits applied);
`fetched(update)` says the bot has taken an update (see `RunningBot.handled` for "and handled it").

It implements the Bot API methods the bot calls and no more (any other is 404, and recorded). To add
one: a coroutine `_method_name(params, uploads)` returning the result, and its row in `_handlers`.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import ssl
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

import aiohttp
from aiohttp import web
from yarl import URL

from bot.local_server import LocalServer
from tests.fake_telegram_markup import MarkupError, leading_command_entity, parse_markup, utf16_len

JSON = dict[str, Any]

# Parameters the Bot API takes as plain strings: never JSON-decode them ("100" stays "100").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "file_id",
        "url",
        "secret_token",
    }
)
_BUTTON_ACTIONS = frozenset(
    {
        "callback_data",
        "url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "web_app",
        "login_url",
        "callback_game",
        "pay",
        "copy_text",
    }
)
_MAX_TEXT = 4096
_MAX_CAPTION = 1024
_WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


@dataclass
class ApiCall:
    """One Bot API request as the fake received it.

    params holds the decoded parameters (JSON values decoded, text fields kept as strings);
    files maps each uploaded file's name to its bytes; status is the HTTP status the fake
    answered (None while a long poll is pending or when the connection was dropped).
    """

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    status: int | None = None


@dataclass
class _Fault:
    status: int
    retry_after: int | None
    drop: bool
    description: str


@dataclass(frozen=True)
class _Upload:
    filename: str
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class _StoredFile:
    file_id: str
    unique_id: str
    path: str
    content: bytes


class _ApiError(Exception):
    """An error answer of the Bot API."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad_request(detail: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {detail}")


def _error_body(status: int, description: str, parameters: JSON | None = None) -> JSON:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, _Upload]]:
    """Parameters from the query string and a form, multipart or JSON body, like the Bot API."""
    params: dict[str, Any] = {key: _decode(key, value) for key, value in request.query.items()}
    uploads: dict[str, _Upload] = {}
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body if isinstance(body, dict) else {})
        return params, uploads
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            content = value.file.read()
            uploads[key] = _Upload(value.filename or key, content, value.content_type)
        elif isinstance(value, str):
            params[key] = _decode(key, value)
    return params, uploads


def _decode(key: str, raw: str) -> Any:
    if key in _STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class FakeTelegram(LocalServer):
    """In-memory Bot API on an ephemeral 127.0.0.1 port. Use `async with FakeTelegram() as fake`.
    With `tls` (a server-side SSLContext) it serves https."""

    def __init__(
        self, token: str = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz", *,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(shutdown_timeout=1.0, tls=tls)
        self.token = token
        self.base_url = ""
        self.file_url = ""
        self.port = 0
        self.bot_user: JSON = {
            "id": 7000001,
            "is_bot": True,
            "first_name": "smsbridge",
            "username": "smsbridge_test_bot",
        }
        self.calls: list[ApiCall] = []
        self.sent: list[JSON] = []
        self.commands: list[JSON] = []
        self._users: dict[int, JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._messages: dict[int, dict[int, JSON]] = {}
        self._files: dict[str, _StoredFile] = {}
        self._pending: list[JSON] = []
        self._open_queries: set[str] = set()
        self._faults: dict[str, deque[_Fault]] = {}
        self._webhook: JSON = {}
        self._update_ids = itertools.count(100_000_001)
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._file_numbers = itertools.count(1)
        self._wakeup = asyncio.Event()
        self._closing = False
        # The Bot API methods the bot calls (PTB's start-up, polling and webhook included).
        self._handlers: dict[str, Callable[[JSON, dict[str, _Upload]], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "setWebhook": self._set_webhook,
            "setMyCommands": self._set_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "getFile": self._get_file,
        }
        # Method names are case-insensitive in the Bot API.
        self._canonical = {name.lower(): name for name in self._handlers}

    # ------------------------------------------------------------ lifecycle

    def _application(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._closing = False
        return app

    def _started(self) -> None:
        self.base_url = f"{self.server_url}/bot"
        self.file_url = f"{self.server_url}/file/bot"
        self.port = URL(self.server_url).port or 0

    async def stop(self) -> None:
        """Answers pending long polls at once, then closes the server."""
        self._closing = True
        self._wake_pollers()
        await super().stop()

    async def go_down(self) -> None:
        """Telegram unreachable: connections refused (open ones closed), state kept."""
        await self.stop()

    async def come_back(self) -> None:
        """Telegram reachable again, on the same address, with everything it had."""
        await self.start(port=self.port)

    # ------------------------------------------------------------ what tests look at

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def messages_in(self, chat_id: int) -> list[JSON]:
        """The bot's messages in a chat as the user sees them now (edits applied), oldest first."""
        stored = self._messages.get(chat_id, {})
        return [
            copy.deepcopy(message)
            for _, message in sorted(stored.items())
            if message["from"]["id"] == self.bot_user["id"]
        ]

    # A plain `timeout` argument keeps test code short; asyncio.timeout would add a block per wait.
    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,
    ) -> None:
        """Polls until predicate() is true; else AssertionError with a summary of the calls."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            if asyncio.get_running_loop().time() >= deadline:
                raise AssertionError(f"condition not met within {timeout}s\n{self._summary()}")
            await asyncio.sleep(0.01)

    async def wait_for_call(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[ApiCall]:
        """Waits until `method` was answered at least `count` times; returns all its calls."""

        def answered() -> bool:
            return sum(call.status is not None for call in self.calls_to(method)) >= count

        await self.wait_for(answered, timeout)
        return self.calls_to(method)

    def fetched(self, update: JSON) -> bool:
        """Whether the bot has taken `update`: a later getUpdates confirmed it (offset past its id).

        Only receipt: the bot runs updates concurrently, so its handlers may still be running.
        """
        return any(
            int(call.params.get("offset") or 0) > update["update_id"]
            for call in self.calls_to("getUpdates")
        )

    async def wait_fetched(self, *updates: JSON, timeout: float = 5.0) -> None:
        """Waits until the bot has taken every one of `updates` (see `fetched`)."""
        await self.wait_for(lambda: all(self.fetched(update) for update in updates), timeout)

    def _summary(self) -> str:
        polls = len(self.calls_to("getUpdates"))
        lines = [f"{polls} getUpdates calls; other calls:"]
        for call in self.calls:
            if call.method != "getUpdates":
                brief = {key: call.params[key] for key in list(call.params)[:4]}
                if "secret_token" in brief:
                    brief["secret_token"] = "***"
                lines.append(f"  {call.method} {brief} -> {call.status}")
        return "\n".join(lines)

    # ------------------------------------------------------------ faults

    def fail_next(
        self,
        method: str,
        *,
        status: int = 500,
        retry_after: int | None = None,
        times: int = 1,
        drop: bool = False,
        description: str = "Internal Server Error",
    ) -> None:
        """Makes the next `times` calls of `method` fail (or drop the connection unanswered)."""
        if status == 429 and retry_after is not None and description == "Internal Server Error":
            description = f"Too Many Requests: retry after {retry_after}"
        fault = _Fault(status, retry_after, drop, description)
        self._faults.setdefault(method, deque()).extend([fault] * times)

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method)
        return queue.popleft() if queue else None

    # ------------------------------------------------------------ the user's side

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: Literal["private", "group", "supergroup"] = "private",
        reply_to_message_id: int | None = None,
        first_name: str = "Admin",
        language_code: str = "fa",
    ) -> JSON:
        """Queues a text message from a user; a leading /command gets its bot_command entity."""
        user = self._user(user_id, first_name, language_code)
        chat = self._chat(chat_id if chat_id is not None else user_id, chat_type, user)
        message = self._new_message(chat, user, text=text, entities=leading_command_entity(text))
        if reply_to_message_id is not None:
            message["reply_to_message"] = self._quoted(chat["id"], reply_to_message_id)
        return self.push_update({"message": copy.deepcopy(message)})

    def edit_text(self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None) -> JSON:
        """Queues an edited_message update for a message the user sent earlier."""
        key = chat_id if chat_id is not None else user_id
        message = self._messages.get(key, {}).get(message_id)
        if message is None or message["from"]["id"] != user_id:
            raise ValueError(f"user {user_id} has no message {message_id} in chat {key}")
        message["text"] = text
        message["edit_date"] = int(time.time())
        message.pop("entities", None)
        if entities := leading_command_entity(text):
            message["entities"] = entities
        return self.push_update({"edited_message": copy.deepcopy(message)})

    def press_button(self, user_id: int, message: JSON, data: str, *, check: bool = True) -> JSON:
        """Queues a callback_query for a button of a bot message (its current state is sent).

        With check=True the button must be on the message now, as in a real client; pass
        check=False to simulate forged or stale callback data.
        """
        chat_id = message["chat"]["id"]
        current = self._messages.get(chat_id, {}).get(message["message_id"])
        if current is None:
            raise ValueError(f"no message {message['message_id']} in chat {chat_id}")
        if check and data not in _callback_data(current):
            raise ValueError(f"message has no button with callback_data {data!r}")
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(user_id, None, None),
            "message": copy.deepcopy(current),
            "chat_instance": f"instance{chat_id}",
            "data": data,
        }
        return self.push_update({"callback_query": query})

    def send_document(
        self,
        user_id: int,
        filename: str,
        content: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
        mime_type: str = "text/plain",
    ) -> JSON:
        """Queues a document message; the bot can fetch the bytes with getFile + download."""
        user = self._user(user_id, None, None)
        key = chat_id if chat_id is not None else user_id
        chat = self._chat(key, "private" if key > 0 else "supergroup", user)
        document = self._document(_Upload(filename, content, mime_type))
        message = self._new_message(chat, user, document=document)
        if caption is not None:
            message["caption"] = caption
            if entities := leading_command_entity(caption):
                message["caption_entities"] = entities
        return self.push_update({"message": copy.deepcopy(message)})

    def push_update(self, update: JSON) -> JSON:
        """Queues a raw update for getUpdates, giving it the next update_id."""
        queued = {"update_id": next(self._update_ids), **update}
        self._pending.append(queued)
        self._wake_pollers()
        return queued

    async def post_webhook(self, url: str, update: JSON, secret: str | None) -> int:
        """POSTs an update to the bot's webhook server like Telegram does; returns the status."""
        body = update if "update_id" in update else {"update_id": next(self._update_ids), **update}
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, json=body, headers=headers) as response,
        ):
            status = response.status
        if 200 <= status < 300:  # delivered: no longer pending
            self._pending = [u for u in self._pending if u["update_id"] != body["update_id"]]
        return status

    # ------------------------------------------------------------ HTTP handlers

    async def _handle_method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(_error_body(401, "Unauthorized"), status=401)
        name = request.match_info["method"]
        method = self._canonical.get(name.lower(), name)
        params, uploads = await _read_params(request)
        files = {upload.filename: upload.content for upload in uploads.values()}
        call = ApiCall(method, params, files)
        self.calls.append(call)
        fault = self._take_fault(method)
        if fault is not None and fault.drop:
            return await self._drop_connection(request)
        status, body = await self._answer(method, params, uploads, fault)
        call.status = status
        return web.json_response(body, status=status)

    async def _answer(
        self, method: str, params: JSON, uploads: dict[str, _Upload], fault: _Fault | None
    ) -> tuple[int, JSON]:
        if fault is not None:
            retry = {"retry_after": fault.retry_after} if fault.retry_after is not None else None
            return fault.status, _error_body(fault.status, fault.description, retry)
        handler = self._handlers.get(method)
        if handler is None:
            return 404, _error_body(404, "Not Found: method not found")
        try:
            result = await handler(params, uploads)
        except _ApiError as error:
            return error.status, _error_body(error.status, error.description, error.parameters)
        return 200, {"ok": True, "result": result}

    @staticmethod
    async def _drop_connection(request: web.Request) -> web.StreamResponse:
        """Closes the socket without a response, like a proxy or network failure."""
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError  # nothing can be written any more; end the handler quietly

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(_error_body(401, "Unauthorized"), status=401)
        path = request.match_info["path"]
        stored = next((f for f in self._files.values() if f.path == path), None)
        if stored is None:
            return web.json_response(_error_body(404, "Not Found"), status=404)
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ------------------------------------------------------------ Bot API methods

    async def _get_me(self, params: JSON, uploads: dict[str, _Upload]) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: JSON, uploads: dict[str, _Upload]) -> list[JSON]:
        if self._webhook.get("url"):
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        self._confirm(int(params.get("offset") or 0))
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = asyncio.get_running_loop().time() + float(params.get("timeout") or 0)
        while not self._pending and not self._closing:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            wakeup = self._wakeup
            try:
                await asyncio.wait_for(wakeup.wait(), remaining)
            except TimeoutError:
                break
        return copy.deepcopy(self._pending[:limit])

    def _confirm(self, offset: int) -> None:
        """Forgets confirmed updates: ids below offset (a negative offset keeps only the tail)."""
        if offset < 0:
            self._pending = self._pending[offset:]
        elif offset:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def _wake_pollers(self) -> None:
        # Each waiter holds the event it started with; a fresh one serves the next waiters.
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    async def _send_message(self, params: JSON, uploads: dict[str, _Upload]) -> JSON:
        chat = self._target_chat(params.get("chat_id"))
        text, entities = self._formatted(params, "text", "entities")
        if not text.strip():
            raise _bad_request("message text is empty")
        if utf16_len(text) > _MAX_TEXT:
            raise _bad_request("message is too long")
        message = self._bot_message(chat, params, text=text, entities=entities)
        return copy.deepcopy(message)

    async def _send_document(self, params: JSON, uploads: dict[str, _Upload]) -> JSON:
        chat = self._target_chat(params.get("chat_id"))
        document = self._outgoing_document(params.get("document"), uploads.get("document"))
        caption, entities = self._formatted(params, "caption", "caption_entities")
        if utf16_len(caption) > _MAX_CAPTION:
            raise _bad_request("message caption is too long")
        fields: JSON = {"document": document}
        if caption:
            fields["caption"] = caption
            if entities:
                fields["caption_entities"] = entities
        return copy.deepcopy(self._bot_message(chat, params, **fields))

    async def _send_photo(self, params: JSON, uploads: dict[str, _Upload]) -> JSON:
        chat = self._target_chat(params.get("chat_id"))
        photo = self._outgoing_photo(params.get("photo"), uploads.get("photo"))
        caption, entities = self._formatted(params, "caption", "caption_entities")
        if utf16_len(caption) > _MAX_CAPTION:
            raise _bad_request("message caption is too long")
        fields: JSON = {"photo": [photo]}
        if caption:
            fields["caption"] = caption
            if entities:
                fields["caption_entities"] = entities
        return copy.deepcopy(self._bot_message(chat, params, **fields))

    def _outgoing_photo(self, value: Any, upload: _Upload | None) -> JSON:
        """One PhotoSize: Telegram keeps several sizes, the fake only the one it was given."""
        if upload is None:
            stored = self._files.get(str(value)) if value else None
            if stored is None:
                raise _bad_request("wrong file identifier/HTTP URL specified")
            return {"file_id": stored.file_id, "file_unique_id": stored.unique_id}
        size = _png_size(upload.content)
        if size is None:
            raise _bad_request("IMAGE_PROCESS_FAILED")
        document = self._document(upload)
        return {
            "file_id": document["file_id"], "file_unique_id": document["file_unique_id"],
            "file_size": document["file_size"], "width": size[0], "height": size[1],
        }

    def photo_content(self, message: JSON) -> bytes:
        """The bytes of the (largest) photo of a message the bot sent."""
        file_id = message["photo"][-1]["file_id"]
        return self._files[file_id].content

    def _outgoing_document(self, value: Any, upload: _Upload | None) -> JSON:
        if upload is not None:
            if not upload.content:
                raise _bad_request("file must be non-empty")
            return self._document(upload)
        stored = self._files.get(str(value)) if value else None
        if stored is None:
            raise _bad_request("wrong file identifier/HTTP URL specified")
        return {"file_id": stored.file_id, "file_unique_id": stored.unique_id}

    async def _edit_message_text(self, params: JSON, uploads: dict[str, _Upload]) -> JSON:
        message = self._editable(params)
        text, entities = self._formatted(params, "text", "entities")
        if not text.strip():
            raise _bad_request("message text is empty")
        if utf16_len(text) > _MAX_TEXT:
            raise _bad_request("MESSAGE_TOO_LONG")
        markup = self._inline_markup(params.get("reply_markup"))
        if (message.get("text"), message.get("entities", []), message.get("reply_markup")) == (
            text,
            entities,
            markup,
        ):
            raise _bad_request(_NOT_MODIFIED)
        message["text"] = text
        _set_or_drop(message, "entities", entities or None)
        return self._record_edit(message, markup)

    async def _edit_message_reply_markup(self, params: JSON, uploads: dict[str, _Upload]) -> JSON:
        message = self._editable(params)
        markup = self._inline_markup(params.get("reply_markup"))
        if message.get("reply_markup") == markup:
            raise _bad_request(_NOT_MODIFIED)
        return self._record_edit(message, markup)

    def _editable(self, params: JSON) -> JSON:
        if params.get("inline_message_id"):
            raise _bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(params.get("chat_id"))
        message = self._messages.get(chat["id"], {}).get(int(params.get("message_id") or 0))
        if message is None:
            raise _bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_user["id"]:
            raise _bad_request("message can't be edited")
        return message

    def _record_edit(self, message: JSON, markup: JSON | None) -> JSON:
        _set_or_drop(message, "reply_markup", markup)
        message["edit_date"] = int(time.time())
        self.sent.append(copy.deepcopy(message))
        return copy.deepcopy(message)

    async def _answer_callback_query(self, params: JSON, uploads: dict[str, _Upload]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise _bad_request("query is too old and response timeout expired or query ID is invalid")
        self._open_queries.discard(query_id)
        return True

    async def _set_my_commands(self, params: JSON, uploads: dict[str, _Upload]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request('parameter "commands" is required')
        if len(commands) > 100:
            raise _bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands = copy.deepcopy(commands)
        return True

    async def _get_file(self, params: JSON, uploads: dict[str, _Upload]) -> JSON:
        stored = self._files.get(str(params.get("file_id", "")))
        if stored is None:
            raise _bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.content),
            "file_path": stored.path,
        }

    async def _set_webhook(self, params: JSON, uploads: dict[str, _Upload]) -> bool:
        url = str(params.get("url", ""))
        if url:
            _check_webhook(url, params.get("secret_token"))
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._webhook = {key: value for key, value in params.items() if value is not None}
        return True

    async def _delete_webhook(self, params: JSON, uploads: dict[str, _Upload]) -> bool:
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._webhook = {}
        return True

    # ------------------------------------------------------------ building state

    def _user(self, user_id: int, first_name: str | None, language_code: str | None) -> JSON:
        user = self._users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": first_name or "Admin"}
        )
        if first_name is not None:
            user["first_name"] = first_name
        if language_code is not None:
            user["language_code"] = language_code
        return copy.deepcopy(user)

    def _chat(self, chat_id: int, chat_type: str, user: JSON) -> JSON:
        if chat_id not in self._chats:
            if chat_type == "private":
                chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
            else:
                chat = {"id": chat_id, "type": chat_type, "title": f"Test {chat_type}"}
            self._chats[chat_id] = chat
        return copy.deepcopy(self._chats[chat_id])

    def _target_chat(self, raw: Any) -> JSON:
        """The chat a bot call addresses; the bot may write to any numeric chat id."""
        if isinstance(raw, str) and re.fullmatch(r"-?\d+", raw):
            raw = int(raw)
        if not isinstance(raw, int) or isinstance(raw, bool) or raw == 0:
            raise _bad_request("chat not found")
        if raw not in self._chats:
            self._chats[raw] = (
                {"id": raw, "type": "private", "first_name": "User"}
                if raw > 0
                else {"id": raw, "type": "supergroup", "title": "Test supergroup"}
            )
        return copy.deepcopy(self._chats[raw])

    def _new_message(self, chat: JSON, sender: JSON, **fields: Any) -> JSON:
        in_chat = self._messages.setdefault(chat["id"], {})
        message_id = max(in_chat, default=0) + 1
        message = {
            "message_id": message_id,
            "from": sender,
            "chat": chat,
            "date": int(time.time()),
            **{key: value for key, value in fields.items() if value not in (None, [])},
        }
        in_chat[message_id] = message
        return message

    def _bot_message(self, chat: JSON, params: JSON, **fields: Any) -> JSON:
        """Stores a message the bot sends, after checking its reply and keyboard parameters."""
        reply_to = self._reply_target(chat["id"], params)
        markup = self._inline_markup(params.get("reply_markup"))
        sender = {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")}
        message = self._new_message(chat, sender, **fields)
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if markup is not None:
            message["reply_markup"] = markup
        self.sent.append(copy.deepcopy(message))
        return message

    def _reply_target(self, chat_id: int, params: JSON) -> JSON | None:
        reply = params.get("reply_parameters") or {}
        if not reply and params.get("reply_to_message_id"):
            reply = {"message_id": params["reply_to_message_id"]}
        if not reply:
            return None
        target_chat = int(reply.get("chat_id", chat_id))
        if target_chat in self._messages and reply["message_id"] in self._messages[target_chat]:
            return self._quoted(target_chat, int(reply["message_id"]))
        if reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply"):
            return None
        raise _bad_request("message to be replied not found")

    def _quoted(self, chat_id: int, message_id: int) -> JSON:
        """A message as it appears in reply_to_message: one level deep."""
        message = self._messages.get(chat_id, {}).get(message_id)
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        return {key: copy.deepcopy(value) for key, value in message.items() if key != "reply_to_message"}

    def _formatted(self, params: JSON, text_key: str, entities_key: str) -> tuple[str, list[JSON]]:
        text = str(params.get(text_key) or "")
        if params.get(entities_key):
            return text, list(params[entities_key])
        try:
            return parse_markup(text, params.get("parse_mode"))
        except MarkupError as error:
            raise _bad_request(str(error)) from None

    @staticmethod
    def _inline_markup(markup: Any) -> JSON | None:
        """The markup a message keeps: only inline keyboards (others live in the client)."""
        if not isinstance(markup, dict) or "inline_keyboard" not in markup:
            return None
        for row in markup["inline_keyboard"]:
            for button in row:
                if not _BUTTON_ACTIONS & button.keys():
                    raise _bad_request("text buttons are unallowed in the inline keyboard")
                if len(str(button.get("callback_data", "")).encode()) > 64:
                    raise _bad_request("BUTTON_DATA_INVALID")
        return copy.deepcopy(markup)

    def _document(self, upload: _Upload) -> JSON:
        number = next(self._file_numbers)
        suffix = PurePosixPath(upload.filename).suffix
        stored = _StoredFile(
            file_id=f"BQACAgQAAxkBAAI{number:06d}",
            unique_id=f"AgAD{number:06d}",
            path=f"documents/file_{number}{suffix}",
            content=upload.content,
        )
        self._files[stored.file_id] = stored
        return {
            "file_name": upload.filename,
            "mime_type": upload.mime_type,
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(upload.content),
        }


def _png_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's header; None when it is no PNG (only PNG is accepted here)."""
    if not content.startswith(b"\x89PNG\r\n\x1a\n") or content[12:16] != b"IHDR":
        return None
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")


def _callback_data(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row if "callback_data" in button]


def _set_or_drop(message: JSON, key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value


def _check_webhook(url: str, secret: Any) -> None:
    if not url.startswith("https://"):
        raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    port = URL(url).port
    if port not in _WEBHOOK_PORTS:
        raise _bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
        raise _bad_request("secret token contains unallowed characters")
