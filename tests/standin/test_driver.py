"""The driver against the real discord.py client (the toy bot): what users do and see."""

from __future__ import annotations

import asyncio
import functools

import aiohttp
import discord
import pytest

from standin import (
    BotStopped,
    InputError,
    ManualClock,
    Status,
    Unanswered,
    Upload,
)
from standin.interactions import Interaction
from tests.standin.toybot import running_toy_bot, tiny_png

sharded_toy_bot = functools.partial(running_toy_bot, sharded=True)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def test_typed_options_are_converted_by_the_registered_schema(standin):
    outcome = await standin.slash("alice", "general", "calc", label="rig", count="3", ratio="0.85")
    assert outcome.status is Status.REPLIED
    assert outcome.content == "rig x3 at 0.85"
    assert not outcome.ephemeral
    assert 0 < outcome.acknowledged_after <= outcome.replied_after < 1

    loud = await standin.slash("bob", "planning", "calc", label="rig", count=2, ratio=1, loud="yes")
    assert loud.content == "RIG X2 AT 1.0"


async def test_a_typed_line_reads_like_discords_box(standin):
    outcome = await standin.command_line("alice", "general", "/calc label:Q3 plan count:4 ratio:.5")
    assert outcome.content == "Q3 plan x4 at 0.5"


async def test_input_discords_client_refuses_never_reaches_the_bot(standin):
    sent = len(standin.requests)
    with pytest.raises(InputError, match="count must be a whole number"):
        await standin.slash("alice", "general", "calc", label="x", count="1.5", ratio="1")
    with pytest.raises(InputError, match="needs ratio"):
        await standin.slash("alice", "general", "calc", label="x", count="1")
    with pytest.raises(InputError, match=r"unknown command /nope \(commands: /announce, /calc"):
        await standin.slash("alice", "general", "nope")
    with pytest.raises(InputError, match="/plan needs a subcommand: notes, save, show"):
        await standin.slash("alice", "general", "plan")
    assert len(standin.requests) == sent


async def test_an_uploaded_file_is_served_from_the_local_cdn(standin):
    upload = Upload("plan.json", b'{"price": 199}')
    outcome = await standin.slash(
        "alice", "general", "calc", label="a", count="1", ratio="1", file=upload
    )
    assert outcome.content == "a x1 at 1.0 with plan.json (14 bytes: b'{\"price\": 19')"


