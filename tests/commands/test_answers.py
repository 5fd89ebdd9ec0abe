"""`lens_answer` without Discord: the one call what-ifs and estimates will use, on a real store.

Jobs run in a thread of this process (the `Workers` protocol's simplest form), so these take
milliseconds; the end-to-end tests run the same path through real worker processes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest

import model
from commands.answers import lens_answer
from commands.lens_registry import LENSES
from model import Plan, PlanError, parse_input
from storage import Store
from tests.commands.samples import LENS_INPUTS

T = TypeVar("T")
ALICE = 1


class ThreadWorkers:
    def submit(self, fn: Callable[..., T], /, *args: Any) -> asyncio.Future[T]:
        return asyncio.get_running_loop().run_in_executor(None, fn, *args)


@dataclass
class Services:
    store: Store
    workers: ThreadWorkers


@pytest.fixture
def services(store: Store) -> Services:
    return Services(store, ThreadWorkers())


def _plan(lens: str) -> Plan:
    typed = LENS_INPUTS[lens]
    return Plan().replace(**{name: parse_input(name, text) for name, text in typed.items()})


@pytest.mark.parametrize("lens", LENSES)
async def test_a_lens_answer_is_its_card_its_chart_and_a_remembered_plan(services, lens):
    plan = _plan(lens)

    reply = await lens_answer(services, lens, plan, actor=ALICE)

    expected = LENSES[lens].fields(LENSES[lens].compute(plan), plan.currency)
    assert [(f.name, f.value) for f in reply.embed.fields] == expected
    assert reply.embed.title == reply.answer.chart.title
    assert reply.message()["file"].description == reply.answer.chart.alt_text
    assert await services.store.shown.recall(reply.shown) == plan
    assert await services.store.shown.last(ALICE) == plan


async def test_save_as_saves_and_says_so_and_a_refusal_is_a_note(services):
    plan = _plan("margin")

    saved = await lens_answer(services, "margin", plan, actor=ALICE, save_as="Launch")
    refused = await lens_answer(services, "margin", plan, actor=ALICE, save_as="Launch")

    assert "Saved as “Launch”." in saved.embed.description
    assert "Not saved: You already have a scenario called 'Launch'" in refused.embed.description
    assert (await services.store.scenarios.get(ALICE, "Launch")).plan == plan


async def test_a_plan_that_gets_no_answer_is_not_the_last_plan(services):
    answered = _plan("critical-mass")
    await lens_answer(services, "critical-mass", answered, actor=ALICE)
    sells_nothing = answered.replace(launch_volume=0, peak_volume=0)
    with pytest.raises(PlanError):
        model.critical_mass(sells_nothing)

    with pytest.raises(PlanError):
        await lens_answer(services, "critical-mass", sells_nothing, actor=ALICE)

    assert await services.store.shown.last(ALICE) == answered
