"""What the embeds say, computed from real model values."""

import pytest

from commands._render import plan_summary, value_text
from commands.lens_fields import annual_rate as _annual_rate
from model import Plan, parse_input


def _plan(**typed: str) -> Plan:
    return Plan().replace(**{name: parse_input(name, text) for name, text in typed.items()})


@pytest.mark.parametrize(
    ("field", "typed", "shown"),
    [
        ("price", "$1,999", "$1,999"),
        ("price", "180-220", "$180–$220"),
        ("tooling", "2.5M", "$2.5M"),
        ("learning_rate", "85%", "85%"),
        ("selling_cost", "4%", "4% of price"),
        ("selling_cost", "8", "$8/unit"),
        ("marketing", "12/unit", "$12/unit"),
        ("retention", "97%", "97% a month"),
        ("retention", "24mo", "24-month lifetime"),
        ("peak_volume", "1.2M", "1.2M"),
    ],
)
def test_inputs_read_back_the_way_they_were_typed(field, typed, shown):
    assert value_text(field, parse_input(field, typed), "USD") == shown


def test_summary_lists_only_what_differs_from_the_defaults():
    plan = _plan(price="199", unit_cost="230", learning_rate="80%")
    assert plan_summary(plan) == "Price $199 · Unit cost $230 · Learning rate 80%"
    assert plan_summary(Plan()) == "all defaults"


def test_summary_uses_the_plans_currency():
    plan = _plan(price="199", currency="EUR")
    assert plan_summary(plan) == "Price €199"


def test_absurd_annualised_rates_are_said_in_words():
    assert _annual_rate(0.28) == "28% a year"
    assert _annual_rate(58_120.0) == "over 1,000% a year"
