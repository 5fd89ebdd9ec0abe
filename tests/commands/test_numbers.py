"""Issue 13 end to end: each defect a finance lead found, as the user sees it through the bot.

Every expected value comes from the model run on the plan the user typed (read the way the
bot reads it), never from a hard-coded answer; the test names say which defect they cover.
"""

import csv
import io
import json
import re

import pytest

import model
from commands.lens_registry import LENSES
from model import Plan, parse_input
from model.format import money, percent, units
from model.headlines import LENS_INPUTS


def _plan(typed: dict[str, str], locale: str = "en-US") -> Plan:
    return Plan().replace(**{name: parse_input(name, text, locale) for name, text in typed.items()})


def _field(outcome, name: str) -> str:
    fields = {f["name"]: f["value"] for f in outcome.embed["fields"]}
    assert name in fields, f"no field {name!r} in {list(fields)}"
    return fields[name]


def _shown(outcome) -> str:
    embed = outcome.embed
    texts = [embed["title"], embed.get("description", ""), embed["footer"]["text"]]
    return "\n".join(texts + [f"{f['name']}: {f['value']}" for f in embed["fields"]])


# 1. One economics: the margins card's over-the-plan figure is the critical-mass cash.
async def test_1_margin_over_the_plan_times_units_is_the_critical_mass_cash(standin):
    typed = {"price": "199", "unit_cost": "195", "tooling": "10M", "rnd": "40M",
             "fixed_monthly": "30M", "selling_cost": "3%", "learning_rate": "97%",
             "reference_volume": "500k", "launch_volume": "500k", "peak_volume": "5M"}  # fmt: skip
    margin = await standin.slash("alice", "general", "margin", **typed)
    cash = await standin.slash("alice", "general", "critical-mass", **typed)
    plan = _plan(typed)
    m, c = model.margins(plan), model.critical_mass(plan)

    loaded = m.over_plan.fully_loaded_per_unit
    assert f"{money(loaded)}/unit" in _field(margin, "Fully loaded").split("\n")[1]
    assert loaded * m.volume == pytest.approx(c.cumulative_cash[-1], rel=1e-9)
    cash_shown = _field(cash, "Cumulative cash by month 36 (undiscounted)")
    assert cash_shown == money(loaded * m.volume)  # the two cards reconcile on the card
    # The two cards tell one story: a profit over the plan is cash that breaks even.
    assert (loaded > 0) == (c.break_even_month is not None)
    assert "over the plan" in margin.embed["title"]
    assert "Breaks even" in cash.embed["title"]


# 2. The learning curve follows cumulative volume, not the launch batch.
async def test_2_a_bigger_launch_is_never_worth_less(standin):
    typed = {"price": "199", "unit_cost": "230", "peak_volume": "10k", "learning_rate": "85%"}
    npv_shown = {}
    for launch in ("1", "5k"):
        outcome = await standin.slash(
            "alice", "general", "critical-mass", launch_volume=launch, **typed
        )
        npv_shown[launch] = _field(outcome, "NPV at 10%/yr / IRR (within 36 months)")
    small = model.critical_mass(_plan(typed | {"launch_volume": "1"})).npv
    big = model.critical_mass(_plan(typed | {"launch_volume": "5k"})).npv
    assert big > small
    assert npv_shown["1"].startswith(money(small)) and npv_shown["5k"].startswith(money(big))


# 3. Every option offered moves the lens; the services inputs move the critical-mass cash.
def test_3_each_lens_offers_what_it_reads_and_only_that(standin):
    for command in standin.commands():
        lens = LENSES.get(command["name"])
        if lens is None:
            continue
        names = [option["name"] for option in command["options"]]
        inputs = [name for name in names if name not in ("currency", "seed", "scenario", "save_as")]
        assert set(inputs) <= set(LENS_INPUTS[lens.model_lens])
        assert names[-4:] == ["currency", "seed", "scenario", "save_as"]
        assert len(names) <= 25


