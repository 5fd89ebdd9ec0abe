"""Process-wide key/value state shared by every shard (e.g. the hash of the synced commands)."""

from __future__ import annotations

from sqlalchemy import Table, select

from storage.sessions import Sessions, now
from storage.tables import BotState

bot_state: Table = BotState.__table__  # type: ignore[attr-defined]


class State:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def get(self, key: str) -> str | None:
        async with self._sessions.read() as session:
            result = await session.execute(select(bot_state.c.value).where(bot_state.c.key == key))
            return result.scalar_one_or_none()

    async def set(self, key: str, value: str) -> None:
        async with self._sessions.write() as session:
            await session.execute(
                self._sessions.upsert(bot_state, {"key": key, "value": value, "updated_at": now()})
            )
