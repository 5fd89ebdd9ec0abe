"""/forget-me is final: work a person asked for before they confirmed cannot store anything after.

Handlers say when the work was asked for (`asked_at`, the interaction's creation time, from
Discord's clock); `forget` leaves a marker with the confirmation's time, in the same transaction
that deletes, under the person's write lock. A write that creates data for them checks it under
the same lock: it either committed before the forget (and was deleted and counted by it) or sees
the marker and is refused. So the count the person is told is final, in every process.
Markers hold only the user id and a time, and are dropped an hour later (an interaction's work
ends within Discord's 15 minutes).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.errors import NotFound
from storage.sessions import Sessions, now
from storage.state import bot_state

_asked_at: contextvars.ContextVar[datetime | None] = contextvars.ContextVar(
    "flywheel_asked_at", default=None
)
_PREFIX = "forgotten:"
MARKER_KEPT = timedelta(hours=1)


class Forgotten(NotFound):
    """The person had Flywheel forget them while this was running."""

    def __init__(self) -> None:
        super().__init__(
            "You asked Flywheel to forget you while this was running, so nothing was saved."
        )


@contextmanager
def asked_at(moment: datetime) -> Iterator[None]:
    """Work in this block (and tasks it starts) was asked for at `moment`."""
    token = _asked_at.set(moment)
    try:
        yield
    finally:
        _asked_at.reset(token)


def set_asked_at(moment: datetime) -> None:
    """As `asked_at`, for the rest of the current task (an interaction's own task)."""
    _asked_at.set(moment)


async def refuse_if_forgotten(session: AsyncSession, actor: int) -> None:
    """Raise Forgotten if `actor` confirmed /forget-me after this work was asked for.

    Call it in a write transaction holding the actor's lock, before creating their data.
    """
    asked = _asked_at.get()
    if asked is None:
        return
    result = await session.execute(
        select(bot_state.c.value).where(bot_state.c.key == f"{_PREFIX}{actor}")
    )
    marker = result.scalar_one_or_none()
    if marker is not None and datetime.fromisoformat(marker) >= asked:
        raise Forgotten


async def mark_forgotten(sessions: Sessions, session: AsyncSession, actor: int) -> None:
    """Leave the marker (the confirmation's time) and drop markers older than MARKER_KEPT."""
    stamp = now()
    moment = _asked_at.get() or stamp
    values = {"key": f"{_PREFIX}{actor}", "value": moment.isoformat(), "updated_at": stamp}
    await session.execute(sessions.upsert(bot_state, values))
    await session.execute(
        delete(bot_state).where(
            bot_state.c.key.startswith(_PREFIX), bot_state.c.updated_at < stamp - MARKER_KEPT
        )
    )
