"""Plans shown in replies: the Save button's plan by number, and each user's last plan."""

from __future__ import annotations

from sqlalchemy import Table, func, insert, select
from sqlalchemy import delete as sql_delete
from sqlalchemy.ext.asyncio import AsyncSession

from model import Plan
from storage.errors import NotFound
from storage.forgetting import refuse_if_forgotten
from storage.rules import parse_plan, plan_json
from storage.sessions import Sessions, now
from storage.tables import ShownPlan

shown_plan: Table = ShownPlan.__table__  # type: ignore[attr-defined]

SHOWN_PLANS_KEPT = 100  # per user


class ShownPlans:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions

    async def remember(self, actor: int, plan: Plan) -> int:
        """Keep a plan the actor was answered with; returns its number for a Save button.

        The newest is the actor's last plan (`/scenario save`); each user keeps their latest
        SHOWN_PLANS_KEPT, so a Save button on a much older reply asks for a re-run.
        """
        async with self._sessions.write(actor) as session:
            await refuse_if_forgotten(session, actor)
            return await keep_shown(session, actor, plan_json(plan))

    async def forget(self, number: int) -> None:
        """Drop a remembered plan whose answer never reached the user."""
        async with self._sessions.write() as session:
            await session.execute(sql_delete(shown_plan).where(shown_plan.c.id == number))

    async def last(self, actor: int) -> Plan | None:
        async with self._sessions.read() as session:
            text = await last_plan(session, actor)
        return parse_plan(text) if text else None

    async def recall(self, number: int, owner: int | None = None) -> Plan:
        """A plan shown in a reply, by its number from `remember`; whoever saw it may save it.

        Given the `owner` it was shown to, a plan that is missing though they keep fewer than
        SHOWN_PLANS_KEPT newer ones was not pruned: they had Flywheel forget them.
        """
        async with self._sessions.read() as session:
            result = await session.execute(
                select(shown_plan.c.plan).where(shown_plan.c.id == number)
            )
            text = result.scalar_one_or_none()
            newer = 0
            if text is None and owner is not None:
                counted = await session.execute(
                    select(func.count()).where(
                        shown_plan.c.owner_id == owner, shown_plan.c.id > number
                    )
                )
                newer = counted.scalar_one()
        if text is not None:
            return parse_plan(text)
        if owner is not None and newer < SHOWN_PLANS_KEPT:
            raise NotFound(
                "That plan is gone: the person it was shown to had Flywheel delete their data. "
                "Run the command yourself to save your own."
            )
        raise NotFound("That answer is too old to save now: run the command again and save it.")


async def last_plan(session: AsyncSession, actor: int) -> str | None:
    """The JSON of the actor's last shown plan, in an open session."""
    result = await session.execute(
        select(shown_plan.c.plan)
        .where(shown_plan.c.owner_id == actor)
        .order_by(shown_plan.c.id.desc())
        .limit(1)
    )
    text: str | None = result.scalar_one_or_none()
    return text


async def snapshot_plan(session: AsyncSession, number: int, owner: int) -> str:
    """The JSON of plan `number` as shown to `owner` (a shared card's snapshot), in a session."""
    result = await session.execute(
        select(shown_plan.c.plan).where(shown_plan.c.id == number, shown_plan.c.owner_id == owner)
    )
    text: str | None = result.scalar_one_or_none()
    if text is None:
        raise NotFound(
            "That card is older than the plans Flywheel keeps: fork the scenario as it is now "
            "with /scenario fork, or ask its owner to share it again."
        )
    return text


async def keep_shown(session: AsyncSession, actor: int, plan_text: str) -> int:
    """Insert a plan shown to `actor` and drop theirs beyond SHOWN_PLANS_KEPT, in a write
    transaction holding their lock; returns its number."""
    values = {"owner_id": actor, "plan": plan_text, "created_at": now()}
    shown = await session.execute(insert(shown_plan).values(values).returning(shown_plan.c.id))
    number: int = shown.scalar_one()
    oldest_kept = (
        select(shown_plan.c.id)
        .where(shown_plan.c.owner_id == actor)
        .order_by(shown_plan.c.id.desc())
        .offset(SHOWN_PLANS_KEPT - 1)
        .limit(1)
        .scalar_subquery()
    )
    await session.execute(
        sql_delete(shown_plan).where(shown_plan.c.owner_id == actor, shown_plan.c.id < oldest_kept)
    )
    return number
