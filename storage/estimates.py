"""Team estimates: a question about one input of a scenario, answered privately by each member.

Each person's latest answer counts (one row per person and request, replaced on answering
again). Answers stay hidden until the asker reveals them; after that none is added or
changed (AlreadyRevealed), so the revealed list stays the one everyone saw, and a late
answer is told so rather than silently left out.

On PostgreSQL an answer share-locks its request row and a reveal update-locks it, so an
answer commits before the reveal (and is in it) or sees the reveal and is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, cast

from sqlalchemy import CursorResult, Row, Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from model import Plan
from storage.errors import InvalidInput
from storage.rules import parse_plan
from storage.sessions import now
from storage.tables import Estimate, EstimateRequest
from storage.team import (
    AlreadyRevealed,
    NotAllowed,
    TeamStorage,
    clean_question,
    estimable,
    estimate_value,
    snapshot,
)

estimate_request: Table = EstimateRequest.__table__  # type: ignore[attr-defined]
estimate: Table = Estimate.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class EstimateRequestRecord:
    id: int
    guild_id: int
    channel_id: int
    message_id: int | None  # the card, once posted
    asker_id: int | None  # None once the asker used /forget-me
    scenario_id: int | None
    scenario_name: str
    plan: Plan  # as it was when asked
    input_field: str
    question: str | None  # None: the card asks the default question
    revealed_at: datetime | None
    created_at: datetime
    answers: int  # how many people answered; their values stay hidden until revealed

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


@dataclass(frozen=True)
class EstimateRecord:
    request_id: int
    user_id: int
    typed: str  # as the person wrote it: "$1.2k"
    amount: float  # in the way the plan holds the input (money per unit, a share, ...)
    basis: str | None  # for the two-meaning inputs (selling_cost, retention, ...), else None
    updated_at: datetime
    author: str | None = None  # the display name they answered under, for the revealed card


class Revealed(NamedTuple):
    request: EstimateRequestRecord
    estimates: list[EstimateRecord]  # lowest first


class EstimateRepository(TeamStorage):
    """Estimate requests and answers. Every method is a coroutine and one transaction."""

    _table = estimate_request
    _missing = "That estimate is gone: it was withdrawn, or asked in another server."

    async def open_request(
        self,
        actor: int,
        *,
        guild_id: int | None,
        channel_id: int,
        scenario_name: str,
        plan: Plan,
        input_field: str,
        question: str | None = None,
        scenario_id: int | None = None,
    ) -> EstimateRequestRecord:
        """Ask the team to estimate `input_field` of a scenario, whose plan is copied as it is."""
        values = snapshot(guild_id, channel_id, scenario_name, scenario_id, plan) | {
            "asker_id": actor,
            "input_field": estimable(input_field),
            "question": clean_question(question),
        }
        return _request_record(await self._create(values), answers=0)

    async def request(self, request_id: int, *, guild_id: int | None) -> EstimateRequestRecord:
        """The request with how many have answered (never what they answered)."""
        async with self._sessions.read() as session:
            row = await self._row(session, request_id, guild_id)
            return _request_record(row, await _answers(session, request_id))

    async def add(
        self,
        actor: int,
        request_id: int,
        typed: str,
        *,
        guild_id: int | None,
        author: str | None = None,
    ) -> EstimateRecord:
        """Add the actor's estimate, or replace their earlier one. Refused once revealed.

        `author` is the name to list it under once revealed (Discord sends the answerer's
        display name with the answer; the bot has no member list to look it up later).
        """
        async with self._sessions.write() as session:
            row = await self._row(session, request_id, guild_id, lock="share")
            if row.revealed_at is not None:
                raise AlreadyRevealed(
                    "The estimates were already revealed, so answers can't change any more. "
                    "Ask again with /estimate for a new round."
                )
            typed, amount, basis = estimate_value(parse_plan(row.plan), row.input_field, typed)
            statement = self._sessions.upsert(
                estimate,
                {
                    "request_id": request_id,
                    "user_id": actor,
                    "typed": typed,
                    "value": json.dumps({"amount": amount, "basis": basis, "author": author}),
                    "updated_at": now(),
                },
            )
            return _estimate_record((await session.execute(statement.returning(*estimate.c))).one())

    async def mine(
        self, actor: int, request_id: int, *, guild_id: int | None
    ) -> EstimateRecord | None:
        """The actor's own answer, if any (to fill the form in with it)."""
        async with self._sessions.read() as session:
            await self._row(session, request_id, guild_id)
            rows = await session.execute(
                select(estimate).where(
                    estimate.c.request_id == request_id, estimate.c.user_id == actor
                )
            )
            row = rows.first()
            return None if row is None else _estimate_record(row)

    async def reveal(self, actor: int, request_id: int, *, guild_id: int | None) -> Revealed:
        """Every answer with its author. Only the asker may; revealing again changes nothing."""
        async with self._sessions.write() as session:
            row = await self._row(session, request_id, guild_id, lock="update")
            if row.asker_id != actor:
                raise NotAllowed("Only the person who asked can reveal the estimates.")
            answers = await _answers(session, request_id)
            if row.revealed_at is None:
                if answers == 0:
                    raise InvalidInput(
                        "Nobody has answered yet: reveal once someone has added an estimate."
                    )
                updated = await session.execute(
                    update(estimate_request)
                    .where(estimate_request.c.id == request_id)
                    .values(revealed_at=now())
                    .returning(*estimate_request.c)
                )
                row = updated.one()
            return Revealed(_request_record(row, answers), await _estimates(session, request_id))

    async def revealed(self, request_id: int, *, guild_id: int | None) -> Revealed:
        """The request and every answer with its author; NotAllowed until it is revealed."""
        async with self._sessions.read() as session:
            row = await self._row(session, request_id, guild_id)
            if row.revealed_at is None:
                raise NotAllowed(
                    "The estimates stay hidden until the person who asked reveals them."
                )
            estimates = await _estimates(session, request_id)
            return Revealed(_request_record(row, len(estimates)), estimates)

    async def forget(self, actor: int) -> int:
        """Delete the actor's answers and unrevealed requests (nobody else could reveal them;
        their answers were never seen); take the actor's name off revealed requests, whose
        result the team keeps. Returns how many answers of the actor's went."""
        async with self._sessions.write() as session:
            deleted = await session.execute(delete(estimate).where(estimate.c.user_id == actor))
            asked = estimate_request.c.asker_id == actor
            await session.execute(
                delete(estimate_request).where(asked, estimate_request.c.revealed_at.is_(None))
            )
            await session.execute(update(estimate_request).where(asked).values(asker_id=None))
            return cast(CursorResult, deleted).rowcount


async def _answers(session: AsyncSession, request_id: int) -> int:
    counted = await session.execute(select(func.count()).where(estimate.c.request_id == request_id))
    return counted.scalar_one()


async def _estimates(session: AsyncSession, request_id: int) -> list[EstimateRecord]:
    rows = await session.execute(select(estimate).where(estimate.c.request_id == request_id))
    return sorted(map(_estimate_record, rows), key=lambda record: (record.amount, record.user_id))


def _request_record(row: Row, answers: int) -> EstimateRequestRecord:
    fields = dict(row._mapping) | {"plan": parse_plan(row.plan), "answers": answers}
    return EstimateRequestRecord(**fields)


def _estimate_record(row: Row) -> EstimateRecord:
    value = json.loads(row.value)
    return EstimateRecord(
        row.request_id,
        row.user_id,
        row.typed,
        value["amount"],
        value["basis"],
        row.updated_at,
        value.get("author"),
    )
