import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import FIELDS, Cost, Plan, PlanError, Range, Retention, parse_input
from model.errors import AmbiguousNumber
from model.parse import agreed_currency, describe_input, read_input


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
        ("price", "1,99", 1.99),  # a decimal comma: no thousands separator has two digits
        ("price", "1,99,999", 199_999.0),  # Indian grouping
        ("price", "199 €", 199.0),
        ("price", "1.234,50", 1234.5),
        ("price", "2 500", 2500.0),
        ("launch_volume", "1.234.567", 1_234_567.0),
        ("p", "3%", 0.03),
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
        ("price", "220-180", "a range going down"),
        ("launch_volume", "5k-10", "reads as 5,000 to 10, a range going down"),
        ("launch_volume", "$1,999", "is money, but launch_volume is a number of units"),
        ("market_size", "2M €", "is money"),
        ("p", "3", "did you mean 3%?"),
        ("q", "38", "did you mean 38%?"),
        ("paying_share", "120%", "between 0 and 1"),
        ("price", "$199 €", "two currencies"),
        ("price", "1,2,3", "could not read"),
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


@pytest.mark.parametrize(
    ("field", "text", "locale", "value"),
    [
        ("launch_volume", "2.500", "de", 2500.0),
        ("launch_volume", "2.500", "fr", 2500.0),
        ("launch_volume", "2,500", "en-US", 2500.0),
        ("price", "2.500", "es-ES", 2500.0),
        ("price", "1,999", "en-GB", 1999.0),
        ("price", "1.999", "pt-BR", 1999.0),
        ("price", "1,999", "hi", 1999.0),
        ("price", "2,500", "de", 2.5),  # de: the comma is the decimal mark
        ("price", "1.990", "en-US", 1.99),
        ("learning_rate", "0,850", "de", 0.85),  # a leading 0 never groups
        ("paying_share", "12,500%", "de", 0.125),
        ("tooling", "2.500k", "en-US", 2500.0),
    ],
)
def test_separators_are_read_by_the_locale(field, text, locale, value):
    assert parse_input(field, text, locale) == pytest.approx(value)


@pytest.mark.parametrize(
    ("field", "text", "locale", "readings"),
    [
        ("launch_volume", "2.500", None, (2.5, 2500)),  # no locale: ask
        ("launch_volume", "2.500", "en-US", (2.5, 2500)),  # 2.5 units is not a count
        ("price", "€1.999", "en-US", (1.999, 1999)),  # money has no third decimal
        ("price", "1,999", None, (1.999, 1999)),
        ("paying_share", "12,500%", None, (0.125, 125)),
    ],
)
def test_ambiguous_numbers_carry_both_readings(field, text, locale, readings):
    with pytest.raises(AmbiguousNumber) as error:
        parse_input(field, text, locale)
    assert error.value.field == field
    assert error.value.readings == pytest.approx(readings)
    assert "could mean" in str(error.value)
    assert pickle.loads(pickle.dumps(error.value)).readings == error.value.readings


def test_a_typed_symbol_names_the_currency():
    assert read_input("price", "€199").currency == "EUR"
    assert read_input("price", "199 €") == read_input("price", "€199")
    assert read_input("price", "199").currency is None
    assert read_input("selling_cost", "₹8/unit").currency == "INR"
    readings = {"price": read_input("price", "€199"), "unit_cost": read_input("unit_cost", "185")}
    assert agreed_currency(None, readings) == "EUR"
    assert agreed_currency("EUR", readings) == "EUR"
    with pytest.raises(PlanError, match="typed in EUR but the plan is in USD"):
        agreed_currency("USD", readings)
    with pytest.raises(PlanError, match="different currencies"):
        agreed_currency(None, readings | {"tooling": read_input("tooling", "$2M")})


@pytest.mark.parametrize(
    ("field", "text", "locale", "echo"),
    [
        ("launch_volume", "2.500", "de", "2.500 → 2,500 units"),
        ("price", "€1.999", "de", "€1.999 → €1,999"),
        ("price", "180-220", "en-US", "180-220 → $180 to $220"),
        ("paying_share", "15%", "en-US", "15% → 15%"),
        ("selling_cost", "4%", "en-US", "4% → 4% of price"),
        ("retention", "24mo", "en-US", "24mo → 24 months lifetime"),
        ("launch_volume", "5k-10", "en-US", "reads as 5,000 to 10"),
    ],
)
def test_describe_input_echoes_the_reading(field, text, locale, echo):
    assert echo in describe_input(field, text, locale)


def test_errors_quote_only_a_short_prefix():
    with pytest.raises(PlanError) as error:
        parse_input("price", "x" * 50)
    assert "x" * 21 not in str(error.value) and "…" in str(error.value)


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
