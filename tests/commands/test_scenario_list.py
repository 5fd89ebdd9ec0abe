"""/scenario list in pages, and scenario autocomplete, end to end for a heavy user."""

from __future__ import annotations

import json
import re

import pytest

from bot.endpoints import use_endpoints
from bot.runner import running_bot
from bot.settings import Settings
from standin import InputError, StandIn, Upload


async def _import(standin, user: str, names: list[str], prices: list[int] | None = None) -> None:
    """Give `user` these scenarios in one /scenario import, as a heavy user would."""
    await standin.slash(user, "general", "critical-mass", price="199", unit_cost="230", save_as="x")
    exported = await standin.slash(user, "general", "scenario export")
    data = json.loads(exported.attachments[0].data)
    template = data["scenarios"][0]
    prices = prices or [199] * len(names)
    data["scenarios"] = [
        template | {"name": name, "plan": template["plan"] | {"price": price}}
        for name, price in zip(names, prices, strict=True)
    ]
    await standin.slash(user, "general", "scenario delete", name="x")
    upload = Upload("flywheel-scenarios.json", json.dumps(data).encode(), "application/json")
    imported = await standin.slash(user, "general", "scenario import", file=upload)
    assert f"Imported {len(names)}" in imported.content


def _names(outcome) -> list[str]:
    return re.findall(r"\*\*(.+?)\*\*", outcome.embed["description"])


def _enabled(outcome) -> dict[str, bool]:
    return {button.label: not button.disabled for button in outcome.buttons}


async def test_a_user_pages_through_all_200_scenarios(standin):
    names = [f"Plan {n:03}" for n in range(1, 201)]
    await _import(standin, "alice", names)

    listed = await standin.slash("alice", "general", "scenario list")
    assert listed.ephemeral
    assert listed.embed["title"] == "Your scenarios (200)"
    assert listed.embed["footer"]["text"].startswith("Page 1 of 10.")
    assert _enabled(listed) == {"Previous": False, "Next": True}
    seen = _names(listed)
    for page in range(2, 11):
        await standin.click("alice", listed, "Next")
        assert listed.embed["footer"]["text"].startswith(f"Page {page} of 10.")
        assert listed.ephemeral
        seen += _names(listed)
    assert seen == names
    assert _enabled(listed) == {"Previous": True, "Next": False}

    await standin.click("alice", listed, "Previous")
    assert _names(listed) == names[160:180]
    menu = listed.message.select_menu("Show one")
    assert [option["label"] for option in menu["options"]] == names[160:180]
    assert menu["max_values"] == 4


async def test_a_page_of_the_longest_names_fits_one_embed(standin):
    names = [("*_" * 31) + f"{n:02}" for n in range(21)]  # 64 characters, each one escaped
    await _import(standin, "alice", names)

    listed = await standin.slash("alice", "general", "scenario list")

    lines = listed.embed["description"].splitlines()
    assert len(lines) == 20 and len(listed.embed["description"]) <= 4096
    assert lines[0].startswith("**\\*\\_") and "updated <t:" in lines[0]
    options = listed.message.select_menu("Show one")["options"]
    assert [option["label"] for option in options] == names[:20]


async def test_picking_from_the_page_shows_one_or_compares_several(standin):
    await _import(standin, "alice", ["Cheap", "Dear", "Middle"], prices=[179, 249, 199])
    listed = await standin.slash("alice", "general", "scenario list")
    assert _names(listed) == ["Cheap", "Dear", "Middle"]
    assert listed.buttons == []  # one page: nothing to turn

    shown = await standin.choose("alice", listed, "Show one", "Dear")
    assert shown.ephemeral
    assert shown.embed["title"].startswith("Dear")
    assert "Price $249" in shown.embed["description"]
    assert [b.label for b in shown.buttons] == ["Share in this channel"]

    compared = await standin.choose("alice", listed, "Show one", "Cheap", "Dear", "Middle")
    assert compared.ephemeral
    assert [f["name"] for f in compared.embed["fields"]] == ["Cheap", "Dear", "Middle"]
    assert "Inputs that differ: Price." in compared.embed["description"]
    assert compared.attachments[0].data.startswith(b"\x89PNG")
    assert _names(listed) == ["Cheap", "Dear", "Middle"]  # the list stays as it was


async def test_the_list_is_read_again_on_each_click(standin):
    names = [f"Plan {n:02}" for n in range(1, 22)]
    await _import(standin, "alice", names)
    listed = await standin.slash("alice", "general", "scenario list")
    assert listed.embed["footer"]["text"].startswith("Page 1 of 2.")

    await standin.slash("alice", "general", "scenario delete", name="Plan 21")
    await standin.slash("alice", "general", "scenario rename", name="Plan 01", new_name="Zed")
    await standin.click("alice", listed, "Next")  # page 2 is gone: the last page instead

    assert listed.embed["title"] == "Your scenarios (20)"
    assert _names(listed) == [*names[1:20], "Zed"]
    assert listed.buttons == []

    await standin.slash("alice", "general", "scenario delete", name="Zed")
    gone = await standin.choose("alice", listed, "Show one", "Zed")
    assert gone.ephemeral and "no scenario" in gone.content.lower()


async def test_only_the_owner_can_use_a_list(standin):
    await _import(standin, "alice", [f"Secret {n:02}" for n in range(1, 30)])
    listed = await standin.slash("alice", "general", "scenario list")

    with pytest.raises(InputError, match="cannot see"):
        await standin.click("bob", listed, "Next")
    # A modified client could send the click anyway: it gets a refusal, never Alice's names.
    forged = await standin._use_component(
        standin.world.user("bob"),
        listed.message,
        {"custom_id": listed.message.button("Next").custom_id, "component_type": 2},
    )
    assert forged.ephemeral and "someone else's" in forged.content
    assert "Secret" not in json.dumps(forged.message.payload())
    assert _names(listed)[0] == "Secret 01"


async def test_list_buttons_keep_working_after_a_restart(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'flywheel.db'}", chart_workers=1)
    try:
        async with StandIn() as discord:
            async with running_bot(discord.bot_settings(settings)):
                await _import(discord, "alice", [f"Plan {n:02}" for n in range(1, 26)])
                listed = await discord.slash("alice", "general", "scenario list")
            async with running_bot(discord.bot_settings(settings)):
                await discord.click("alice", listed, "Next")
    finally:
        use_endpoints(None, None)

    assert listed.embed["footer"]["text"].startswith("Page 2 of 2.")
    assert _names(listed) == [f"Plan {n:02}" for n in range(21, 26)]


async def test_autocomplete_is_fuzzy_and_most_recent_first(standin):
    await _import(standin, "alice", ["Launch", "Relaunch plan", "Services", "Phone launch"])
    await standin.slash(
        "alice", "general", "critical-mass", price="149", unit_cost="230", save_as="Q3-launch"
    )

    typed = await standin.autocomplete("alice", "general", "margin", "scenario", scenario="launch")
    assert [c.name for c in typed] == ["Launch", "Q3-launch", "Phone launch", "Relaunch plan"]
    nothing = await standin.autocomplete("alice", "general", "margin", "scenario")
    assert nothing[0].name == "Q3-launch"  # the one saved last
    gaps = await standin.autocomplete("alice", "general", "scenario show", "name", name="srvc")
    assert [c.name for c in gaps] == ["Services"]

    used = await standin.slash("alice", "general", "margin", scenario=typed[2].value)
    assert "Price $199" in used.embed["description"]
