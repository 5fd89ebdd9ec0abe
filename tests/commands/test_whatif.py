"""What-ifs without Discord: lens words, form pre-fills that read back, what moved."""

from __future__ import annotations

import pytest

from commands.lens_registry import LENSES
from commands.whatif import form_inputs, lens_reading, moved, named_lens, typed_text
from model import FIELDS, Cost, Plan, Range, Retention, parse_input

SAMPLES = {
    "price": Range(180, 220),
    "unit_cost": 184.5,
    "tooling": 2_000_000,
    "selling_cost": Cost(0.04, "share"),
    "marketing": Cost(12, "per_unit"),
    "direct_costs": Cost(6.5, "per_unit"),
    "retention": Retention(24, "lifetime"),
    "learning_rate": Range(0.8, 0.9),
    "horizon_months": 48,
    "currency": "EUR",
}


@pytest.mark.parametrize("name", FIELDS)
def test_a_form_pre_fill_reads_back_to_the_same_value(name):
    for value in (getattr(Plan(), name), SAMPLES.get(name)):
        if value is None:
            continue
        assert parse_input(name, typed_text(name, value)) == value


@pytest.mark.parametrize(
    ("text", "lens", "rest"),
    [
        ("margin price 199 cost 185", "margin", " price 199 cost 185"),
        ("what if critical mass price 249", "critical-mass", " price 249"),
        ("direct-sales retail 12%", "direct-sales", " retail 12%"),
        ("services margin 60%", None, "services margin 60%"),  # an input's name, not the lens
        ("what if price 249?", None, "what if price 249?"),
    ],
)
def test_a_message_may_start_with_a_lens(text, lens, rest):
    found, remainder = named_lens(text)
    assert (found.name if found else None, remainder) == (lens, rest)


def test_a_form_offers_the_named_inputs_first_then_the_lens_own_five_at_most():
    margin = LENSES["margin"]
    assert form_inputs(margin) == ["price", "unit_cost", "tooling", "rnd", "volume"]
    assert form_inputs(margin, ["peak_volume", "price"]) == [
        "peak_volume",
        "price",
        "unit_cost",
        "tooling",
        "rnd",
    ]
    assert form_inputs(LENSES["growth"], ["price"])[0] == "market_size"  # growth reads no price
    for lens in LENSES.values():
        assert set(form_inputs(lens)) <= set(lens.options)


def test_what_moved_lists_the_changed_figures_only():
    before = [("Break-even", "month 8.1"), ("NPV", "$2M"), ("Curve", "p=0.01\npeak: month 9")]
    after = [("Break-even", "month 6.4"), ("NPV", "$2M"), ("Curve", "p=0.02\npeak: month 7")]
    assert moved(before, after) == [
        "Break-even: month 8.1 → month 6.4",
        "Curve: p=0.01 · peak: month 9 → p=0.02 · peak: month 7",
    ]


def test_with_no_card_the_lens_is_one_that_reads_every_named_input():
    assert lens_reading(["price", "unit_cost"]).name == "critical-mass"
    assert lens_reading(["price", "unit_cost", "volume"]).name == "margin"
    assert lens_reading(["retail_margin", "price"]).name == "direct-sales"
    assert lens_reading(["critical_share"]).name == "growth"
