"""/forget-me is final: work asked for before the confirmation stores nothing afterwards."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from storage import NotFound
from storage.forgetting import Forgotten, asked_at
from tests.storage import ALICE, BOB, CHANNEL, GUILD, PLAN

ASKED = datetime(2026, 11, 29, 21, 0, tzinfo=UTC)
CONFIRMED = ASKED + timedelta(seconds=2)
PLAN_DATA = json.loads(PLAN.to_json())


async def test_work_asked_for_before_the_forget_is_refused_after_it(store):
    await store.scenarios.save(ALICE, "Kept until forgotten", PLAN)
    with asked_at(CONFIRMED):
        assert await store.scenarios.forget(ALICE) == 1
    with asked_at(ASKED):
        for late_write in (
            store.scenarios.save(ALICE, "In flight", PLAN),
            store.shown.remember(ALICE, PLAN),
            store.scenarios.import_(ALICE, {"scenarios": [{"name": "F", "plan": PLAN_DATA}]}),
        ):
            with pytest.raises(Forgotten, match="forget you while this was running"):
                await late_write
        await store.scenarios.save(BOB, "Bob is not forgotten", PLAN)
    assert await store.scenarios.list(ALICE) == []
    assert await store.shown.last(ALICE) is None
    with asked_at(CONFIRMED + timedelta(seconds=1)):  # asked for afterwards: a fresh start
        await store.scenarios.save(ALICE, "New start", PLAN)
    assert [s.name for s in await store.scenarios.list(ALICE)] == ["New start"]


async def test_a_fork_asked_for_before_the_forget_is_refused(store):
    await store.scenarios.save(BOB, "Team", PLAN)
    await store.scenarios.share(BOB, "Team", guild_id=GUILD, channel_id=CHANNEL)
    with asked_at(CONFIRMED):
        await store.scenarios.forget(ALICE)
    with asked_at(ASKED), pytest.raises(Forgotten):
        await store.scenarios.fork(ALICE, "Team", guild_id=GUILD, channels=[CHANNEL])


async def test_a_saved_plans_button_says_when_its_owner_was_forgotten(store):
    number = await store.shown.remember(ALICE, PLAN)
    assert await store.shown.recall(number, ALICE) == PLAN
    await store.scenarios.forget(ALICE)
    with pytest.raises(NotFound, match="had Flywheel delete their data"):
        await store.shown.recall(number, ALICE)
    with pytest.raises(NotFound, match="too old"):
        await store.shown.recall(number)  # an older card, which does not say whose it was
