"""No call lets one user read, change or delete another user's private scenario.

Each attempt is made while Alice's scenario exists and again after she deleted it: the
answer must be the same NotFound both times, so it says nothing about what exists.
"""

from __future__ import annotations

import pytest

from storage import NotFound
from tests.storage import ALICE, BOB, CHANNEL, CHEAPER, GUILD, OTHER_GUILD, PLAN

ATTEMPTS = {
    "get": lambda repo, ref: repo.get(BOB, ref, guild_id=GUILD, channels=[CHANNEL]),
    "get in DMs": lambda repo, ref: repo.get(BOB, ref),
    "rename": lambda repo, ref: repo.rename(BOB, ref, "Stolen"),
    "delete": lambda repo, ref: repo.delete(BOB, ref),
    "share": lambda repo, ref: repo.share(BOB, ref, guild_id=GUILD, channel_id=CHANNEL),
    "fork": lambda repo, ref: repo.fork(BOB, ref, guild_id=GUILD, channels=[CHANNEL]),
    "fork with a name": lambda repo, ref: repo.fork(
        BOB, ref, guild_id=GUILD, channels=[CHANNEL], new_name="Mine"
    ),
}


async def _refusals(repo, refs: list[str]) -> dict[tuple[str, str], str]:
    refusals = {}
    for operation, attempt in ATTEMPTS.items():
        for ref in refs:
            with pytest.raises(NotFound) as error:
                await attempt(repo, ref)
            refusals[operation, ref] = str(error.value)
    return refusals


async def _bob_sees_nothing_of_alices(repo, guild_id: int | None) -> None:
    assert await repo.search(BOB, "", guild_id=guild_id, channels=[CHANNEL]) == []
    assert await repo.search(BOB, "sec", guild_id=guild_id, channels=[CHANNEL]) == []
    assert await repo.list(BOB) == []
    assert (await repo.export(BOB))["scenarios"] == []


async def test_a_private_scenario_is_unreachable_by_name_or_number(repo):
    secret = await repo.save(ALICE, "Secret", PLAN, notes="private")
    refs = ["Secret", "SECRET", secret.ref, f"#{secret.id:03d}"]

    while_it_exists = await _refusals(repo, refs)
    await _bob_sees_nothing_of_alices(repo, GUILD)
    assert await repo.get(ALICE, "Secret") == secret  # untouched by every attempt
    await repo.delete(ALICE, "Secret")
    after_it_is_gone = await _refusals(repo, refs)

    assert while_it_exists == after_it_is_gone
    assert while_it_exists["get", "Secret"] == (
        "No scenario 'Secret' of yours or shared in this channel. /scenario list shows yours."
    )
    assert while_it_exists["delete", secret.ref] == (
        f"You have no scenario called '{secret.ref}'. /scenario list shows yours."
    )
    assert await repo.list(BOB) == []


async def test_a_shared_scenario_is_readable_in_its_guild_only_and_changeable_by_nobody(repo):
    shared = await repo.save(ALICE, "Team", PLAN)
    await repo.share(ALICE, "Team", guild_id=GUILD, channel_id=CHANNEL)

    assert (await repo.get(BOB, "Team", guild_id=GUILD, channels=[CHANNEL])).id == shared.id
    for ref in ("Team", shared.ref):
        for attempt in (
            repo.get(BOB, ref, guild_id=OTHER_GUILD),
            repo.get(BOB, ref),
            repo.fork(BOB, ref, guild_id=OTHER_GUILD),
            repo.rename(BOB, ref, "Stolen"),
            repo.delete(BOB, ref),
            repo.share(BOB, ref, guild_id=OTHER_GUILD, channel_id=CHANNEL),
        ):
            with pytest.raises(NotFound):
                await attempt
    await _bob_sees_nothing_of_alices(repo, OTHER_GUILD)
    await _bob_sees_nothing_of_alices(repo, None)
    assert await repo.get(ALICE, "Team") == await repo.get(ALICE, shared.ref)
    assert (await repo.get(ALICE, "Team")).name == "Team"


async def test_bob_acting_on_his_own_namesake_never_touches_alices(repo):
    alices = await repo.save(ALICE, "Launch", PLAN)
    await repo.save(BOB, "Launch", CHEAPER)

    await repo.rename(BOB, "Launch", "Bob's launch")
    await repo.save(BOB, "Launch", CHEAPER)
    await repo.share(BOB, "Launch", guild_id=GUILD, channel_id=CHANNEL)
    await repo.delete(BOB, "Launch")
    await repo.forget(BOB)

    assert [summary.id for summary in await repo.list(ALICE)] == [alices.id]
    assert await repo.get(ALICE, "Launch") == alices
