"""Text users control is shown as typed, never as markup; hostile files get clear refusals."""

import csv
import dataclasses
import io
import json
import logging
import re

import pytest

import model
from bot.settings import Settings
from standin import Upload

TRICKS = [
    "[Free Nitro](https://evil.example)",
    "||spoiler|| plan",
    "**Bold** move",
    "# Heading",
    "- listed",
    "1. numbered",
    "```fenced```",
    "<t:0:R> timer",
    "\\[Sneaky](https://evil.example)",
]


@pytest.fixture
def bot_settings(bot_settings: Settings) -> Settings:
    return dataclasses.replace(bot_settings, user_rate=None)


def as_typed(text: str, typed: str) -> None:
    """`typed` reads as typed once escapes are taken away, and never appears unescaped."""
    assert typed in re.sub(r"\\([^\w\s])", r"\1", text)
    starts = [m.start() for m in re.finditer(re.escape(typed), text)]
    assert all(text[start - 1 : start] == "\\" for start in starts), text
    if typed.startswith("\\["):  # a backslash of its own must not undo the escape
        assert not re.search(r"(?<!\\)(\\\\)*\[", text), text


@pytest.mark.parametrize("name", TRICKS)
async def test_markup_in_a_name_shows_as_typed_wherever_the_name_appears(standin, name):
    answered = await standin.slash(
        "alice", "general", "margin", price="199", unit_cost="185", save_as=name
    )
    as_typed(answered.embed["description"], name)
    await standin.slash("alice", "general", "margin", price="249", unit_cost="185", save_as="Dear")
    shown = await standin.slash("alice", "general", "scenario show", name=name)
    as_typed(shown.embed["title"], name)
    as_typed((await standin.slash("alice", "general", "scenario list")).embed["description"], name)
    compared = await standin.slash(
        "alice", "general", "scenario compare", first=name, second="Dear"
    )
    as_typed(compared.embed["fields"][0]["name"], name)
    shared = await standin.slash("alice", "general", "scenario share", name=name)
    as_typed(shared.embed["title"], name)
    forked = await standin.click("bob", shared, "Fork into my scenarios")
    as_typed(forked.content, name)
    taken = await standin.slash("alice", "general", "scenario rename", name="Dear", new_name=name)
    as_typed(taken.content, name)  # an error message quoting the name
    missing = await standin.slash("bob", "general", "scenario show", name=name + "?")
    as_typed(missing.content, name)


async def test_markup_in_notes_shows_as_typed(standin):
    notes = "See [the deck](https://evil.example) and ||the secret||\n# not a heading"
    await standin.slash("alice", "general", "margin", price="199", unit_cost="185")
    await standin.slash("alice", "general", "scenario save", name="Launch", notes=notes)
    shown = await standin.slash("alice", "general", "scenario show", name="Launch")
    for line in notes.splitlines():
        as_typed(shown.embed["description"], line)


async def test_csv_export_neutralises_formulas_and_keeps_full_precision(standin):
    names = ["=HYPERLINK(1)", "+1 plan", "-2 plan", "@SUM(A1)"]
    for name in names:
        await standin.slash(
            "alice", "general", "critical-mass", price="199.3", unit_cost="230.7", save_as=name
        )
    exported = await standin.slash("alice", "general", "scenario export")
    files = {a.filename: a.data for a in exported.attachments}
    rows = list(csv.DictReader(io.StringIO(files["flywheel-monthly.csv"].decode())))
    assert {row["scenario"] for row in rows} == {f"'{name}" for name in names}
    series = model.critical_mass(model.Plan(price=199.3, unit_cost=230.7))
    for row in rows:
        month = int(row["month"])
        assert float(row["cumulative_cash"]) == series.cumulative_cash[month]
        assert float(row["unit_cost"]) == series.unit_cost[month]
    json_names = [s["name"] for s in json.loads(files["flywheel-scenarios.json"])["scenarios"]]
    assert sorted(json_names) == sorted(names)  # the JSON keeps them exact, for re-import


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested far too deep"),
        (b'{"scenarios": [' + b"9" * 5000 + b"]}", "5,000 characters long"),
    ],
)
async def test_a_hostile_import_file_gets_a_clear_private_refusal_logged_at_info(
    standin, caplog, raw, expected
):
    caplog.set_level(logging.INFO, logger="flywheel")
    upload = Upload("flywheel-scenarios.json", raw, "application/json")
    outcome = await standin.slash("alice", "general", "scenario import", file=upload)
    assert outcome.ephemeral and expected in outcome.content
    assert len(outcome.content) < 400
    refusals = [r for r in caplog.records if getattr(r, "outcome", None) == "refused"]
    assert [r.levelno for r in refusals] == [logging.INFO]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_long_bad_value_in_an_import_is_quoted_short(standin):
    document = {
        "format": "x" * 5000,
        "scenarios": [{"name": "A", "plan": {"currency": "Q" * 5000}}],
    }
    upload = Upload("flywheel-scenarios.json", json.dumps(document).encode(), "application/json")
    outcome = await standin.slash("alice", "general", "scenario import", file=upload)
    assert outcome.ephemeral and 0 < len(outcome.content) < 400
    assert "x" * 41 not in outcome.content and "Q" * 41 not in outcome.content
