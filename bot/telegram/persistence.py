"""PTB's persistence over the bot's SQLite file: open conversations and user data survive a
restart. Values are JSON (a conversation's state is a string, user data holds plain values), so
nothing the framework builds (a Bot, a Message) is ever stored.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from storage import Database

UserData = dict[Any, Any]
ConversationKey = tuple[int | str, ...]
ConversationDict = dict[ConversationKey, object]
_USER_DATA = "user_data"
# Written at most this often (seconds): only what changed since the last write is written.
UPDATE_INTERVAL = 1.0


class SqlitePersistence(BasePersistence[UserData, dict[Any, Any], dict[Any, Any]]):
    def __init__(self, db: Database) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
            update_interval=UPDATE_INTERVAL,
        )
        self._db = db

    async def get_conversations(self, name: str) -> ConversationDict:
        stored = await self._db.telegram.all(_conversations(name))
        return {tuple(json.loads(key)): json.loads(state) for key, state in stored.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        kind, stored_key = _conversations(name), json.dumps(list(key))
        if new_state is None:
            await self._db.telegram.delete(kind, stored_key)
        else:
            await self._db.telegram.put(kind, stored_key, json.dumps(new_state))

    async def get_user_data(self) -> dict[int, UserData]:
        stored = await self._db.telegram.all(_USER_DATA)
        return {int(user): json.loads(data) for user, data in stored.items()}

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        if data:
            await self._db.telegram.put(_USER_DATA, str(user_id), json.dumps(data))
        else:
            await self._db.telegram.delete(_USER_DATA, str(user_id))

    async def drop_user_data(self, user_id: int) -> None:
        await self._db.telegram.delete(_USER_DATA, str(user_id))

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Nothing else writes user data: what is in memory is current."""

    # Chat data, bot data and callback data are not kept (see `store_data`).

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Not kept."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Not kept."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Not kept."""

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Not kept."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Not kept."""

    async def get_callback_data(self) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        """Not kept."""

    async def flush(self) -> None:
        """Every write above is committed when it returns."""


def _conversations(name: str) -> str:
    return f"conversation:{name}"
