"""The five lenses end to end: real bot, real discord.py, the stand-in for Discord."""

import re

import pytest

import model
from model import Plan, parse_input
from model.format import money, month
from standin import Status
from tests.commands.samples import LENS_INPUTS


def _plan(typed: dict[str, str]) -> Plan:
    return Plan().replace(**{name: parse_input(name, text) for name, text in typed.items()})


def _field(outcome, name: str) -> str:
    return next(f["value"] for f in outcome.embed["fields"] if f["name"] == name)


@pytest.mark.parametrize("lens", LENS_INPUTS)
async def test_each_lens_answers_publicly_with_figures_a_chart_and_a_save_button(standin, lens):
    outcome = await standin.slash("alice", "general", lens, **LENS_INPUTS[lens])

    assert outcome.status is Status.REPLIED
    assert not outcome.ephemeral
    embed = outcome.embed
    assert embed["title"] and len(embed["fields"]) >= 3
    assert "**Inputs:**" in embed["description"]
    [chart] = outcome.attachments
    assert chart.data.startswith(b"\x89PNG") and chart.filename == "chart.png"
    assert chart.description and chart.description.endswith(".")  # alt text, one sentence
    assert embed["image"]["url"] == f"attachment://{chart.filename}"
    assert [button.label for button in outcome.buttons] == ["Save"]


async def test_critical_mass_figures_are_the_models(standin):
    typed = LENS_INPUTS["critical-mass"]
    outcome = await standin.slash("alice", "general", "critical-mass", **typed)
    expected = model.critical_mass(_plan(typed))

    assert _field(outcome, "Break-even (cumulative cash ≥ 0)") == month(expected.break_even_month)
    need = _field(outcome, "Cash need (within 36 months)")
    assert need == f"{money(expected.cash_need)} (in {month(expected.cash_need_month)})"
    assert month(expected.break_even_month) in outcome.embed["title"]


async def test_margin_says_at_cost_is_a_loss_once_everything_is_counted(standin):
    typed = {"price": "199", "unit_cost": "199", "tooling": "2M", "volume": "100k"}
    outcome = await standin.slash("alice", "general", "margin", **typed)
    expected = model.margins(_plan(typed))

    assert expected.at_launch.fully_loaded_per_unit < 0
    at_launch = money(expected.at_launch.fully_loaded_per_unit)
    assert _field(outcome, "Fully loaded").startswith(at_launch)
    assert expected.verdict in outcome.embed["description"]


async def test_bad_input_is_a_private_message_naming_the_option(standin):
    outcome = await standin.slash("alice", "general", "margin", price="abc", unit_cost="185")

    assert outcome.ephemeral
    assert "price" in outcome.content and "1.2k" in outcome.content
    assert outcome.embed is None


async def test_a_missing_price_says_so_privately(standin):
    outcome = await standin.slash("alice", "general", "critical-mass", unit_cost="185")

    assert outcome.ephemeral
    assert "price" in outcome.content


async def test_an_answer_that_does_not_exist_is_said_in_words(standin):
    typed = {"price": "100", "unit_cost": "150", "learning_rate": "99%"}
    outcome = await standin.slash("alice", "general", "critical-mass", **typed)
    expected = model.critical_mass(_plan(typed))

    assert expected.break_even_month is None
    shown = _field(outcome, "Break-even (cumulative cash ≥ 0)")
    assert shown == expected.notes["break_even_month"]
    assert "nan" not in str(outcome.embed).lower() and "inf" not in shown.lower()


async def test_save_as_keeps_the_plan_and_scenario_starts_from_it(standin):
    first = await standin.slash(
        "alice", "general", "critical-mass", price="199", unit_cost="230", save_as="Launch"
    )
    assert "Saved as “Launch”" in first.embed["description"]

    again = await standin.slash("alice", "general", "margin", scenario="Launch", unit_cost="150")
    assert "Price $199" in again.embed["description"]
    assert "Unit cost $150" in again.embed["description"]


async def test_save_button_asks_a_name_and_saves_the_shown_plan(standin):
    reply = await standin.slash("alice", "general", "margin", price="249", unit_cost="185")
    form = await standin.click("bob", reply, "Save")
    assert form.status is Status.MODAL

    saved = await standin.submit_modal("bob", form, {"Name": "Alice's pricing"})
    assert saved.ephemeral and "Saved as “Alice's pricing”" in saved.content

    shown = await standin.slash("bob", "general", "scenario show", name="Alice's pricing")
    assert "Price $249" in shown.embed["description"]


async def test_a_range_gives_percentiles_a_band_and_a_seed_that_replays(standin):
    typed = {"price": "180-220", "unit_cost": "230"}
    outcome = await standin.slash("alice", "general", "critical-mass", **typed)

    footer = outcome.embed["footer"]["text"]
    assert "Ranges: price" in footer
    seed = int(re.search(r"seed (\d+)", footer).group(1))
    assert f"seed {seed}" in outcome.attachments[0].description  # the chart's alt text
    replay = model.simulate(_plan(typed), seed=seed).spreads["break_even_month"]
    shown = _field(outcome, "Break-even month (within 36 months): P10 · P50 · P90")
    assert shown == " · ".join(month(v) for v in (replay.p10, replay.p50, replay.p90))
    assert _field(outcome, "Chance to break even within 36 months").endswith("%")


async def test_growth_says_when_critical_mass_comes_after_the_horizon(standin):
    typed = {"market_size": "50M", "horizon_months": "24"}
    outcome = await standin.slash("alice", "general", "growth", **typed)
    mine = model.growth(_plan(typed)).curves[0]

    assert mine.months_to_critical is None and mine.months_to_critical_unlimited > 24
    assert "after the 24-month horizon" in outcome.embed["fields"][0]["value"]
