"""/forget-me end to end: teammates' Save buttons on the person's old cards, and logs that never
carried their names, notes or plans in the first place."""

import dataclasses
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import JsonFormatter, setup_logging
from bot.settings import Settings
from standin import Upload

NAME = "Zebra quokka launch"
NOTES = "Pangolin margins, confidential"
PRICE = "1234.5678"  # a figure no log line would hold by chance


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    return dataclasses.replace(bot_settings, user_rate=None)


async def test_save_on_a_forgotten_persons_card_says_the_plan_is_gone(standin):
    card = await standin.slash("alice", "general", "margin", price="199", unit_cost="185")
    asked = await standin.slash("alice", "general", "forget-me")
    await standin.click("alice", asked, "Delete everything about me")
    form = await standin.click("bob", card, "Save")
    saved = await standin.submit_modal("bob", form, name="Alice's plan")
    assert saved.ephemeral
    assert "That plan is gone: the person it was shown to had Flywheel delete their data" in (
        saved.content
    )
    assert (await standin.slash("bob", "general", "scenario list")).embed["title"] == (
        "No scenarios yet"
    )


@pytest.fixture
def bot_logging(caplog) -> Iterator[None]:
    """The bot's own logging set-up at its most verbose (LOG_LEVEL=DEBUG), seen by caplog."""
    root = logging.getLogger()
    libraries = [logging.getLogger(name) for name in ("discord", "aiosqlite", "sqlalchemy")]
    saved = root.handlers[:], root.level, [library.level for library in libraries]
    setup_logging("DEBUG")
    root.addHandler(caplog.handler)
    caplog.handler.setLevel(logging.DEBUG)
    yield
    root.handlers[:], root.level = saved[0], saved[1]
    for library, level in zip(libraries, saved[2], strict=True):
        library.setLevel(level)


@pytest.mark.usefixtures("bot_logging")
async def test_logs_of_a_whole_session_hold_no_names_notes_or_plans(standin, caplog):
    await standin.slash("alice", "general", "margin", price=PRICE, unit_cost="185", save_as=NAME)
    await standin.slash("alice", "general", "scenario save", name=NAME, notes=NOTES)  # taken
    await standin.slash("alice", "general", "scenario save", name=NAME, notes=NOTES, overwrite=True)
    await standin.slash("alice", "general", "scenario show", name=NAME)
    shared = await standin.slash("alice", "general", "scenario share", name=NAME)
    await standin.click("bob", shared, "Fork into my scenarios")
    await standin.slash("bob", "general", "scenario show", name=f"{NAME} (nope)")  # refused
    await standin.slash("bob", "general", "scenario rename", name=f"{NAME} (fork)", new_name=NAME)
    await standin.autocomplete("bob", "general", "margin", "scenario", scenario=NAME[:5])
    exported = await standin.slash("alice", "general", "scenario export")
    document = {a.filename: a.data for a in exported.attachments}["flywheel-scenarios.json"]
    upload = Upload("flywheel-scenarios.json", document, "application/json")
    await standin.slash("carol", "general", "scenario import", file=upload)
    broken = json.dumps({"scenarios": [{"name": NAME, "plan": {"price": NOTES}}]}).encode()
    bad = Upload("flywheel-scenarios.json", broken, "application/json")
    await standin.slash("carol", "general", "scenario import", file=bad)  # refused
    asked = await standin.slash("alice", "general", "forget-me")
    await standin.click("alice", asked, "Delete everything about me")

    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert any('"outcome": "refused"' in line for line in lines)  # the refusals were logged
    for secret in (NAME, NAME.lower(), NOTES, PRICE):
        leaking = [line for line in lines if secret in line]
        assert leaking == [], secret