async def test_a_file_path_can_be_attached(standin, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("month,cash\n1,-5\n")
    outcome = await standin.slash(
        "alice", "general", "calc", label="a", count="1", ratio="1", file=str(path)
    )
    assert "with export.csv (16 bytes" in outcome.content


async def test_a_reply_with_an_embed_a_chart_and_buttons(standin):
    outcome = await standin.slash("alice", "general", "chart")
    embed = outcome.embed
    assert embed["title"] == "Break-even"
    assert [(f["name"], f["value"]) for f in embed["fields"]] == [
        ("Units", "120,000"),
        ("Cash need", "$2.1M"),
    ]
    assert embed["footer"]["text"] == "learning rate 85%"
    (chart,) = outcome.attachments
    assert (chart.filename, chart.description, chart.content_type) == (
        "chart.png",
        "Cumulative cash by month",
        "image/png",
    )
    assert chart.data == tiny_png()
    assert [b.text for b in outcome.buttons] == ["Rename", "Hide", "Fork", "Docs"]
    served = outcome.message.payload()["embeds"][0]["image"]["url"]
    assert served == chart.url
    async with aiohttp.ClientSession() as session, session.get(chart.url) as response:
        assert (await response.read()).startswith(PNG_SIGNATURE)


async def test_a_private_reply_is_seen_only_by_its_user(standin):
    outcome = await standin.slash("alice", "general", "secret")
    assert outcome.ephemeral
    assert outcome.message in standin.channel_messages("general", "alice")
    assert outcome.message not in standin.channel_messages("general", "bob")
    with pytest.raises(InputError, match="bob cannot see that message"):
        await standin.click("bob", outcome.message, "anything")


async def test_a_deferred_reply_ends_with_its_followup(standin):
    outcome = await standin.slash("alice", "general", "slow")
    assert outcome.status is Status.REPLIED
    assert outcome.content == "done thinking"
    assert outcome.acknowledged_after < 0.05 <= outcome.replied_after
    assert outcome.followups == []  # the followup replaced "thinking…"


async def test_privacy_is_decided_at_the_defer(standin):
    outcome = await standin.slash("alice", "general", "slow", private="true")
    assert outcome.content == "done thinking"
    assert outcome.ephemeral


async def test_an_edited_reply_shows_its_latest_version(standin):
    outcome = await standin.slash("alice", "general", "countdown")
    if outcome.content != "lift-off":
        assert await outcome.next_change(within=1)
    assert outcome.content == "lift-off"
    assert outcome.message.edited_at is not None


async def test_a_button_opens_a_form_whose_submission_updates_the_message(standin):
    chart = await standin.slash("alice", "general", "chart")
    form = await standin.click("bob", chart, "rename")
    assert form.status is Status.MODAL
    assert form.modal.title == "Rename the chart"
    assert [(f.label, f.required, f.max_length) for f in form.modal.fields] == [
        ("New name", True, 20),
        ("Note", False, 4000),
    ]
    with pytest.raises(InputError, match="'New name' is required"):
        await standin.submit_modal("bob", form, Note="no name")
    with pytest.raises(InputError, match="must be 0 to 20 characters"):
        await standin.submit_modal("bob", form, {"New name": "x" * 21})
    with pytest.raises(InputError, match="opened by bob"):
        await standin.submit_modal("alice", form, {"New name": "Q3"})

    renamed = await standin.submit_modal("bob", form, {"New name": "Q3", "note": "cheaper"})
    assert renamed.status is Status.REPLIED
    assert renamed.message is chart.message
    assert chart.content == "Renamed to Q3 (cheaper)"
    assert chart.embed["title"] == "Break-even"  # an update keeps what it does not change


async def test_a_persistent_button_carries_its_data_in_the_custom_id(standin):
    chart = await standin.slash("alice", "general", "chart", plan_id=str(2**53 - 1))
    forked = await standin.click("bob", chart, "Fork")
    assert forked.content == f"bob forked plan {2**53 - 1}"
    assert forked.ephemeral
    assert chart.message.buttons[2].custom_id == f"toy:fork:{2**53 - 1}"


async def test_a_deferred_update_then_an_edit_changes_the_clicked_message(standin):
    chart = await standin.slash("alice", "general", "chart")
    hidden = await standin.click("alice", chart, "Hide")
    assert hidden.status is Status.REPLIED
    assert hidden.message is chart.message
    assert (chart.content, chart.embeds, chart.attachments, chart.buttons) == (
        "(hidden)",
        [],
        [],
        [],
    )


async def test_link_buttons_never_reach_the_bot(standin):
    chart = await standin.slash("alice", "general", "chart")
    with pytest.raises(InputError, match=r"opens https://example\.com/docs"):
        await standin.click("alice", chart, "Docs")


async def test_autocomplete_suggests_from_what_the_user_typed(standin):
    for name in ("Q3 plan", "Q4 plan", "launch"):
        await standin.slash("alice", "general", "plan save", name=name, price="199")
    choices = await standin.autocomplete("alice", "general", "plan show", "name", name="q")
    assert [c.name for c in choices] == ["Q3 plan", "Q4 plan"]
    assert await standin.autocomplete("bob", "general", "plan show", "name") == []
    shown = await standin.slash("alice", "general", "plan show", name=choices[0].value)
    assert shown.content == "Q3 plan: 199"


async def test_a_subcommand_group(standin):
    outcome = await standin.command_line(
        "carol", "general", "/plan notes add plan:Q3 text:costs fall 15% per doubling"
    )
    assert outcome.content == "Noted on Q3: costs fall 15% per doubling"


async def test_replies_never_ping(standin):
    alice = standin.world.user("alice")
    outcome = await standin.slash("bob", "general", "ping", who=str(alice.id))
    assert outcome.content == f"hello <@{alice.id}> and @everyone"
    assert outcome.message.pinged_user_ids == []
    assert not outcome.message.pings_everyone


async def test_several_guilds_channels_and_large_ids(standin):
    side = standin.world.channel("general", guild="Side Project")
    assert side.guild.id == 2**63 - 1
    outcome = await standin.slash("bob", side, "secret")
    assert outcome.message.channel is side
    assert outcome.message.interaction["user"]["id"] == str(2**53 + 1)


@pytest.mark.parametrize("standin_options", [{"ack_deadline": 0.2}])
@pytest.mark.discord_errors
async def test_no_acknowledgement_in_time_is_what_the_user_sees(standin):
    outcome = await standin.slash("alice", "general", "sleepy", seconds="0.4")
    assert outcome.status is Status.NO_RESPONSE
    assert outcome.message is None
    await outcome.next_change(within=1)  # the late answer arrives, and is refused
    assert [(e.status, e.code) for e in outcome.errors] == [(404, 10062)]


@pytest.mark.discord_errors
async def test_a_second_acknowledgement_is_refused(standin):
    outcome = await standin.slash("alice", "general", "secret")
    interaction = outcome.interaction
    url = f"{standin.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"type": 4, "data": {"content": "again"}}) as response:
            assert response.status == 400
            assert (await response.json())["code"] == 40060
        wrong = url.replace(interaction.token, "not-the-token")
        async with session.post(wrong, json={"type": 4, "data": {"content": "x"}}) as response:
            assert (response.status, (await response.json())["code"]) == (404, 10062)
    assert [e.code for e in outcome.errors] == [40060]
    assert outcome.content == "just for you"


@pytest.mark.parametrize("standin_options", [{"clock": ManualClock(), "reply_timeout": 0.3}])
@pytest.mark.discord_errors
async def test_followups_end_after_fifteen_minutes(standin, bot, standin_options):
    outcome = await standin.slash("alice", "general", "later")
    assert outcome.status is Status.THINKING
    standin_options["clock"].advance(15 * 60 + 1)
    bot.release.set()
    assert await outcome.next_change(within=2)
    assert [(e.status, e.code) for e in outcome.errors] == [(401, 50027)]
    assert outcome.status is Status.THINKING


@pytest.mark.parametrize("standin_options", [{"ack_deadline": 0.3}])
@pytest.mark.discord_errors
async def test_a_message_over_discords_limits_is_refused_with_its_reason(standin):
    outcome = await standin.slash("alice", "general", "too-long")
    assert outcome.status is Status.NO_RESPONSE
    (error,) = outcome.errors
    assert (error.status, error.code) == (400, 50035)
    assert str(error.problems[0]) == "content: Must be 2000 or fewer in length."


@pytest.mark.discord_errors
async def test_command_registration_is_refused_like_discord_does(standin, bot):
    bad = [{"name": "Bad Name", "description": "", "type": 1}]
    with pytest.raises(discord.HTTPException) as refused:
        await bot.http.bulk_upsert_global_commands(bot.application_id, payload=bad)
    assert refused.value.code == 50035
    assert "0.name" in refused.value.text and "0.description" in refused.value.text
    assert [c["name"] for c in standin.commands()][:3] == ["plan", "calc", "chart"]


@pytest.mark.discord_errors
async def test_a_rate_limit_is_waited_out(standin):
    standin.rate_limit("POST", r"/callback$", retry_after=0.05)
    outcome = await standin.slash("alice", "general", "secret")
    assert outcome.content == "just for you"
    callbacks = [r.status for r in standin.requests if r.path.endswith("/callback")]
    assert callbacks == [429, 200]


async def test_the_bot_resumes_after_a_reconnect(standin):
    await standin.reconnect()
    outcome = await standin.slash("alice", "general", "secret")
    assert outcome.content == "just for you"
    ops = [payload["op"] for _, payload in standin.gateway.received]
    assert ops.count(2) == 1 and ops.count(6) == 1  # one IDENTIFY, then a RESUME
    assert len(standin.gateway.sessions) == 1


async def test_channel_messages_sent_with_the_bot_token(standin, bot):
    channel = bot.get_channel(standin.world.channel("planning").id)
    sent = await channel.send("weekly numbers", embed=discord.Embed(title="Week 12"))
    await sent.edit(content="weekly numbers (final)")
    (message,) = standin.channel_messages("planning")
    assert (message.content, message.embeds[0]["title"]) == ("weekly numbers (final)", "Week 12")
    await sent.delete()
    assert standin.channel_messages("planning") == []


@pytest.mark.parametrize("bot_factory", [running_toy_bot, sharded_toy_bot])
async def test_a_dead_gateway_fails_the_call_at_once(standin, monkeypatch):
    real_payload = Interaction.payload

    def without_version(interaction, *args):
        payload = real_payload(interaction, *args)
        del payload["version"]  # discord.py cannot parse this: its connection dies
        return payload

    monkeypatch.setattr(Interaction, "payload", without_version)
    started = asyncio.get_running_loop().time()
    with pytest.raises(BotStopped, match="KeyError"):
        await standin.slash("alice", "general", "secret")
    assert asyncio.get_running_loop().time() - started < 1


@pytest.mark.parametrize("standin_options", [{"ack_deadline": 0.2}])
@pytest.mark.discord_errors
async def test_autocomplete_without_answer_says_so(standin):
    with pytest.raises(Unanswered, match="Loading options failed"):
        await standin.autocomplete("alice", "general", "sleepy", "seconds")


@pytest.mark.parametrize("bot_factory", [sharded_toy_bot])
async def test_an_auto_sharded_bot_asks_for_its_shard_count(standin, bot):
    assert [r.path for r in standin.requests if "gateway" in r.path] == ["/gateway/bot"]
    assert bot.shard_count == 1
    side = standin.world.channel("general", "Side Project")
    assert (await standin.slash("alice", side, "secret")).content == "just for you"
