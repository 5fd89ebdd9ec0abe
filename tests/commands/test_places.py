"""Flywheel wherever people are: the bot's DMs, group DMs, and servers only a user install reaches.

Any request Discord would refuse (a channel message where the bot is not) fails these tests.
"""

import dataclasses
import json

import pytest

from bot.settings import Settings
from standin import Upload


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    """A whole session of commands in a row: no per-user rate limit."""
    return dataclasses.replace(bot_settings, user_rate=None)


async def _personal_round(standin, user, place) -> None:
    """Every personal command, in `place`, as `user` would use them."""
    answered = await standin.slash(
        user, place, "critical-mass", price="199", unit_cost="230", save_as="Launch"
    )
    assert "Saved as “Launch”" in answered.embed["description"]
    await standin.slash(user, place, "margin", price="249", unit_cost="185", save_as="Dear")
    listed = await standin.slash(user, place, "scenario list")
    assert listed.ephemeral and "**Launch**" in listed.embed["description"]
    shown = await standin.slash(user, place, "scenario show", name="Launch")
    assert shown.ephemeral and shown.embed["title"].startswith("Launch")
    assert "Share in this channel" not in [b.label for b in shown.buttons]
    compared = await standin.slash(user, place, "scenario compare", first="Launch", second="Dear")
    assert [f["name"] for f in compared.embed["fields"]] == ["Dear", "Launch"][::-1]
    choices = await standin.autocomplete(user, place, "margin", "scenario", scenario="la")
    assert [c.name for c in choices] == ["Launch"]
    from_scenario = await standin.slash(user, place, "services", scenario="Launch")
    assert "Price $199" in from_scenario.embed["description"]
    tornado = await standin.slash(
        user, place, "sensitivity", scenario="Launch", metric="break_even_month"
    )
    assert tornado.attachments[0].data.startswith(b"\x89PNG")
    renamed = await standin.slash(user, place, "scenario rename", name="Dear", new_name="Pricey")
    assert "Renamed to “Pricey”" in renamed.content
    exported = await standin.slash(user, place, "scenario export")
    files = {a.filename: a.data for a in exported.attachments}
    assert len(json.loads(files["flywheel-scenarios.json"])["scenarios"]) == 2
    upload = Upload("flywheel-scenarios.json", files["flywheel-scenarios.json"], "application/json")
    imported = await standin.slash(user, place, "scenario import", file=upload)
    assert "Imported 2" in imported.content
    deleted = await standin.slash(user, place, "scenario delete", name="Pricey")
    assert "Deleted" in deleted.content
    shared = await standin.slash(user, place, "scenario share", name="Launch")
    assert shared.ephemeral and "server channel" in shared.content
    assert (await standin.slash(user, place, "help")).embed["title"].startswith("Flywheel")
    assert len((await standin.slash(user, place, "playbook")).embed["fields"]) == 5
    asked = await standin.slash(user, place, "forget-me")
    done = await standin.click(user, asked, "Delete everything about me")
    assert "deleted 3 scenarios" in done.content


async def test_every_personal_command_works_in_the_bots_dm(standin):
    await _personal_round(standin, "alice", standin.dm_channel("alice"))


async def test_with_a_user_install_every_personal_command_works_in_a_group_dm(standin):
    standin.install_app("bob")
    await _personal_round(standin, "bob", standin.group_dm("bob", "alice", "carol"))


async def test_in_a_server_without_the_bot_a_user_install_answers_without_posting(standin):
    side = standin.world.channel("general", "Side Project")
    await standin.remove_bot("Side Project")
    standin.install_app("carol")
    answered = await standin.slash(
        "carol", side, "margin", price="199", unit_cost="185", save_as="Side"
    )
    assert not answered.ephemeral and "Saved as “Side”" in answered.embed["description"]
    shown = await standin.slash("carol", side, "scenario show", name="Side")
    assert shown.embed["title"].startswith("Side")
    assert (await standin.slash("carol", side, "scenario list")).ephemeral
    card = await standin.slash("carol", side, "scenario share", name="Side")
    assert not card.ephemeral and card.embed["title"].startswith("Side")
    forked = await standin.click("alice", card, "Fork into my scenarios")
    assert "“Side (fork)”" in forked.content
    posted = [r for r in standin.requests if r.route.startswith("/channels/")]
    assert posted == []  # interaction responses only: the bot may not post there


def test_every_command_is_offered_to_user_installs_everywhere(standin):
    """Every command is personal today; server-only ones (sharing) refuse elsewhere."""
    registered = standin.commands()
    assert len(registered) >= 10
    for command in registered:
        assert sorted(command["integration_types"]) == [0, 1], command["name"]
        assert sorted(command["contexts"]) == [0, 1, 2], command["name"]
