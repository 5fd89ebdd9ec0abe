"""A what-if answered: the card's plan with the changes, through the card's lens, with what moved.

Shared by replies and mentions (`commands.conversation`) and the What if… form
(`commands.what_if_form`): both find the plan behind a card with `base_of` and answer with
`answer_what_if`, a full lens card (chart from the workers) headed by the change and the
headline figures before → after.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from commands import _render, whatif
from commands.answers import Wait, lens_answer, plainly
from commands.cards import SCENARIO, SHOWN, CardRef
from commands.errors import UserFacingError
from commands.lens_fields import Field
from commands.lens_registry import LENSES, Lens, lens_for
from commands.services import Services
from model import FIELDS, Plan, PlanError
from storage import NotFound

DESCRIPTION_MAX = 4096


@dataclass(frozen=True)
class Base:
    """The plan a what-if changes and the lens it was shown through; `name` for a scenario."""

    plan: Plan
    lens: Lens[Any]
    name: str | None = None


async def base_of(
    services: Services, ref: CardRef, actor: int, where: dict[str, Any]
) -> Base | None:
    """The plan behind a card, from its stored shown plan or its shared scenario (seen from
    `where`: `shared_here` or `shared_in`)."""
    store = services.store
    if ref.source == SHOWN:
        try:
            plan = await store.shown.recall(ref.number)
        except NotFound:
            raise UserFacingError(
                "That card is too old: its plan is no longer kept. Run the command again "
                "and reply to the new card."
            ) from None
        return Base(plan, LENSES[ref.lens] if ref.lens else lens_for(plan))
    if ref.source == SCENARIO:
        record = await store.scenarios.get(actor, f"#{ref.number}", **where)
        earlier = await store.versions.plan(record.id, ref.version) if ref.version else None
        plan = earlier or record.plan  # the version the card showed, unless that is the current
        return Base(plan, lens_for(plan), record.name)
    return None


async def answer_what_if(
    services: Services,
    base: Base | None,
    lens: Lens[Any] | None,
    changes: dict[str, object],
    *,
    actor: int,
    wait: Wait = plainly,
) -> dict[str, Any]:
    """The message (embed, chart, Save button) answering a what-if on `base` (or the defaults).

    `lens` overrides the card's lens; the figures that moved are the lens's, before and after.
    """
    before = base.plan if base else Plan()
    try:
        plan = before.replace(**changes)
    except PlanError as error:
        raise UserFacingError(str(error)) from error
    lens = lens or (base.lens if base else whatif.lens_reading(list(changes)))
    earlier = _headline(services, lens, before) if base else None
    reply = await lens_answer(services, lens, plan, actor=actor, wait=wait)
    before_fields = await earlier if earlier else None
    if base is not None:
        after_fields = lens.fields(reply.answer.result, plan.currency)
        header = _header(base, before, plan, before_fields, after_fields)
        reply.embed.description = f"{header}\n{reply.embed.description or ''}"[:DESCRIPTION_MAX]
    return reply.message()


def _headline(
    services: Services, lens: Lens[Any], plan: Plan
) -> asyncio.Future[list[Field] | None]:
    """The lens's figures for the plan before the change, from a worker; None if it has none."""

    async def figures() -> list[Field] | None:
        try:
            return await services.workers.submit(whatif.headline, lens.name, plan)
        except PlanError:
            return None  # the earlier plan cannot be seen through this lens: nothing to compare

    return asyncio.ensure_future(figures())


def _header(
    base: Base,
    before: Plan,
    after: Plan,
    before_fields: list[Field] | None,
    after_fields: list[Field],
) -> str:
    on = f" on “{_render.safe(base.name)}”" if base.name else ""
    lines = [f"**What if{on}:** {changes_text(before, after) or 'no change to the inputs'}"]
    if before_fields is not None:
        moved = whatif.moved(before_fields, after_fields)
        lines += (
            ["**What moved**", *(f"• {line}" for line in moved)]
            if moved
            else ["Nothing on this card moved."]
        )
    return "\n".join(lines)


def changes_text(before: Plan, after: Plan) -> str:
    """Each input that differs: "Price $199 → $249; Learning rate 85% → 80%"."""
    currency = after.currency

    def shown(name: str, value: object) -> str:
        return "none" if value is None else _render.value_text(name, value, currency)

    return "; ".join(
        f"{FIELDS[name].label} {shown(name, getattr(before, name))} → "
        f"{shown(name, getattr(after, name))}"
        for name in FIELDS
        if getattr(before, name) != getattr(after, name)
    )
