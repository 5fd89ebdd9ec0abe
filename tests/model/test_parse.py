import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import FIELDS, Cost, Plan, PlanError, Range, Retention, parse_input


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("price", "199", 199.0),
        ("price", " $1,999 ", 1999.0),
        ("price", "1,999.50", 1999.5),
        ("price", "€980", 980.0),
        ("price", "1.2k", 1200.0),
        ("price", "3.5M", 3_500_000.0),
        ("tooling", "2 million", 2_000_000.0),
        ("tooling", "1.5bn", 1_500_000_000.0),
        ("price", "2.5e6", 2_500_000.0),
        ("price", ".5", 0.5),
        ("learning_rate", "85%", 0.85),
        ("learning_rate", "0.85", 0.85),
        ("paying_share", "15 %", 0.15),
        ("price", "180-220", Range(180, 220)),
        ("price", "180..220", Range(180, 220)),
        ("price", "180 to 220", Range(180, 220)),
        ("price", "$180 - $220", Range(180, 220)),
        ("price", "220-180", Range(180, 220)),
        ("price", "200-200", 200.0),
        ("tooling", "1e-3-2e-3", Range(0.001, 0.002)),
        ("launch_volume", "1.2k-1.5k", Range(1200, 1500)),
        ("launch_volume", "5-10k", Range(5000, 10_000)),
        ("launch_volume", "500-1.5k", Range(500, 1500)),
        ("paying_share", "10-15%", Range(0.10, 0.15)),
        ("paying_share", "10%-15%", Range(0.10, 0.15)),
        ("selling_cost", "8", Cost(8.0, "per_unit")),
        ("selling_cost", "$8/unit", Cost(8.0, "per_unit")),
        ("selling_cost", "4%", Cost(0.04, "share")),
        ("direct_costs", "3% of price", Cost(0.03, "share")),
        ("direct_costs", "6-10 per unit", Cost(Range(6, 10), "per_unit")),
        ("marketing", "50k", Cost(50_000.0, "per_month")),
        ("marketing", "50k/month", Cost(50_000.0, "per_month")),
        ("marketing", "50k per month", Cost(50_000.0, "per_month")),
        ("marketing", "12/unit", Cost(12.0, "per_unit")),
        ("marketing", "8% of revenue", Cost(0.08, "share")),
        ("marketing", "5%-8%", Cost(Range(0.05, 0.08), "share")),
        ("retention", "97%", Retention(0.97, "monthly")),
        ("retention", "0.97", Retention(0.97, "monthly")),
        ("retention", "24mo", Retention(24.0, "lifetime")),
        ("retention", "24 months", Retention(24.0, "lifetime")),
        ("retention", "95%-98%", Retention(Range(0.95, 0.98), "monthly")),
        ("retention", "18-30 months", Retention(Range(18, 30), "lifetime")),
        ("horizon_months", "36", 36),
        ("horizon_months", "3y", 36),
        ("horizon_months", "24 months", 24),
        ("ramp_months", "6-12", Range(6, 12)),
        ("ramp_months", "1.5 years", 18.0),
        ("currency", "eur", "EUR"),
        ("currency", "£", "GBP"),
        ("market_size", "none", None),
        ("volume", "auto", None),
    ],
)
def test_accepted_forms(field, text, value):
    parsed = parse_input(field, text)
    assert parsed == value
    assert type(parsed) is type(value)


def test_parsed_values_go_straight_into_a_plan():
    plan = Plan().replace(**{"selling_cost": parse_input("selling_cost", "4%")})
    assert plan.selling_cost == Cost(0.04, "share")


@pytest.mark.parametrize(
    ("field", "text", "says"),
    [
        ("price", "abc", "could not read 'abc'. Use a number like 199, $1,999, 1.2k, 3.5M"),
        ("price", "nan", "could not read"),
        ("price", "inf", "could not read"),
        ("price", "Infinity", "could not read"),
        ("price", "1e400", "too large"),
        ("price", "1e16", "too large"),
        ("price", "-5", "between 0.01 and 1 billion"),
        ("price", "1,99", "could not read"),
        ("price", "15%", "is a percentage, but price is money"),
        ("launch_volume", "15%", "a number of units"),
        ("price", "__import__('os')", "could not read"),
        ("price", "2*3", "could not read"),
        ("price", "", "could not read"),
        ("price", "1" * 80, "could not read"),
        ("learning_rate", "1.2", "in (0, 1]"),
        ("learning_rate", "$0.8", "is money"),
        ("retention", "24", "24mo for a lifetime"),
        ("retention", "100%", "below 1"),
        ("horizon_months", "36.5", "whole number"),
        ("horizon_months", "24-36", "cannot be a range"),
        ("horizon_months", "20%", "could not read"),
        ("paying_share", "10%-0.2", "both ends"),
        ("paying_share", "15", "between 0 and 1"),
        ("tooling", "none", "could not read"),
        ("currency", "dollars", "three-letter"),
        ("price", "12 apples", "could not read"),
    ],
)
def test_rejected_forms_say_what_was_wrong(field, text, says):
    with pytest.raises(PlanError) as error:
        parse_input(field, text)
    assert error.value.field == field
    assert says in str(error.value)


def test_unknown_field():
    with pytest.raises(PlanError) as error:
        parse_input("colour", "red")
    assert error.value.field == "colour"


@given(st.sampled_from(sorted(FIELDS)), st.text(max_size=30))
def test_any_text_gives_a_value_or_the_modules_own_error(field, text):
    try:
        value = parse_input(field, text)
    except PlanError as error:
        assert error.field == field
    else:
        Plan().replace(**{field: value})  # whatever parses fits a plan


number_texts = st.from_regex(
    r"\A[-+]?[$€]?\d{1,7}(\.\d{1,3})?(e[-+]?\d{1,2})?[kKmMbB%]?\Z", fullmatch=True
)


@given(
    st.sampled_from(["price", "tooling", "learning_rate", "retention", "marketing"]), number_texts
)
def test_number_like_text_gives_a_value_or_the_modules_own_error(field, text):
    try:
        parse_input(field, text)
    except PlanError as error:
        assert error.field == field
