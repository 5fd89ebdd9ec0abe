"""Run a lens on a plan and render its card: one call, for any caller that holds the services.

Slash commands call it today; a what-if in conversation or a team estimate can call it the
same way, with no interaction: `await lens_answer(services, "margin", plan, actor=user_id)`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import discord

from commands import _jobs, _render
from commands._buttons import view_of
from commands._plans import SavePlan
from commands.cards import lens_code
from commands.errors import quoted_safely
from commands.lens_registry import LENSES, Lens
from commands.outputs import Answer
from commands.services import Services
from model import Plan
from storage import StorageError

T = TypeVar("T")


class Wait(Protocol):
    """How to wait for the worker and the database: plainly, or (for an interaction) deferring
    when it runs late."""

    def __call__(self, work: Awaitable[T], /) -> Awaitable[T]: ...


@dataclass(frozen=True)
class LensReply:
    """A lens's answer as a message: card, chart and Save button, ready for `replies.send`."""

    lens: Lens[Any]
    answer: Answer[Any]
    embed: discord.Embed
    shown: int  # the plan's number in the store, which the Save button carries
    owner: int  # whom it was shown to (a Save after they had Flywheel forget them says so)

    def message(self) -> dict[str, Any]:
        return {
            "embed": self.embed,
            "file": _render.chart_file(self.answer.chart),
            # The lens rides along so a reply or form on the card can find it (commands/cards),
            # and whom it was shown to, so Save can tell a forgotten plan from a pruned one.
            "view": view_of(SavePlan(self.shown, lens_code(self.lens.name), self.owner)),
        }


async def plainly(work: Awaitable[T]) -> T:
    """The default `Wait`: await the work, with no deadline of its own."""
    return await work


async def lens_answer(
    services: Services,
    lens: str | Lens[Any],
    plan: Plan,
    *,
    actor: int,
    save_as: str | None = None,
    seed: int | None = None,
    wait: Wait = plainly,
) -> LensReply:
    """Compute and draw in a worker while the plan is remembered for the Save button.

    `plan` is valid already (a Plan checks itself when made): nothing here checks it again.
    `save_as` saves it under that name too, once the answer exists; a refusal becomes a note.
    `seed` replays the Monte Carlo run of a plan with ranges.
    """
    lens = LENSES[lens] if isinstance(lens, str) else lens
    store = services.store
    work = services.workers.submit(_jobs.answer, lens.name, plan, seed)
    remembering = asyncio.ensure_future(store.shown.remember(actor, plan))
    try:
        answer, shown = await asyncio.gather(wait(work), remembering)
    except BaseException:
        await _forget_if_remembered(services, remembering)
        raise
    note = ""
    if save_as:
        try:
            saved = await wait(store.scenarios.save(actor, save_as, plan))
            note = f"Saved as “{_render.safe(saved.name)}”."
        except StorageError as error:
            note = f"Not saved: {quoted_safely(str(error))}"
    card = _render.lens_card(lens, answer, plan, note=note)
    return LensReply(lens, answer, card, shown, actor)


async def _forget_if_remembered(services: Services, remembering: asyncio.Future[int]) -> None:
    """A plan that got no answer is not the user's last plan: `/scenario save` must not take it."""
    try:
        number = await remembering
    except Exception:
        return
    await services.store.shown.forget(number)
