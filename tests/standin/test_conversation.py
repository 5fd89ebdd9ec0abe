"""Conversation through the stand-in with the toy bot: messages under Discord's intent rules,
replies, threads, message and user commands."""

from __future__ import annotations

import functools

import discord
import pytest

from bot.settings import Settings
from standin import InputError, Status
from tests.e2e import bot_in_standin
from tests.standin.toybot import TOY_INTENTS, running_toy_bot

with_content_intent = functools.partial(
    running_toy_bot, intents=TOY_INTENTS | discord.Intents(message_content=True)
)
guilds_only = functools.partial(running_toy_bot, intents=discord.Intents(guilds=True))
QUICK = 0.3  # seconds to wait for an answer that should not come


async def test_a_mention_is_read_and_answered_with_a_reply_that_does_not_ping(standin, bot):
    posted = await standin.post("alice", "general", "@Flywheel what if price 249?")
    application = standin.world.application
    assert posted.message.content == f"<@{application.id}> what if price 249?"
    assert posted.message.mentions == [application]
    answer = posted.answer
    assert answer.content == "heard 'what if price 249?' from alice"
    assert answer.reference is posted.message
    assert answer.mentions == []  # mention_author=False: the reply does not ping alice
    served = answer.payload()
    assert served["type"] == 19
    assert served["message_reference"]["message_id"] == str(posted.message.id)
    assert served["referenced_message"]["id"] == str(posted.message.id)
    assert bot.heard[-1].content == posted.message.content


async def test_an_unaddressed_message_arrives_without_content_and_is_not_answered(standin, bot):
    posted = await standin.post("bob", "general", "just chatting", within=QUICK)
    assert posted.answers == []
    heard = bot.heard[-1]
    assert (heard.author.name, heard.content, heard.embeds) == ("bob", "", [])
    assert isinstance(heard.author, discord.Member)


@pytest.mark.parametrize(
    ("bot_factory", "standin_options"),
    [(with_content_intent, {"privileged_intents": ["message_content"]})],
)
async def test_with_the_message_content_intent_every_message_is_read(standin, bot):
    await standin.post("bob", "general", "just chatting", within=QUICK)
    assert bot.heard[-1].content == "just chatting"


async def test_a_privileged_intent_not_enabled_for_the_application_is_refused():
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with bot_in_standin(with_content_intent, Settings()):
            pass


@pytest.mark.parametrize("bot_factory", [guilds_only])
async def test_without_the_guild_messages_intent_the_bot_hears_nothing(standin, bot):
    posted = await standin.post("alice", "general", "@Flywheel anyone?", within=QUICK)
    assert posted.answers == []
    assert bot.heard == []


async def test_a_reply_that_pings_the_bot_is_read_and_a_silent_one_is_not(standin, bot):
    card = await standin.slash("alice", "general", "calc", label="Q3", count="1", ratio="2")
    pinging = await standin.post("bob", "general", "what if price 249?", reply_to=card)
    application = standin.world.application
    assert pinging.message.mentions == [application]
    assert pinging.answer.content == "heard 'what if price 249?' from bob"
    heard = bot.heard[-1]
    assert heard.content == "what if price 249?"
    assert heard.reference.message_id == card.message.id
    assert heard.reference.resolved.content == "Q3 x1 at 2.0"  # its own message: always read

    silent = await standin.post(
        "bob", "general", "what if price 199?", reply_to=card, ping=False, within=QUICK
    )
    assert silent.message.mentions == []
    assert silent.answers == []
    assert bot.heard[-1].content == ""  # no Message Content intent: a silent reply is not seen


async def test_a_reply_pings_a_person_unless_turned_off(standin):
    first = await standin.post("alice", "general", "shall we cut the price?", within=QUICK)
    pinging = await standin.post("bob", "general", "yes", reply_to=first, within=QUICK)
    silent = await standin.post("carol", "general", "no", reply_to=first, ping=False, within=QUICK)
    assert pinging.message.mentions == [standin.world.user("alice")]
    assert silent.message.mentions == []


async def test_the_bot_sees_its_own_messages_and_their_edits_with_content(standin, bot):
    await standin.slash("alice", "general", "calc", label="mine", count="1", ratio="1")
    await bot.until(lambda: any(m.content == "mine x1 at 1.0" for m in bot.own))
    thinking = await standin.slash("alice", "general", "slow")
    await bot.until(lambda: any(m.id == thinking.message.id for m in bot.edits))
    (edit,) = [m for m in bot.edits if m.id == thinking.message.id]
    assert edit.content == "done thinking"


