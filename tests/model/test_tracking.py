"""Plan against actual, worked by hand on a plan whose monthly figures are easy to follow.

FLAT sells 1,000 units a month at $100 with a $60 unit cost that never falls (learning rate
1.0) after $100k of tooling: cumulative cash is -100k + 40k * month, so month 3 is +20k, and
the money the plan puts at risk (its deepest cash need) is 100k.
"""

import json
from typing import NamedTuple

import numpy as np
import pytest

from model import Plan, PlanError, critical_mass
from model.tracking import THRESHOLD, Gap, PlanSeries, track

FLAT = Plan(
    price=100, unit_cost=60, learning_rate=1.0, launch_volume=1000, peak_volume=1000,
    tooling=100_000, horizon_months=12,
)  # fmt: skip
SERIES = PlanSeries.of(FLAT)


class Month(NamedTuple):
    month: int
    units: float | None = None
    unit_cost: float | None = None
    price: float | None = None
    cash: float | None = None


def test_the_plan_side_is_the_critical_mass_lens():
    lens = critical_mass(FLAT)

    np.testing.assert_array_equal(SERIES.units, lens.volume)
    np.testing.assert_array_equal(SERIES.unit_cost, lens.unit_cost)
    np.testing.assert_array_equal(SERIES.cumulative_cash, lens.cumulative_cash)
    assert SERIES.cumulative_cash[3] == pytest.approx(20_000)
    assert (SERIES.horizon, SERIES.price, SERIES.currency) == (12, 100, "USD")


def test_forecast_error_is_actual_minus_plan_and_its_share_of_plan():
    tracking = track(SERIES, [Month(3, units=850, unit_cost=57, price=95, cash=5_000)])

    (month,) = tracking.months
    assert month.month == 3
    assert month.units == Gap(plan=1000, actual=850, error=-150, error_share=-0.15)
    assert month.unit_cost == pytest.approx(Gap(60, 57, -3, -0.05))
    assert month.price == Gap(100, 95, -5, -0.05)
    assert month.cash == pytest.approx(Gap(20_000, 5_000, -15_000, -0.75))


def test_cash_decides_measured_against_the_money_at_risk():
    # 15k short of a 20k month is -75% of that month's figure, but 15% of the 100k at risk.
    behind = track(SERIES, [Month(3, units=1_200, cash=5_000)])
    ahead = track(SERIES, [Month(3, units=700, cash=35_000)])
    on_plan = track(SERIES, [Month(3, cash=12_000)])

    assert (behind.verdict, ahead.verdict, on_plan.verdict) == ("behind", "ahead", "on plan")
    assert behind.basis == (
        "cumulative cash to month 3, against the $100k the plan puts at risk "
        "(within ±10% is on plan)"
    )
    assert behind.threshold == THRESHOLD == 0.10


def test_without_cash_the_worse_of_units_and_unit_cost_decides():
    cases = {
        "behind": Month(3, units=850, unit_cost=57),  # units -15%, cost 5% cheaper
        "ahead": Month(3, units=1_000, unit_cost=51),  # units on plan, cost 15% cheaper
        "on plan": Month(3, units=950, unit_cost=63),  # -5% and 5% dearer
    }
    for verdict, month in cases.items():
        assert track(SERIES, [month]).verdict == verdict, month
    assert track(SERIES, [cases["behind"]]).basis == (
        "units and unit cost in month 3, behind if either is (within ±10% is on plan)"
    )
    dearer = track(SERIES, [Month(3, unit_cost=70)])
    assert (dearer.verdict, dearer.basis) == (
        "behind",
        "unit cost in month 3 (within ±10% is on plan)",
    )


def test_the_latest_month_with_actuals_decides():
    months = [Month(5, cash=100_000 + 30_000), Month(2, cash=-20_000 - 40_000)]

    tracking = track(SERIES, months)

    assert [month.month for month in tracking.months] == [2, 5]
    assert tracking.verdict == "ahead"  # month 5: 30k ahead of 100k at risk; month 2 was behind
    assert track(SERIES, months[1:]).verdict == "behind"


def test_price_alone_is_shown_but_not_judged():
    tracking = track(SERIES, [Month(4, price=90)])

    assert tracking.months[0].price == Gap(100, 90, -10, -0.1)
    assert tracking.verdict is None
    assert tracking.basis == "no actuals for units, unit cost or cash yet"
    assert track(SERIES, []).verdict is None


def test_a_zero_plan_figure_has_no_share_and_any_miss_counts():
    no_sales_yet = PlanSeries(
        np.array([0.0, 0.0, 500.0]), np.array([60.0] * 3), np.array([0.0, 0.0, 0.0]), 100, "EUR"
    )

    tracking = track(no_sales_yet, [Month(1, units=10)])

    assert tracking.months[0].units == Gap(0, 10, 10, None)
    assert tracking.verdict == "ahead"
    assert track(no_sales_yet, [Month(1, cash=0)]).verdict == "on plan"


@pytest.mark.parametrize("month", [0, 13, -1])
def test_a_month_outside_the_plan_is_refused(month):
    with pytest.raises(PlanError, match=rf"month must be 1 to 12, the plan's horizon; not {month}"):
        track(SERIES, [Month(month, units=1)])


def test_the_series_freezes_to_json_and_back():
    frozen = json.loads(json.dumps(SERIES.to_dict(), allow_nan=False))
    thawed = PlanSeries.from_dict(frozen)

    for name in ("units", "unit_cost", "cumulative_cash"):
        np.testing.assert_array_equal(getattr(thawed, name), getattr(SERIES, name))
    assert (thawed.price, thawed.currency) == (100, "USD")
    assert track(thawed, [Month(3, cash=5_000)]) == track(SERIES, [Month(3, cash=5_000)])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"units": [1.0, 2.0]}, "different lengths"),
        ({"cumulative_cash": None}, "unreadable"),
        ({"price": "abc"}, "unreadable"),
        ({"unit_cost": [1e400] * 13}, "non-finite"),
    ],
)
def test_a_damaged_frozen_series_is_refused(change, message):
    with pytest.raises(PlanError, match=message):
        PlanSeries.from_dict(SERIES.to_dict() | change)