async def test_3_services_inputs_change_the_critical_mass_cash(standin):
    typed = {"price": "199", "unit_cost": "230"}
    without = await standin.slash("alice", "general", "critical-mass", **typed)
    with_services = await standin.slash(
        "alice", "general", "critical-mass", services_arpu="3", paying_share="30%", **typed
    )
    plan = _plan(typed | {"services_arpu": "3", "paying_share": "30%"})
    npv = "NPV at 10%/yr / IRR (within 36 months)"
    assert _field(with_services, npv) != _field(without, npv)
    assert _field(with_services, npv).startswith(money(model.critical_mass(plan).npv))
    services_cash = money(float(model.critical_mass(plan).services_cash.sum()))
    assert _field(with_services, "Services cash included (within 36 months)") == services_cash


# 4. Markup is labelled as markup; margin as margin.
async def test_4_markup_and_margin_say_what_they_are(standin):
    outcome = await standin.slash("alice", "general", "margin", price="199", unit_cost="150")
    assert _field(outcome, "Markup (share of cost)").startswith("32.7% at launch")
    assert _field(outcome, "Gross margin (share of price)").startswith("24.6% at launch")
    assert (
        "Priced 32.7% above the launch unit cost (markup; gross margin 24.6%)"
        in (outcome.embed["description"])
    )


# 5. Contribution counts marketing per unit, so break-even volume divides.
async def test_5_contribution_and_break_even_volume_divide(standin):
    typed = {"price": "199", "unit_cost": "150", "marketing": "12/unit", "tooling": "2M"}
    outcome = await standin.slash("alice", "general", "margin", **typed)
    m = model.margins(_plan(typed))
    assert m.at_launch.contribution_per_unit == 199 - 150 - 12
    assert _field(outcome, "Contribution").startswith(f"{money(37)}/unit")
    launch_volume = _field(outcome, "Break-even volume").split("\n")[0]
    assert launch_volume == f"{units(m.fixed_costs / 37)} at launch"


# 6. Horizon caps and the discount rate are said, and the rate can be set.
async def test_6_services_say_their_horizon_and_rate_and_take_a_rate(standin):
    typed = {"price": "199", "unit_cost": "230", "learning_rate": "99%", "services_arpu": "3",
             "paying_share": "30%"}  # fmt: skip
    assert model.services(_plan(typed)).hardware_margin < 0  # a loss for services to repay
    at_10 = await standin.slash("alice", "general", "services", **typed)
    at_5 = await standin.slash("alice", "general", "services", discount_rate="5%", **typed)
    value = _field(at_10, "Lifetime value per buyer (NPV at 10%/yr)")
    assert "within 36 months" in value and "with no horizon" in value
    assert "within 36 months" in _field(at_10, "Monthly ARPU per payer that repays the hardware")
    lifetime = model.services(_plan(typed | {"discount_rate": "5%"})).lifetime_value
    assert _field(at_5, "Lifetime value per buyer (NPV at 5%/yr)").startswith(money(lifetime))


# 7. A range keeps the lens: its own percentiles, its own chart, a seed that replays.
async def test_7_a_range_on_direct_sales_answers_with_direct_sales(standin):
    typed = {"price": "199", "unit_cost": "185", "retail_margin": "5%-10%"}
    outcome = await standin.slash("alice", "general", "direct-sales", **typed)
    shown = _shown(outcome)
    assert "break even" not in shown.lower()
    seed = int(re.search(r"seed:(\d+)", outcome.embed["footer"]["text"]).group(1))
    spread = model.simulate(_plan(typed), "direct_sales", seed=seed).spreads["saving_per_unit"]
    expected = " · ".join(f"{money(v)}/unit" for v in (spread.p10, spread.p50, spread.p90))
    assert _field(outcome, "Saving per unit sold direct (per unit): P10 · P50 · P90") == expected


async def test_7_a_range_on_margin_keeps_its_margins(standin):
    outcome = await standin.slash("alice", "general", "margin", price="180-220", unit_cost="150")
    assert _field(outcome, "Markup (share of cost) (midpoints)").startswith("33.3% at launch")
    assert any(
        f["name"].startswith("Fully loaded profit per unit") for f in outcome.embed["fields"]
    )
    assert "at the midpoints" in outcome.embed["title"]


