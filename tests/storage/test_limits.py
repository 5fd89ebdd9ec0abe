"""Limits with clear errors: names, notes, 200 scenarios a user, only valid plans stored."""

from __future__ import annotations

import json

import pytest

from storage import InvalidInput, LimitReached, NameTaken
from tests.storage import ALICE, BOB, CHANNEL, CHEAPER, GUILD, PLAN

FULL_HOUSE = {
    "scenarios": [{"name": f"Plan {n:03d}", "plan": json.loads(PLAN.to_json())} for n in range(200)]
}


async def test_a_user_keeps_at_most_200_scenarios(repo):
    await repo.import_(ALICE, FULL_HOUSE)
    await repo.save(BOB, "Shared", CHEAPER)
    await repo.share(BOB, "Shared", guild_id=GUILD, channel_id=CHANNEL)

    for attempt in (
        lambda: repo.save(ALICE, "One more", PLAN),
        lambda: repo.fork(ALICE, "Shared", guild_id=GUILD, channels=[CHANNEL]),
    ):
        with pytest.raises(LimitReached) as error:
            await attempt()
        assert str(error.value) == (
            "You can keep at most 200 scenarios. Delete one with /scenario delete first."
        )
    with pytest.raises(LimitReached) as error:
        await repo.import_(ALICE, {"scenarios": FULL_HOUSE["scenarios"][:1]})
    assert str(error.value) == (
        "You have 200 scenarios and that file holds 1: together more than the 200 you can "
        "keep. Delete some with /scenario delete first."
    )
    assert len(await repo.list(ALICE)) == 200
    # At the limit, a taken name is still reported as taken, and overwriting still works.
    with pytest.raises(NameTaken):
        await repo.save(ALICE, "plan 007", CHEAPER)
    assert (await repo.save(ALICE, "plan 007", CHEAPER, overwrite=True)).plan == CHEAPER
    await repo.delete(ALICE, "Plan 000")
    await repo.save(ALICE, "One more", PLAN)


async def test_an_import_larger_than_the_limit_is_refused_whole(repo):
    too_many = {"scenarios": [*FULL_HOUSE["scenarios"], {"name": "x", "plan": PLAN.to_json()}]}
    with pytest.raises(LimitReached, match="That file holds 201 scenarios; you can keep at most"):
        await repo.import_(ALICE, too_many)
    assert await repo.list(ALICE) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "A scenario name needs 1-64 visible characters."),
        (" \t ", "A scenario name needs 1-64 visible characters."),
        ("\u200b", "A scenario name needs 1-64 visible characters."),
        ("x" * 65, "Scenario names are at most 64 characters; that one has 65."),
        ("bad\x00name", "Scenario names can't contain control or invisible characters."),
        ("#12", "'#12' looks like a scenario number: pick a name that isn't # and digits."),
    ],
)
async def test_bad_names_are_refused_before_anything_is_stored(repo, name, message):
    with pytest.raises(InvalidInput) as error:
        await repo.save(ALICE, name, PLAN)
    assert str(error.value) == message
    assert await repo.list(ALICE) == []


async def test_notes_up_to_1000_characters(repo):
    assert (await repo.save(ALICE, "Long", PLAN, notes="n" * 1000)).notes == "n" * 1000
    with pytest.raises(InvalidInput) as error:
        await repo.save(ALICE, "Longer", PLAN, notes="n" * 1001)
    assert str(error.value) == "Notes are at most 1,000 characters; yours have 1,001."


async def test_only_a_plan_can_be_saved(repo, store):
    for not_a_plan in ({"price": 199, "unit_cost": 230}, PLAN.to_json(), None):
        with pytest.raises(InvalidInput, match="Only a plan can be saved"):
            await repo.save(ALICE, "Launch", not_a_plan)
        with pytest.raises(InvalidInput):
            await store.shown.remember(ALICE, not_a_plan)
    assert await repo.list(ALICE) == []
    assert await store.shown.last(ALICE) is None
