"""Where the app can act: the bot's DMs, group DMs, and guilds that only a user install reaches."""

from __future__ import annotations

import functools

import pytest

from standin import InputError, World
from standin.appcommands import usable
from standin.world import BOT_DM_CONTEXT, GUILD_CONTEXT, PRIVATE_CHANNEL_CONTEXT
from tests.standin.toybot import running_toy_bot

QUICK = 0.3
sharded_toy_bot = functools.partial(running_toy_bot, sharded=True)


def sent_on_shard(standin, event):
    """The shards whose sessions were sent `event`."""
    return [
        session.shard_id
        for session in standin.gateway.sessions.values()
        for frame in session.sent
        if frame["t"] == event
    ]


@pytest.mark.parametrize(
    ("bot_factory", "standin_options"), [(sharded_toy_bot, {"shard_count": 2})]
)
async def test_a_command_in_the_bots_dm_has_a_user_no_guild_and_goes_to_shard_0(standin):
    dm = standin.dm_channel("alice")
    assert dm is standin.dm_channel("alice")  # one DM per person
    outcome = await standin.slash("alice", dm, "whereami")
    assert outcome.content == "bot dm None as user alice via guild"
    payload = outcome.interaction.payload(standin.world.application, 1)
    alice = standin.world.user("alice")
    assert "member" not in payload and "guild_id" not in payload
    assert payload["user"]["id"] == str(alice.id)
    assert (payload["context"], payload["authorizing_integration_owners"]) == (1, {"0": "0"})
    assert payload["channel"]["type"] == 1
    assert payload["channel"]["recipients"] == [alice.payload()]
    assert sent_on_shard(standin, "INTERACTION_CREATE") == [0]


async def test_messages_in_the_bots_dm_are_read_without_the_content_intent(standin, bot):
    posted = await standin.post("bob", standin.dm_channel("bob"), "what if price 249?")
    assert posted.answer.content == "heard 'what if price 249?' from bob"
    assert bot.heard[-1].guild is None and bot.heard[-1].content == "what if price 249?"


async def test_the_bot_opens_a_dm_and_writes_there(standin):
    outcome = await standin.slash("carol", "general", "dm-me")
    assert outcome.content == "sent you a DM"
    (message,) = standin.channel_messages(standin.dm_channel("carol"))
    assert message.content == "hello carol, in private"
    assert "/users/@me/channels" in [request.route for request in standin.requests]


async def test_a_guild_without_the_bot_offers_only_user_install_commands(standin, bot):
    side = standin.world.channel("general", "Side Project")
    await standin.remove_bot("Side Project")
    await bot.until(lambda: bot.get_guild(side.guild.id) is None)
    with pytest.raises(InputError, match="unknown command /whereami"):
        await standin.slash("carol", side, "whereami")  # carol has not installed the app

    standin.install_app("carol")
    outcome = await standin.slash("carol", side, "whereami")
    carol = standin.world.user("carol")
    assert outcome.content == f"guild {side.guild.id} as member carol via user"
    payload = outcome.interaction.payload(standin.world.application, 1)
    assert payload["authorizing_integration_owners"] == {"1": str(carol.id)}
    assert payload["app_permissions"] != payload["channel"]["permissions"]
    with pytest.raises(InputError, match="unknown command /calc"):  # a guild-install command
        await standin.slash("carol", side, "calc", label="x", count="1", ratio="1")

    posted = await standin.post("carol", side, "@Flywheel are you here?", within=QUICK)
    assert posted.answers == []
    assert all(message.channel.id != side.id for message in bot.heard)


@pytest.mark.discord_errors
async def test_where_only_a_user_install_reaches_the_bot_cannot_post(standin):
    side = standin.world.channel("general", "Side Project")
    await standin.remove_bot("Side Project")
    standin.install_app("alice")
    outcome = await standin.slash("alice", side, "announce", text="hello")
    assert outcome.content == "cannot post here (50001)"
    assert outcome.ephemeral
    assert [m.content for m in standin.channel_messages(side)] == []
    here = await standin.slash("alice", "general", "announce", text="hello")
    assert here.content == "posted"


