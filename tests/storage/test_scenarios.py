"""What each repository call does, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import Choice, InvalidInput, NameTaken, NotFound
from tests.storage import ALICE, BOB, CAROL, CHANNEL, CHEAPER, GUILD, OTHER_GUILD, PLAN

HERE = {"guild_id": GUILD, "channels": [CHANNEL]}  # where the shares of these tests are seen


async def test_save_then_get_by_name_in_any_case(repo):
    before = datetime.now(UTC)
    saved = await repo.save(ALICE, "  Launch   plan ", PLAN, notes=" at cost \n")
    got = await repo.get(ALICE, "LAUNCH PLAN")

    assert got == saved
    assert (got.owner_id, got.name, got.plan, got.notes) == (ALICE, "Launch plan", PLAN, "at cost")
    assert (got.guild_id, got.channel_id, got.shared_at, got.forked_from_id) == (None,) * 4
    assert got.created_at == got.updated_at
    assert got.created_at.tzinfo == UTC
    assert before - timedelta(seconds=1) < got.created_at < datetime.now(UTC) + timedelta(seconds=1)
    assert got.ref == f"#{got.id}"


async def test_largest_snowflakes_round_trip_exactly(repo):
    await repo.save(ALICE, "Launch", PLAN)
    shared = await repo.share(ALICE, "Launch", guild_id=GUILD, channel_id=CHANNEL)
    seen_by_carol = await repo.get(CAROL, shared.ref, **HERE)

    assert (seen_by_carol.owner_id, seen_by_carol.guild_id, seen_by_carol.channel_id) == (
        2**63 - 1,
        2**63 - 3,
        2**63 - 4,
    )
    exported = await repo.export(ALICE)
    assert exported["user_id"] == "9223372036854775807"
    assert exported["scenarios"][0]["shared"]["guild_id"] == str(2**63 - 3)


async def test_two_users_keep_scenarios_of_the_same_name_apart(repo):
    await repo.save(ALICE, "Launch", PLAN)
    await repo.save(BOB, "launch", CHEAPER)

    assert (await repo.get(ALICE, "Launch")).plan == PLAN
    assert (await repo.get(BOB, "Launch")).plan == CHEAPER
    assert [record.name for record in await repo.list(BOB)] == ["launch"]


async def test_saving_a_taken_name_says_so_and_keeps_the_old_plan(repo):
    await repo.save(ALICE, "Launch", PLAN)
    with pytest.raises(NameTaken) as error:
        await repo.save(ALICE, "LAUNCH", CHEAPER)

    assert str(error.value) == (
        "You already have a scenario called 'LAUNCH'. Pick another name or overwrite it."
    )
    assert (await repo.get(ALICE, "Launch")).plan == PLAN


async def test_overwrite_replaces_the_plan_in_place(repo):
    first = await repo.save(ALICE, "Launch", PLAN, notes="v1")
    second = await repo.save(ALICE, "launch", CHEAPER, overwrite=True)
    cleared = await repo.save(ALICE, "Launch", CHEAPER, notes="", overwrite=True)

    assert (second.id, second.name, second.plan, second.notes) == (
        first.id,
        "Launch",
        CHEAPER,
        "v1",
    )
    assert second.created_at == first.created_at < second.updated_at
    assert cleared.notes is None
    assert len(await repo.list(ALICE)) == 1


async def test_overwrite_creates_when_missing(repo):
    created = await repo.save(ALICE, "Launch", PLAN, overwrite=True)
    assert (await repo.get(ALICE, "Launch")).id == created.id


async def test_list_is_own_scenarios_by_name_ignoring_case(repo):
    for name in ("beta", "Alpha", "gamma"):
        await repo.save(ALICE, name, PLAN)
    await repo.save(BOB, "aardvark", PLAN)

    assert [record.name for record in await repo.list(ALICE)] == ["Alpha", "beta", "gamma"]


async def test_search_offers_own_then_shared_here_by_number(repo):
    await repo.save(ALICE, "Launch B", PLAN)
    await repo.save(ALICE, "launch A", PLAN)
    await repo.save(ALICE, "Services", PLAN)
    bobs = await repo.save(BOB, "Launch team", CHEAPER)
    await repo.share(BOB, "Launch team", guild_id=GUILD, channel_id=CHANNEL)

    choices = await repo.search(ALICE, "LAUN", **HERE)

    assert choices == [
        Choice("launch A", "launch A"),  # the newer of two equally good matches first
        Choice("Launch B", "Launch B"),
        Choice(f"Launch team (shared #{bobs.id})", f"#{bobs.id}"),
    ]
    assert await repo.search(ALICE, "laun", guild_id=OTHER_GUILD) == choices[:2]
    assert await repo.search(ALICE, "laun", guild_id=None) == choices[:2]
    assert await repo.search(ALICE, "laun", **HERE, limit=1) == choices[:1]
    assert await repo.search(ALICE, f"#{bobs.id}", **HERE) == choices[2:]
    for choice in choices:
        assert (await repo.get(ALICE, choice.value, **HERE)).name in choice.label


async def test_search_with_nothing_typed_offers_the_most_recent_first(repo):
    for name in ("Alpha", "Beta", "Gamma"):
        await repo.save(ALICE, name, PLAN)
    bobs = await repo.save(BOB, "Team plan", CHEAPER)
    await repo.share(BOB, "Team plan", guild_id=GUILD, channel_id=CHANNEL)
    await repo.save(ALICE, "alpha", CHEAPER, overwrite=True)  # changed last

    offered = [c.value for c in await repo.search(ALICE, "", **HERE)]

    assert offered == ["Alpha", "Gamma", "Beta", f"#{bobs.id}"]
    assert [c.value for c in await repo.search(ALICE, " ", guild_id=None, limit=2)] == [
        "Alpha",
        "Gamma",
    ]


async def test_search_ranks_name_start_word_start_anywhere_then_gaps(repo):
    for name in ("Lean unit change", "Relaunch plan", "Phone launch", "Q3-launch", "Launch"):
        await repo.save(ALICE, name, PLAN)
    await repo.save(ALICE, "Services", PLAN)
    carols = await repo.save(CAROL, "Launch (fork)", CHEAPER)
    await repo.share(CAROL, "Launch (fork)", guild_id=GUILD, channel_id=CHANNEL)

    offered = [c.label for c in await repo.search(ALICE, "LAUNCH", **HERE)]
    assert offered == [
        "Launch",
        f"Launch (fork) (shared #{carols.id})",  # as good a match, but not hers
        "Q3-launch",  # a word starts with it; the newer first
        "Phone launch",
        "Relaunch plan",  # inside a word
        "Lean unit change",  # l…a…u…n…c…h
    ]

    await repo.save(ALICE, "Phone launch", CHEAPER, overwrite=True)
    again = [c.label for c in await repo.search(ALICE, "launch", guild_id=None)]
    assert again[1:3] == ["Phone launch", "Q3-launch"]
    assert [c.label for c in await repo.search(ALICE, "fork", **HERE)] == [
        f"Launch (fork) (shared #{carols.id})"
    ]
    assert [c.label for c in await repo.search(ALICE, "srv", **HERE)] == ["Services"]


async def test_search_offers_own_shared_scenarios_once_and_others_newest_first(repo):
    await repo.save(ALICE, "Launch", PLAN)
    await repo.share(ALICE, "Launch", guild_id=GUILD, channel_id=CHANNEL)
    older = await repo.save(BOB, "Launch plan", CHEAPER)
    newer = await repo.save(CAROL, "Launch B", CHEAPER)
    await repo.share(CAROL, "Launch B", guild_id=GUILD, channel_id=CHANNEL)
    await repo.share(BOB, "Launch plan", guild_id=GUILD, channel_id=CHANNEL)

    choices = await repo.search(ALICE, "launch", **HERE)

    assert choices == [
        Choice("Launch", "Launch"),
        Choice(f"Launch B (shared #{newer.id})", f"#{newer.id}"),
        Choice(f"Launch plan (shared #{older.id})", f"#{older.id}"),
    ]
    assert await repo.search(ALICE, "launch", **HERE, limit=2) == choices[:2]


async def test_search_offers_at_most_the_limit_of_the_best(repo):
    for n in range(30):
        await repo.save(ALICE, f"plan {n:02}", PLAN)
    await repo.save(ALICE, "my plan", PLAN)

    offered = [c.value for c in await repo.search(ALICE, "plan", guild_id=None)]

    assert len(offered) == 25
    assert offered[:2] == ["plan 29", "plan 28"]  # name starts, newest first
    assert "my plan" not in offered  # 30 better matches


async def test_search_prefix_is_literal_text_not_a_pattern(repo):
    await repo.save(ALICE, "50% off", PLAN)
    await repo.save(ALICE, "500 units", PLAN)
    await repo.save(ALICE, "a_b", PLAN)
    await repo.save(ALICE, "axb", PLAN)

    assert [c.value for c in await repo.search(ALICE, "50%", guild_id=None)] == ["50% off"]
    assert [c.value for c in await repo.search(ALICE, "a_", guild_id=None)] == ["a_b"]


async def test_get_reaches_scenarios_shared_in_this_guild_by_name_or_number(repo):
    bobs = await repo.save(BOB, "Team plan", CHEAPER)
    await repo.share(BOB, "team plan", guild_id=GUILD, channel_id=CHANNEL)

    assert (await repo.get(ALICE, "TEAM PLAN", **HERE)).plan == CHEAPER
    assert (await repo.get(ALICE, bobs.ref, **HERE)).id == bobs.id
    with pytest.raises(NotFound):
        await repo.get(ALICE, "Team plan", guild_id=OTHER_GUILD)
    with pytest.raises(NotFound):
        await repo.get(ALICE, bobs.ref)


async def test_own_scenario_wins_over_a_shared_one_of_the_same_name(repo):
    await repo.save(BOB, "Launch", CHEAPER)
    await repo.share(BOB, "Launch", guild_id=GUILD, channel_id=CHANNEL)
    await repo.save(ALICE, "Launch", PLAN)

    assert (await repo.get(ALICE, "launch", **HERE)).owner_id == ALICE


async def test_ambiguous_shared_name_asks_for_a_number(repo):
    ids = []
    for user in (BOB, CAROL):
        ids.append((await repo.save(user, "Launch", PLAN)).id)
        await repo.share(user, "Launch", guild_id=GUILD, channel_id=CHANNEL)

    with pytest.raises(NotFound) as error:
        await repo.get(ALICE, "launch", **HERE)

    assert str(error.value) == (
        "Several scenarios called 'launch' are shared here: pick one from the list, "
        f"or give its number, like #{min(ids)}."
    )


async def test_rename_changes_the_name_and_keeps_the_rest(repo):
    saved = await repo.save(ALICE, "Launch", PLAN, notes="n")
    await repo.save(ALICE, "Services", PLAN)

    renamed = await repo.rename(ALICE, "launch", "Launch v2")
    case_only = await repo.rename(ALICE, "launch v2", "LAUNCH V2")

    assert (renamed.id, renamed.name, renamed.plan, renamed.notes) == (
        saved.id,
        "Launch v2",
        PLAN,
        "n",
    )
    assert case_only.name == "LAUNCH V2"
    with pytest.raises(NotFound):
        await repo.get(ALICE, "Launch")
    with pytest.raises(NameTaken, match="'services'"):
        await repo.rename(ALICE, "Launch v2", "services")
    with pytest.raises(InvalidInput):
        await repo.rename(ALICE, "Launch v2", "   ")


async def test_delete_removes_it_and_returns_what_it_was(repo):
    saved = await repo.save(ALICE, "Launch", PLAN)

    deleted = await repo.delete(ALICE, "LAUNCH")

    assert deleted == saved
    assert await repo.list(ALICE) == []
    with pytest.raises(NotFound):
        await repo.delete(ALICE, "Launch")


async def test_delete_by_number(repo):
    saved = await repo.save(ALICE, "Launch", PLAN)
    await repo.delete(ALICE, saved.ref)
    assert await repo.list(ALICE) == []


async def test_share_records_where_and_moves_on_a_second_share(repo):
    await repo.save(ALICE, "Launch", PLAN)

    first = await repo.share(ALICE, "Launch", guild_id=GUILD, channel_id=CHANNEL)
    moved = await repo.share(ALICE, "Launch", guild_id=OTHER_GUILD, channel_id=42)

    assert (first.guild_id, first.channel_id, first.shared) == (GUILD, CHANNEL, True)
    assert first.shared_at is not None and first.shared_at.tzinfo == UTC
    assert (moved.guild_id, moved.channel_id) == (OTHER_GUILD, 42)
    assert await repo.search(BOB, "", **HERE) == []
    with pytest.raises(InvalidInput, match="server channel"):
        await repo.share(ALICE, "Launch", guild_id=None, channel_id=CHANNEL)


async def test_fork_copies_a_shared_scenario_into_a_private_one(repo):
    source = await repo.save(BOB, "Launch", CHEAPER, notes="from Bob")
    await repo.share(BOB, "Launch", guild_id=GUILD, channel_id=CHANNEL)

    fork = await repo.fork(ALICE, "Launch", **HERE)
    second = await repo.fork(ALICE, source.ref, **HERE)
    named = await repo.fork(ALICE, "launch", **HERE, new_name="Mine")

    assert [fork.name, second.name, named.name] == ["Launch (fork)", "Launch (fork 2)", "Mine"]
    assert (fork.owner_id, fork.plan, fork.notes, fork.forked_from_id) == (
        ALICE,
        CHEAPER,
        "from Bob",
        source.id,
    )
    assert not fork.shared
    with pytest.raises(NameTaken, match="'mine'"):
        await repo.fork(ALICE, "Launch", **HERE, new_name="mine")


async def test_fork_of_ones_own_and_a_long_name_stays_within_64_characters(repo):
    long_name = "x" * 64
    await repo.save(ALICE, long_name, PLAN)

    fork = await repo.fork(ALICE, long_name, guild_id=None)

    assert fork.name == "x" * 57 + " (fork)"


async def test_deleting_a_source_keeps_its_forks(repo):
    await repo.save(BOB, "Launch", CHEAPER)
    await repo.share(BOB, "Launch", guild_id=GUILD, channel_id=CHANNEL)
    fork = await repo.fork(ALICE, "Launch", **HERE)

    await repo.delete(BOB, "Launch")

    kept = await repo.get(ALICE, fork.name)
    assert (kept.plan, kept.forked_from_id) == (CHEAPER, None)


async def test_forget_deletes_everything_about_the_user_and_nothing_else(repo, store):
    await repo.save(ALICE, "Launch", PLAN)
    await repo.save(ALICE, "Other", PLAN)
    await repo.share(ALICE, "Launch", guild_id=GUILD, channel_id=CHANNEL)
    await store.shown.remember(ALICE, PLAN)
    bobs_fork = await repo.fork(BOB, "Launch", **HERE)
    await repo.save(BOB, "Bob's own", CHEAPER)
    await store.shown.remember(BOB, CHEAPER)

    assert await repo.forget(ALICE) == 2

    exported = await repo.export(ALICE)
    assert (exported["scenarios"], exported["last_plan"]) == ([], None)
    assert await repo.search(CAROL, "", **HERE) == []
    assert (await repo.get(BOB, bobs_fork.name)).forked_from_id is None
    assert [r.name for r in await repo.list(BOB)] == ["Bob's own", "Launch (fork)"]
    assert await store.shown.last(BOB) == CHEAPER
    assert await repo.forget(ALICE) == 0
