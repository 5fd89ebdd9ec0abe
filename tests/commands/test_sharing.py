"""A share belongs to the channel it was posted in (and its threads); a posted card is a snapshot;
its owner, or a member who may manage messages there, can take it back."""

import dataclasses

import pytest

from bot.settings import Settings
from standin import world as standin_world

MANAGE_MESSAGES = 1 << 13


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    return dataclasses.replace(bot_settings, user_rate=None)


async def _share(standin, channel: str, name: str, price: str = "249"):
    await standin.slash("alice", channel, "margin", price=price, unit_cost="185", save_as=name)
    return await standin.slash("alice", channel, "scenario share", name=name)


async def _offered(standin, user, channel) -> list[str]:
    return [c.name for c in await standin.autocomplete(user, channel, "margin", "scenario")]


async def test_a_share_is_offered_shown_and_forkable_only_in_its_channel_and_threads(standin):
    card = await _share(standin, "planning", "Leadership plan")
    number = card.buttons[0].custom_id.split(":")[2]

    assert await _offered(standin, "bob", "general") == []
    for command, options in [
        ("scenario show", {"name": "Leadership plan"}),
        ("scenario show", {"name": f"#{number}"}),
        ("scenario fork", {"scenario": f"#{number}"}),
        ("margin", {"scenario": f"#{number}"}),
    ]:
        refused = await standin.slash("bob", "general", command, **options)
        assert refused.ephemeral and "No scenario" in refused.content, command

    assert await _offered(standin, "bob", "planning") == [f"Leadership plan (shared #{number})"]
    shown = await standin.slash("bob", "planning", "scenario show", name="Leadership plan")
    assert shown.embed["title"].startswith("Leadership plan")

    thread = await standin.start_thread("carol", card, "Discuss the plan")
    assert await _offered(standin, "carol", thread) == [f"Leadership plan (shared #{number})"]
    forked = await standin.slash("carol", thread, "scenario fork", scenario=f"#{number}")
    assert "“Leadership plan (fork)”" in forked.content


async def test_fork_on_a_posted_card_gives_the_plan_the_card_showed(standin):
    card = await _share(standin, "planning", "Launch", price="249")
    await standin.slash("alice", "planning", "margin", price="179", unit_cost="185")
    await standin.slash("alice", "planning", "scenario save", name="Launch", overwrite=True)

    forked = await standin.click("bob", card, "Fork into my scenarios")
    assert "“Launch (fork)”" in forked.content
    mine = await standin.slash("bob", "planning", "scenario show", name="Launch (fork)")
    assert "Price $249" in mine.embed["description"]
    latest = await standin.slash("carol", "planning", "scenario fork", scenario="Launch")
    carols = await standin.slash("carol", "planning", "scenario show", name="Launch (fork)")
    assert "“Launch (fork)”" in latest.content and "Price $179" in carols.embed["description"]


async def test_the_owner_unshares_and_the_card_no_longer_forks(standin):
    card = await _share(standin, "planning", "Launch")
    taken_back = await standin.slash("alice", "general", "scenario unshare", name="Launch")
    assert taken_back.ephemeral and "no longer shared" in taken_back.content
    assert await _offered(standin, "bob", "planning") == []
    forked = await standin.click("bob", card, "Fork into my scenarios")
    assert forked.ephemeral and "No scenario" in forked.content
    listed = await standin.slash("alice", "planning", "scenario list")
    assert "shared" not in listed.embed["description"]


async def test_only_members_who_manage_messages_may_take_back_someone_elses_share(
    standin, monkeypatch
):
    card = await _share(standin, "planning", "Launch")
    number = card.buttons[0].custom_id.split(":")[2]
    bob = standin.world.user("bob")
    member_payload = standin_world.Guild.member_payload

    def without_manage_messages(guild, user, *, permissions=False):
        member = member_payload(guild, user, permissions=permissions)
        if permissions and user is bob:
            member["permissions"] = str(int(member["permissions"]) & ~MANAGE_MESSAGES)
        return member

    monkeypatch.setattr(standin_world.Guild, "member_payload", without_manage_messages)
    refused = await standin.slash("bob", "planning", "scenario unshare", name=f"#{number}")
    assert refused.ephemeral and "Only its owner" in refused.content
    assert await _offered(standin, "carol", "planning") == [f"Launch (shared #{number})"]

    moderated = await standin.slash("carol", "planning", "scenario unshare", name=f"#{number}")
    assert "no longer shared" in moderated.content
    assert await _offered(standin, "bob", "planning") == []