async def test_a_group_dm_takes_only_user_install_commands_and_the_bot_hears_nothing(standin, bot):
    group = standin.group_dm("alice", "bob", "carol", name="Pricing chat")
    with pytest.raises(InputError, match="unknown command /whereami"):
        await standin.slash("alice", group, "whereami")
    standin.install_app("alice")
    outcome = await standin.slash("alice", group, "whereami")
    assert outcome.content == "private channel None as user alice via user"
    payload = outcome.interaction.payload(standin.world.application, 1)
    assert (payload["context"], payload["channel"]["type"]) == (2, 3)
    assert payload["channel"]["name"] == "Pricing chat"
    with pytest.raises(InputError, match="unknown command /calc"):
        await standin.slash("alice", group, "calc", label="x", count="1", ratio="1")
    what_if = await standin.message_command(
        "alice", await standin.post("bob", group, "sell at 179", within=QUICK), "What if…"
    )
    assert what_if.content == "what if on bob's 'sell at 179'"
    assert bot.heard == []


async def test_a_dm_needs_a_shared_guild_or_an_install(standin):
    stranger = standin.world.add_user("dave")
    with pytest.raises(InputError, match="shares no server"):
        standin.dm_channel(stranger)
    standin.install_app(stranger)
    assert standin.dm_channel(stranger).recipients == [stranger, standin.world.application]


async def test_registered_commands_show_discords_defaults(standin):
    calc = next(c for c in standin.commands() if c["name"] == "calc")
    whereami = next(c for c in standin.commands() if c["name"] == "whereami")
    assert (calc["integration_types"], calc["contexts"]) == ([0], None)
    assert (whereami["integration_types"], whereami["contexts"]) == ([0, 1], [0, 1, 2])


@pytest.mark.parametrize(
    ("command", "context", "guild_installed", "user_installed", "expected"),
    [
        ({}, GUILD_CONTEXT, True, False, True),
        ({}, BOT_DM_CONTEXT, True, False, True),  # contexts null: guild and the bot's DM
        ({}, PRIVATE_CHANNEL_CONTEXT, False, True, False),
        ({}, GUILD_CONTEXT, False, True, False),  # integration_types default: guild install
        ({"dm_permission": False}, BOT_DM_CONTEXT, True, False, False),
        ({"integration_types": [1], "contexts": [0, 1, 2]}, GUILD_CONTEXT, True, False, False),
        (
            {"integration_types": [1], "contexts": [0, 1, 2]},
            PRIVATE_CHANNEL_CONTEXT,
            False,
            True,
            True,
        ),
        ({"integration_types": [0, 1], "contexts": [0]}, BOT_DM_CONTEXT, True, True, False),
    ],
)
def test_where_a_command_can_be_used(command, context, guild_installed, user_installed, expected):
    result = usable(
        command, context, guild_installed=guild_installed, user_installed=user_installed
    )
    assert result is expected


async def test_the_application_says_how_it_can_be_installed(standin, bot):
    info = await bot.application_info()
    assert info.guild_integration_config.oauth2_install_params.scopes == [
        "applications.commands",
        "bot",
    ]
    assert info.user_integration_config.oauth2_install_params.scopes == ["applications.commands"]
    standin.world.install_types.discard(1)
    assert (await bot.application_info()).user_integration_config is None
    with pytest.raises(InputError, match="do not offer a user install"):
        standin.install_app("alice")


def world_with_a_guild_without_the_bot() -> World:
    world = World.default()
    world.add_guild("Elsewhere", channels={"lobby": None}, bot_installed=False)
    return world


@pytest.mark.parametrize("standin_options", [{"world": world_with_a_guild_without_the_bot()}])
async def test_a_guild_that_never_added_the_bot(standin, bot):
    lobby = standin.world.channel("lobby")
    assert bot.get_guild(lobby.guild.id) is None
    assert len(bot.guilds) == 2
    standin.install_app("bob")
    outcome = await standin.slash("bob", lobby, "whereami")
    assert outcome.content == f"guild {lobby.guild.id} as member bob via user"