@pytest.mark.discord_errors
async def test_the_bot_replies_and_mentions_as_allowed(standin, bot):
    first = await standin.post("alice", "general", "numbers please", within=QUICK)
    channel = bot.get_channel(first.message.channel.id)
    alice = standin.world.user("alice")
    target = channel.get_partial_message(first.message.id)
    sent = await target.reply(f"here, <@{alice.id}>")  # the client allows no mentions
    (stored,) = [m for m in standin.channel_messages("general") if m.id == sent.id]
    assert stored.reference is first.message
    assert stored.mentions == []
    pinged = await target.reply("here", mention_author=True)
    assert [u.name for u in standin.messages.messages[pinged.id].mentions] == ["alice"]
    with pytest.raises(discord.HTTPException) as refused:
        await channel.get_partial_message(12345).reply("to nothing")
    assert refused.value.code == 50035


async def test_a_thread_on_a_card_holds_messages_and_commands(standin, bot):
    card = await standin.slash("alice", "general", "calc", label="Q3", count="1", ratio="2")
    thread = await standin.start_thread("bob", card, "Discuss Q3")
    assert (thread.id, thread.parent, thread.kind) == (card.message.id, card.message.channel, 11)
    await bot.until(lambda: bot.threads)
    assert (bot.threads[0].id, bot.threads[0].parent_id) == (thread.id, thread.parent.id)

    posted = await standin.post("bob", thread, "@Flywheel in here?")
    assert posted.answer.content == "heard 'in here?' from bob"
    assert posted.answer.channel is thread
    assert bot.heard[-1].channel.id == thread.id

    outcome = await standin.slash("carol", thread, "whereami")
    guild = thread.guild
    assert outcome.content == f"guild {guild.id} as member carol via guild"
    assert outcome.message.channel is thread
    payload = outcome.interaction.payload(standin.world.application, 1)
    assert (payload["channel"]["type"], payload["channel"]["parent_id"]) == (
        11,
        str(thread.parent.id),
    )
    with pytest.raises(InputError, match="already has a thread"):
        await standin.start_thread("carol", card, "Again")
    with pytest.raises(InputError, match="threads start from messages"):
        await standin.start_thread("carol", posted, "Nested")


async def test_the_bot_starts_a_thread_and_answers_in_it(standin, bot):
    posted = await standin.post("alice", "planning", "@Flywheel thread: Pricing")
    thread = posted.message.thread
    assert thread is not None and thread.name == "Pricing" and thread.owner is not None
    assert thread.owner.bot
    assert posted.answer.channel is thread
    assert posted.answer.content == "started by Flywheel"
    assert any(
        r.route == "/channels/{channel_id}/messages/{message_id}/threads" for r in standin.requests
    )


async def test_the_what_if_message_command_gets_the_message_it_was_used_on(standin, bot):
    plain = await standin.post("bob", "general", "we could sell at 179", within=QUICK)
    outcome = await standin.message_command("alice", plain, "What if…")
    assert outcome.content == "what if on bob's 'we could sell at 179'"  # read without the intent
    assert outcome.ephemeral
    data = outcome.interaction.data
    assert data["type"] == 3 and data["target_id"] == str(plain.message.id)
    assert data["resolved"]["messages"][str(plain.message.id)]["content"] == "we could sell at 179"
    card = await standin.slash("alice", "general", "calc", label="Q3", count="1", ratio="2")
    on_card = await standin.message_command("carol", card, "what if…")
    assert on_card.content == "what if on Flywheel's 'Q3 x1 at 2.0'"
    with pytest.raises(InputError, match="no message app 'Nope' here"):
        await standin.message_command("alice", plain, "Nope")
    (registered,) = [c for c in standin.commands() if c["type"] == 3]
    assert (registered["name"], registered["description"]) == ("What if…", "")


async def test_a_user_command(standin):
    outcome = await standin.user_command("alice", "general", "bob", "Wave")
    assert outcome.status is Status.REPLIED
    assert outcome.content == "alice waves at bob"
    assert outcome.message.kind == 23  # a context menu command's message


@pytest.mark.parametrize("standin_options", [{"answer_wait": 0.2}])
async def test_a_bot_that_types_is_waited_for(standin):
    posted = await standin.post("alice", "general", "@Flywheel slowly:0.6")
    assert posted.answer.content == "heard 'slowly:0.6' from alice"
    assert ("POST", "/channels/{channel_id}/typing") in [
        (r.method, r.route) for r in standin.requests
    ]
    quiet = await standin.post("alice", "general", "nobody types", within=0.2)
    assert quiet.answers == []
