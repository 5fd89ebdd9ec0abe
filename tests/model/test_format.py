import math

import pytest

from model.format import compact, money, month, months, percent, short_label, units


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (0, "USD", "$0"),
        (40, "USD", "$40"),
        (0.5, "USD", "$0.50"),
        (0.000199, "USD", "$0.0002"),
        (0.023, "USD", "$0.023"),
        (0.0995, "USD", "$0.10"),
        (-2.7e-17, "USD", "$0"),
        (-0.0012345, "USD", "-$0.0012"),
        (12.345, "USD", "$12.35"),
        (1999, "USD", "$1,999"),
        (12_500, "USD", "$12.5k"),
        (1_234_567, "USD", "$1.23M"),
        (14e9, "USD", "$14B"),
        (-1.2e6, "EUR", "-€1.2M"),
        (980, "CHF", "980 CHF"),
    ],
)
def test_money(value, currency, expected):
    assert money(value, currency) == expected


def test_money_exact_keeps_every_unit():
    assert money(1_234_567, exact=True) == "$1,234,567"


def test_compact_rounds_across_a_scale_boundary():
    assert compact(999_999) == "1M"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10_000, "10k"), (100_000, "100k"), (800_000, "800k"), (-200e6, "-200M"), (1e12, "1T")],
)
def test_compact_keeps_the_zeros_of_whole_numbers(value, expected):
    assert compact(value) == expected


def test_months_is_a_duration():
    assert months(1) == "1 month"
    assert months(36) == "36 months"
    assert months(13.5) == "13.5 months"


def test_percent_and_months():
    assert percent(0.125) == "12.5%"
    assert percent(0.2) == "20%"
    assert percent(0.05, signed=True) == "+5%"
    assert month(14) == "month 14"
    assert month(13.62) == "month 13.6"
    assert units(1250) == "1,250 units"


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_is_refused(bad):
    with pytest.raises(ValueError):
        money(bad)
    with pytest.raises(ValueError):
        percent(bad)


def test_short_label_drops_the_unit_note():
    assert short_label("break-even month (months from launch)") == "Break-even month"
    assert short_label("NPV over the horizon (money)") == "NPV over the horizon"
