"""/help, /playbook and /forget-me end to end."""

import re

import pytest

import model
from standin import Status


def _mentions_of(registered: list[dict]) -> set[str]:
    """`</name:id>` of each slash command, `</group sub:id>` of each subcommand; not /help."""
    mentions = set()
    for command in registered:
        if command["type"] != 1 or command["name"] == "help":
            continue
        subcommands = [o["name"] for o in command.get("options", []) if o["type"] == 1]
        for name in [f"{command['name']} {sub}" for sub in subcommands] or [command["name"]]:
            mentions.add(f"</{name}:{command['id']}>")
    return mentions


def _help_text(outcome) -> str:
    return "\n".join(field["value"] for field in outcome.embed["fields"])


async def test_help_links_every_command_as_a_clickable_mention(standin):
    outcome = await standin.slash("alice", "general", "help")

    assert outcome.ephemeral
    expected = _mentions_of(standin.commands())
    assert "</scenario save:" in " ".join(expected)
    assert set(re.findall(r"</[^>]+>", _help_text(outcome))) == expected
    assert all("\n`/" in field["value"] for field in outcome.embed["fields"])

    await standin.slash("bob", "general", "help")
    fetches = [r for r in standin.requests if r.method == "GET" and r.path.endswith("/commands")]
    assert len(fetches) == 1, "command ids are fetched once, not on every /help"


async def test_help_mentions_the_commands_of_the_scope_it_was_run_in(standin, bot):
    guild = standin.world.channel("general").guild
    await bot.sync_commands(force=True, guild_id=guild.id)  # a dev guild's own copies

    in_guild = await standin.slash("alice", "general", "help")
    in_dm = await standin.slash("alice", standin.dm_channel("alice"), "help")

    assert set(re.findall(r"</[^>]+>", _help_text(in_guild))) == _mentions_of(
        standin.commands(guild.id)
    )
    assert set(re.findall(r"</[^>]+>", _help_text(in_dm))) == _mentions_of(standin.commands())


@pytest.mark.discord_errors
async def test_help_names_commands_as_text_when_their_ids_are_unavailable(standin):
    standin.rate_limit("GET", r"/commands$", retry_after=30)

    outcome = await standin.slash("alice", "general", "help")

    assert outcome.ephemeral and outcome.acknowledged_after < 3.0
    text = _help_text(outcome)
    assert "</" not in text
    assert "/critical-mass\n`/critical-mass " in text
    assert "/scenario save · /scenario list" in text


async def test_playbook_shows_five_lessons_with_sourced_figures(standin):
    outcome = await standin.slash("alice", "general", "playbook")

    fields = outcome.embed["fields"]
    assert [f["name"] for f in fields] == [
        f"{n}. {lesson.title}" for n, lesson in enumerate(model.PLAYBOOK, 1)
    ]
    assert all("**Preset (assumption):**" in f["value"] for f in fields)
    assert "(record, " in fields[0]["value"] and "(article)" in fields[0]["value"]
    [chart] = outcome.attachments
    assert chart.data.startswith(b"\x89PNG")


async def test_forget_me_asks_first_then_deletes_everything(standin):
    await standin.slash("alice", "general", "margin", price="199", unit_cost="185", save_as="A")
    asked = await standin.slash("alice", "general", "forget-me")
    assert asked.ephemeral
    listed = await standin.slash("alice", "general", "scenario list")
    assert "A" in listed.embed["description"]

    done = await standin.click("alice", asked, "Delete everything about me")
    assert done.status is Status.REPLIED
    assert "deleted 1 scenario" in done.content

    listed = await standin.slash("alice", "general", "scenario list")
    assert listed.embed["title"] == "No scenarios yet"
    saved = await standin.slash("alice", "general", "scenario save", name="B")
    assert "Nothing to save yet" in saved.content
