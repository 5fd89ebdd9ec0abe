"""Plans shown in replies: what Save buttons and /scenario save take."""

from __future__ import annotations

import pytest

from storage import NotFound, ShownPlans, Store
from storage.shown_plans import SHOWN_PLANS_KEPT
from tests.storage import ALICE, BOB, CHEAPER, PLAN


@pytest.fixture
def shown(store: Store) -> ShownPlans:
    return store.shown


async def test_last_plan_is_remembered_per_user(shown):
    assert await shown.last(ALICE) is None
    await shown.remember(ALICE, PLAN)
    await shown.remember(ALICE, CHEAPER)
    await shown.remember(BOB, PLAN)

    assert await shown.last(ALICE) == CHEAPER
    assert await shown.last(BOB) == PLAN


async def test_shown_plans_can_be_saved_by_whoever_saw_them(shown, repo):
    number = await shown.remember(ALICE, PLAN)
    assert await shown.recall(number) == PLAN
    saved = await repo.save(BOB, "From Alice's reply", await shown.recall(number))
    assert saved.plan == PLAN


async def test_each_user_keeps_only_their_latest_shown_plans(shown):
    first = await shown.remember(ALICE, PLAN)
    others = await shown.remember(BOB, PLAN)
    for _ in range(SHOWN_PLANS_KEPT):
        await shown.remember(ALICE, CHEAPER)
    with pytest.raises(NotFound, match="too old"):
        await shown.recall(first)
    assert await shown.recall(others) == PLAN
    assert await shown.last(ALICE) == CHEAPER


async def test_a_forgotten_shown_plan_is_no_longer_the_last(shown):
    await shown.remember(ALICE, PLAN)
    unanswered = await shown.remember(ALICE, CHEAPER)

    await shown.forget(unanswered)

    assert await shown.last(ALICE) == PLAN
    with pytest.raises(NotFound, match="too old"):
        await shown.recall(unanswered)