async def test_7_growth_takes_a_market_range_without_a_price(standin):
    outcome = await standin.slash("alice", "general", "growth", market_size="40M-60M")
    assert not outcome.ephemeral
    name = "Chance to reach the critical share within 36 months"
    assert _field(outcome, name).endswith("%")


async def test_7_the_printed_seed_replays_the_run(standin):
    typed = {"price": "180-220", "unit_cost": "230"}
    first = await standin.slash("alice", "general", "critical-mass", **typed)
    seed = re.search(r"seed:(\d+)", first.embed["footer"]["text"]).group(1)
    again = await standin.slash("alice", "general", "critical-mass", seed=seed, **typed)
    assert again.embed["fields"] == first.embed["fields"]
    assert again.attachments[0].data == first.attachments[0].data


# 8. Inputs are read as typed, by the user's locale; what stays ambiguous is asked.
async def test_8_german_thousands_are_thousands(standin):
    standin.world.user("alice").locale = "de"
    outcome = await standin.slash(
        "alice", "general", "margin", price="1.999", unit_cost="1.500,00", volume="2.500"
    )
    assert "Price $1,999 · Unit cost $1,500" in outcome.embed["description"]
    assert "Volume 2,500" in outcome.embed["description"]


async def test_8_an_ambiguous_number_is_asked_about_privately(standin):
    outcome = await standin.slash("alice", "general", "margin", price="€1.999", unit_cost="150")
    assert outcome.ephemeral and outcome.embed is None
    assert "price" in outcome.content
    assert "1.999" in outcome.content and "1,999" in outcome.content  # both readings


async def test_8_the_autocomplete_echoes_the_reading(standin):
    standin.world.user("alice").locale = "de"
    [choice] = await standin.autocomplete(
        "alice", "general", "critical-mass", "launch_volume", launch_volume="2.500"
    )
    assert choice.name == "2.500 → 2,500 units" and choice.value == "2.500"
    [money_choice] = await standin.autocomplete(
        "alice", "general", "critical-mass", "price", price="199 €"
    )
    assert money_choice.name == "199 € → €199"


@pytest.mark.parametrize(
    ("option", "typed", "said"),
    [
        ("peak_volume", "5k-10", "range going down"),
        ("peak_volume", "$1,999", "is money"),
        ("p", "3", "per year"),
    ],
)
async def test_8_misreadings_are_refused_with_the_option_named(standin, option, typed, said):
    outcome = await standin.slash(
        "alice", "general", "critical-mass", price="199", unit_cost="230", **{option: typed}
    )
    assert outcome.ephemeral and option in outcome.content and said in outcome.content


async def test_8_a_typed_symbol_sets_the_currency_and_must_match_it(standin):
    euros = await standin.slash("alice", "general", "margin", price="199 €", unit_cost="1,50,000")
    assert "Price €199 · Unit cost €150k" in euros.embed["description"]  # Indian 1,50,000
    clash = await standin.slash(
        "alice", "general", "margin", price="€199", unit_cost="150", currency="USD"
    )
    assert clash.ephemeral and "EUR" in clash.content and "USD" in clash.content


# 9. Sensitivity shows each value and swing in its unit, and stays inside valid ranges.
async def test_9_sensitivity_values_carry_their_units(standin):
    await standin.slash(
        "alice", "general", "critical-mass", price="199", unit_cost="230", selling_cost="3%",
        marketing="0.80/unit", learning_rate="10%", save_as="Launch",
    )  # fmt: skip
    outcome = await standin.slash(
        "alice", "general", "sensitivity", scenario="Launch", metric="npv"
    )
    assert not outcome.ephemeral
    plan = _plan({"price": "199", "unit_cost": "230", "selling_cost": "3%",
                  "marketing": "0.80/unit", "learning_rate": "10%"})  # fmt: skip
    result = model.sensitivity(plan, "npv")
    assert all(bar.low > 0 for bar in result.bars if bar.input == "learning_rate")
    fields = {f["name"]: f["value"] for f in outcome.embed["fields"]}
    for bar in result.bars[:6]:
        value = fields[model.FIELDS[bar.input].label]
        if bar.input == "selling_cost":
            assert value.startswith(f"{percent(bar.low)} → {percent(bar.high)}")
        if bar.input == "marketing":
            assert value.startswith(f"{money(bar.low)}/unit → {money(bar.high)}/unit")
        assert value.endswith(f"(swing {money(bar.swing)})")


