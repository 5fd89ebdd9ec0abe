"""`Store`: the bot's handle on the database, opened once at start-up and closed at shutdown."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import create_async_engine
from storage.scenarios import ScenarioRepository
from storage.sessions import Sessions
from storage.shown_plans import ShownPlans
from storage.state import State


class Store:
    """Owns the async engine and the repositories on it, which share one write lock.

    `scenarios`: named plans; `shown`: plans shown in replies (Save buttons, the last plan);
    `state`: process-wide key/value state.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        sessions = Sessions(engine)
        self.scenarios = ScenarioRepository(sessions)
        self.shown = ShownPlans(sessions)
        self.state = State(sessions)

    @classmethod
    async def open(cls, url: str) -> Store:
        """Create the engine for `url` and check the database answers. Does not migrate."""
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    async def close(self) -> None:
        await self.engine.dispose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