# 10. Monte Carlo text: human labels, a positive cash need, chances with their horizon.
async def test_10_monte_carlo_fields_are_labelled_for_people(standin):
    typed = {"price": "180-220", "unit_cost": "230"}
    outcome = await standin.slash("alice", "general", "critical-mass", **typed)
    names = [f["name"] for f in outcome.embed["fields"]]
    assert "Chance to break even within 36 months" in names
    assert not any("_" in name for name in names)
    seed = int(re.search(r"seed:(\d+)", outcome.embed["footer"]["text"]).group(1))
    need = model.simulate(_plan(typed), "critical_mass", seed=seed).spreads["cash_need"]
    shown = _field(outcome, "Deepest cash need (within 36 months): P10 · P50 · P90")
    assert shown == " · ".join(money(v) for v in (need.p10, need.p50, need.p90))
    assert "-" not in shown


# 11. Presets say where each input comes from.
async def test_11_playbook_tags_every_preset_input(standin):
    outcome = await standin.slash("alice", "general", "playbook")
    for field, lesson in zip(outcome.embed["fields"], model.PLAYBOOK, strict=True):
        value = field["value"]
        assert f"**Preset ({lesson.result_tag.tag}):**" in value
        recorded = [n for n, t in lesson.set_inputs.items() if t.tag == "record"]
        assert "*Record:* " + model.FIELDS[recorded[0]].label in value
        assert "*Assumption:*" in value
    # Lessons 1 and 2 sell the same phone: the services lesson's hardware margin is the margins
    # lesson's fully loaded profit over the plan, and the card says it once, the same way.
    assert "not confirmed: the record has only a forecast" in outcome.embed["fields"][1]["value"]
    margins_lesson, services_lesson = model.PLAYBOOK[0], model.PLAYBOOK[1]
    hardware = model.services(services_lesson.plan).hardware_margin
    assert hardware == model.margins(margins_lesson.plan).over_plan.fully_loaded_per_unit
    assert f"Makes {money(hardware)} per unit over the plan" in outcome.embed["fields"][0]["value"]


# 12. Exports keep every digit.
async def test_12_the_csv_export_is_at_full_precision(standin):
    typed = {"price": "199", "unit_cost": "230", "tooling": "2M", "save_as": "Launch"}
    await standin.slash("alice", "general", "critical-mass", **typed)
    exported = await standin.slash("alice", "general", "scenario export")
    files = {a.filename: a.data for a in exported.attachments}
    rows = list(csv.DictReader(io.StringIO(files["flywheel-monthly.csv"].decode())))
    plan = Plan.from_json(
        json.dumps(json.loads(files["flywheel-scenarios.json"])["scenarios"][0]["plan"])
    )
    expected = model.critical_mass(plan).cumulative_cash
    assert [float(row["cumulative_cash"]) for row in rows] == list(expected)  # exactly


# 6 and 7 on a saved plan: a scenario card states the same basis and seed as the lens card.
async def test_a_scenario_card_keeps_the_basis_and_the_seed(standin):
    typed = {"price": "180-220", "unit_cost": "230", "save_as": "Ranged"}
    await standin.slash("alice", "general", "critical-mass", **typed)
    shown = await standin.slash("alice", "general", "scenario show", name="Ranged")
    footer = shown.embed["footer"]["text"]
    assert "NPV at 10%/yr over 36 months" in footer and "Only you can see this" in footer
    assert re.search(r"seed:\d+", footer)
    assert "Chance to break even within 36 months" in [f["name"] for f in shown.embed["fields"]]
