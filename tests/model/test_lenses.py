import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model import Cost, Plan, PlanError, Range, Retention
from model.diffusion import bass_adopted_share
from model.learning import cumulative_cost, first_unit_cost, unit_cost
from model.lenses import critical_mass, direct_sales, growth, margins, services
from model.results import PerUnit

SIMPLE = Plan(price=200, unit_cost=150, selling_cost=10, tooling=100_000, volume=10_000)


def test_margins_hand_checked():
    result = margins(SIMPLE)
    launch = result.at_launch
    assert result.fixed_per_unit == 10
    assert launch.basis == "at launch"
    assert launch.gross_margin == pytest.approx(0.25)
    assert launch.contribution_per_unit == 40
    assert launch.contribution_margin == pytest.approx(0.20)
    assert launch.fully_loaded_per_unit == 30
    assert launch.fully_loaded_margin == pytest.approx(0.15)
    assert launch.markup == pytest.approx(1 / 3)
    assert launch.break_even_volume == 2_500
    assert not result.at_cost
    # Markup is named markup: 50 over a cost of 150 is 33.3% above cost, a 25% gross margin.
    assert result.verdict.startswith(
        "Priced 33.3% above the launch unit cost (markup; gross margin 25%)"
    )


def test_the_issue_markup_example_is_worded_as_markup():
    verdict = margins(Plan(price=199, unit_cost=150, volume=1)).verdict
    assert verdict.startswith("Priced 32.7% above the launch unit cost (markup; gross margin")


def test_over_the_plan_uses_the_learning_curve_average():
    result = margins(SIMPLE)  # 10,000 units at 85%, the first 1,000 averaging 150
    first = first_unit_cost(150, 1_000, 0.85)
    average = float(cumulative_cost(first, 10_000, 0.85)) / 10_000
    assert result.over_plan.basis == "over the plan"
    assert result.over_plan.unit_cost == pytest.approx(average)
    assert average < 150  # ten times the reference volume: more than three doublings cheaper
    assert result.over_plan.fully_loaded_per_unit == pytest.approx(200 - 10 - average - 10)
    assert result.over_plan.break_even_volume == pytest.approx(100_000 / (190 - average))


def test_markup_and_margin_are_distinct():
    result = margins(Plan(price=125, unit_cost=100, volume=1)).at_launch
    assert (result.markup, result.gross_margin) == (pytest.approx(0.25), pytest.approx(0.20))


def test_at_cost_with_a_loss_once_everything_is_counted():
    plan = Plan(price=190, unit_cost=185, selling_cost=8, tooling=1e6, volume=1e5,
                learning_rate=1)  # fmt: skip
    result = margins(plan)
    assert result.at_cost
    assert result.at_launch.fully_loaded_per_unit == pytest.approx(-13)
    assert result.at_launch.break_even_volume is None
    assert "no break-even volume" in result.notes["at_launch.break_even_volume"]
    assert result.verdict == (
        "At cost at launch: the price is within 5% of the unit cost; once selling, marketing "
        "and fixed costs are counted, fully loaded over the plan, a $13 loss per unit."
    )


def test_contribution_counts_marketing_so_break_even_volume_divides():
    per_unit = margins(SIMPLE.replace(marketing=Cost(12, "per_unit"))).at_launch
    assert per_unit.contribution_per_unit == 28  # 200 - 150 - 10 selling - 12 marketing
    assert per_unit.break_even_volume == pytest.approx(100_000 / per_unit.contribution_per_unit)


def test_two_meaning_inputs_are_honoured_by_margins():
    share = margins(SIMPLE.replace(selling_cost=Cost(0.05, "share")))
    assert share.selling_cost == 10  # 5% of 200
    per_unit = margins(SIMPLE.replace(marketing=Cost(12, "per_unit")))
    assert per_unit.marketing_per_unit == 12
    assert per_unit.at_launch.fully_loaded_per_unit == 18
    assert per_unit.at_launch.break_even_volume == pytest.approx(100_000 / 28)
    monthly = margins(SIMPLE.replace(marketing=Cost(1_000, "per_month"), horizon_months=12))
    assert monthly.fixed_costs == 112_000
    revenue_share = margins(SIMPLE.replace(marketing=Cost(0.08, "share")))
    assert revenue_share.marketing_per_unit == 16


def test_default_volume_is_what_the_ramp_sells():
    plan = Plan(price=10, unit_cost=5, launch_volume=100, peak_volume=200, ramp_months=2,
                horizon_months=4)  # fmt: skip
    assert margins(plan).volume == 100 + 150 + 200 + 200


def test_a_lens_without_a_needed_input_names_it():
    with pytest.raises(PlanError) as error:
        margins(Plan(unit_cost=5))
    assert error.value.field == "price"
    with pytest.raises(PlanError) as error:
        growth(Plan(price=5, unit_cost=5))
    assert error.value.field == "market_size"


def test_a_plan_that_sells_nothing_is_a_plan_error():
    with pytest.raises(PlanError) as error:
        critical_mass(Plan(price=5, unit_cost=4, launch_volume=0, peak_volume=0))
    assert error.value.field == "peak_volume"


SUBSIDISED = Plan(
    price=100, unit_cost=120, volume=1_000, services_arpu=10, paying_share=0.5,
    services_margin=0.8, retention=0.9, discount_rate=0, horizon_months=12,
)  # fmt: skip


def test_services_hand_checked():
    result = services(SUBSIDISED)
    annuity = (1 - 0.9**12) / 0.1  # retention^(t-1) for t = 1..12, no discounting
    assert result.hardware_margin == -20
    assert result.monthly_services_margin == pytest.approx(4)
    assert result.lifetime_value == pytest.approx(-20 + 4 * annuity)
    assert result.lifetime_value_unlimited == pytest.approx(-20 + 4 / 0.1)
    month_6, month_7 = (-20 + 40 * (1 - 0.9**t) for t in (6, 7))
    assert result.payback_month == pytest.approx(6 - month_6 / (month_7 - month_6))
    assert result.break_even_arpu == pytest.approx(20 / (0.5 * 0.8 * annuity))
    assert result.min_hardware_price == pytest.approx(120 - 4 * annuity)
    assert result.cumulative_profit[0] == -20
    assert result.cumulative_profit[-1] == pytest.approx(result.lifetime_value)
    assert "retention^(t-1)" in result.convention
    assert (result.horizon_months, result.discount_rate) == (12, 0)
    assert result.break_even_arpu_unlimited == pytest.approx(20 / (0.5 * 0.8 / 0.1))
    assert result.break_even_arpu_unlimited < result.break_even_arpu  # more months repay it


def test_services_with_discounting_follow_the_convention():
    plan = SUBSIDISED.replace(discount_rate=0.12)
    rate = 1.12 ** (1 / 12) - 1
    months = np.arange(1, 13)
    expected = -20 + (4 * 0.9 ** (months - 1) / (1 + rate) ** months).sum()
    assert services(plan).lifetime_value == pytest.approx(expected)


def test_a_lifetime_in_months_equals_its_monthly_share():
    by_lifetime = services(SUBSIDISED.replace(retention=Retention(10, "lifetime")))
    assert by_lifetime.lifetime_value == pytest.approx(services(SUBSIDISED).lifetime_value)


def test_services_that_never_pay_back_say_why():
    result = services(SUBSIDISED.replace(paying_share=0))
    assert result.payback_month is None and "does not pay back" in result.notes["payback_month"]
    assert result.break_even_arpu is None and "(paying_share)" in result.notes["break_even_arpu"]
    assert result.min_hardware_price == 120


def test_min_hardware_price_pays_back_exactly():
    result = services(SUBSIDISED)
    at_minimum = services(SUBSIDISED.replace(price=result.min_hardware_price))
    assert at_minimum.lifetime_value == pytest.approx(0, abs=1e-9)


FLAT = Plan(
    price=10, unit_cost=6, learning_rate=1, launch_volume=100, peak_volume=100, ramp_months=0,
    tooling=1_000, horizon_months=12, discount_rate=0,
)  # fmt: skip


def test_critical_mass_hand_checked():
    result = critical_mass(FLAT)
    np.testing.assert_allclose(result.cash_flow, [-1000] + [400] * 12)
    assert result.break_even_month == pytest.approx(2.5)
    assert result.units_at_break_even == pytest.approx(250)
    assert (result.unit_margin_positive_month, result.critical_mass_month) == (1, 1)
    assert (result.cash_need, result.cash_need_month) == (1000, 0)
    assert (result.horizon_months, result.discount_rate) == (12, 0)
    assert result.npv == pytest.approx(3800)
    monthly_irr = npf.irr(result.cash_flow)
    assert result.irr_annual == pytest.approx((1 + monthly_irr) ** 12 - 1)


def test_learning_curve_is_anchored_on_the_reference_volume():
    plan = FLAT.replace(unit_cost=100, learning_rate=0.8, price=1_000, reference_volume=100)
    result = critical_mass(plan)
    # 100 units a month: month 1 makes units 1..100, which average the unit cost exactly;
    # months 2 and 4 make units 101..200 and 301..400 on the same unit-form curve.
    first = first_unit_cost(100, 100, 0.8)
    assert result.unit_cost[1] == pytest.approx(100)
    for month in (2, 4):
        made = unit_cost(first, np.arange(100 * month - 99, 100 * month + 1), 0.8)
        assert result.unit_cost[month] == pytest.approx(made.mean())


def test_the_issue_launch_batch_example_no_longer_rewards_a_small_launch():
    # Issue 13: 5k units in month 1 was worth less than 1 unit, because doublings counted
    # launch batches. On one curve, more volume sooner makes the plan worth more.
    plan = Plan(price=199, unit_cost=230, peak_volume=10_000, learning_rate=0.85)
    small, large = (critical_mass(plan.replace(launch_volume=v)).npv for v in (1, 5_000))
    assert large > small


def test_critical_mass_that_never_breaks_even_says_why():
    result = critical_mass(FLAT.replace(price=6.5, fixed_monthly=100))
    assert result.break_even_month is None and result.units_at_break_even is None
    assert "does not break even within 12 months" in result.notes["break_even_month"]
    assert (
        result.critical_mass_month is None
        and "never turns positive" in result.notes["critical_mass_month"]
    )
    assert result.irr_annual is None and "no IRR" in result.notes["irr_annual"]
    assert result.cash_need == -result.cumulative_cash[-1]


def test_unit_margin_turns_positive_as_costs_fall():
    result = critical_mass(
        Plan(price=100, unit_cost=110, learning_rate=0.8, launch_volume=1000, peak_volume=1000)
    )
    month = result.unit_margin_positive_month
    assert result.unit_margin[month] > 0 >= result.unit_margin[month - 1]
    assert month == 2  # units 1,001..2,000 average 110 * 0.8^1.03, below 100


def test_direct_sales_hand_checked():
    plan = Plan(price=100, unit_cost=80, marketing=Cost(10, "per_unit"), direct_costs=5,
                retail_margin=0.10, distributor_margin=0.10, volume=1_000)  # fmt: skip
    result = direct_sales(plan)
    assert result.shelf_price_retail == pytest.approx(137.5)
    assert result.shelf_price_direct == 105
    assert result.channel_margin_avoided_per_unit == pytest.approx(27.5)
    assert result.marketing_avoided_per_unit == 10
    assert result.saving_per_unit == pytest.approx(32.5)
    assert result.saving_total == pytest.approx(32_500)
    assert result.price_cut_share == pytest.approx(32.5 / 137.5)
    assert list(result.retail_breakdown) == list(result.direct_breakdown) == [
        "maker cost", "maker margin", "distributor", "retailer", "marketing", "direct costs",
    ]  # fmt: skip
    assert sum(result.retail_breakdown.values()) == pytest.approx(result.shelf_price_retail)
    assert sum(result.direct_breakdown.values()) == pytest.approx(result.shelf_price_direct)


def test_direct_costs_as_a_share_of_price():
    result = direct_sales(Plan(price=100, unit_cost=80, direct_costs=Cost(0.05, "share")))
    assert result.direct_breakdown["direct costs"] == 5


def test_growth_hand_checked():
    result = growth(Plan(market_size=1e6, horizon_months=120))
    own = result.curves[0]
    assert (own.label, own.p, own.q) == ("your plan", 0.03, 0.38)
    assert own.peak_month == pytest.approx(12 * 6.192619, abs=1e-5)
    assert bass_adopted_share(own.months_to_critical / 12, 0.03, 0.38) == pytest.approx(0.16)
    assert own.new_adopters.sum() == pytest.approx(1e6 * own.adopted_share[-1])
    assert [curve.label for curve in result.curves] == ["your plan", "ads-driven", "word of mouth"]


def test_growth_figures_after_the_horizon_are_none_with_the_month_in_a_note():
    result = growth(Plan(market_size=1e6, horizon_months=36))
    own = result.curves[0]
    assert own.peak_month is None and own.peak_month_unlimited == pytest.approx(12 * 6.192619)
    assert "month 74.3, after the 36-month horizon" in result.notes["peak_month (your plan)"]
    assert own.months_to_critical is None and own.months_to_critical_unlimited > 36


def test_growth_without_a_peak_says_why():
    result = growth(Plan(market_size=1e6, p=0.4, q=0.1))
    assert result.curves[0].peak_month is None
    assert "q <= p" in result.notes["peak_month (your plan)"]


def test_lenses_use_the_midpoint_of_a_range():
    ranged = SIMPLE.replace(price=Range(180, 220))
    assert margins(ranged) == margins(SIMPLE)


# Property tests: any valid plan gives finite figures, and break-even behaves.

money = st.floats(0, 1e5)
plans = st.builds(
    Plan,
    price=st.floats(0.01, 2e3),
    unit_cost=st.floats(0, 2e3),
    tooling=st.floats(0, 1e8),
    rnd=st.floats(0, 1e8),
    fixed_monthly=st.floats(0, 1e6),
    selling_cost=st.one_of(
        st.builds(Cost, st.floats(0, 100), st.just("per_unit")),
        st.builds(Cost, st.floats(0, 1), st.just("share")),
    ),
    learning_rate=st.floats(0.05, 1),
    launch_volume=st.floats(1, 1e6),  # selling under one unit is a PlanError (tested above)
    peak_volume=st.floats(1, 1e6),
    ramp_months=st.floats(0, 48),
    market_size=st.one_of(st.none(), st.floats(1e5, 1e9)),  # sells at least a unit a month
    p=st.floats(0.01, 1),
    q=st.floats(0, 2),
    services_arpu=st.floats(0, 100),
    paying_share=st.floats(0, 1),
    retention=st.one_of(
        st.builds(Retention, st.floats(0, 0.999), st.just("monthly")),
        st.builds(Retention, st.floats(1, 1200), st.just("lifetime")),
    ),
    marketing=st.one_of(
        st.builds(Cost, money, st.sampled_from(["per_month", "per_unit"])),
        st.builds(Cost, st.floats(0, 1), st.just("share")),
    ),
    direct_costs=st.builds(Cost, st.floats(0, 100), st.just("per_unit")),
    horizon_months=st.integers(1, 120),
    discount_rate=st.floats(0, 1),
    volume=st.one_of(st.none(), st.floats(1, 1e9)),
)


def _all_finite(result) -> bool:
    for value in vars(result).values():
        if isinstance(value, np.ndarray) and not np.isfinite(value).all():
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if isinstance(value, dict) and not _all_finite_dict(value):
            return False
        if isinstance(value, PerUnit) and not _all_finite(value):
            return False
    return True


def _all_finite_dict(values: dict) -> bool:
    return all(math.isfinite(v) for v in values.values() if isinstance(v, float))


@settings(max_examples=60, deadline=None)
@given(plans)
def test_no_valid_plan_gives_nan_infinity_or_an_exception(plan):
    lenses = [margins, services, critical_mass, direct_sales]
    if plan.market_size is not None:
        lenses.append(growth)
    for lens in lenses:
        result = lens(plan)
        assert _all_finite(result), lens.__name__
        for name, value in vars(result).items():
            if value is None:
                assert result.notes.get(name), f"{lens.__name__}.{name} is None without a note"
            for inner, figure in vars(value).items() if isinstance(value, PerUnit) else ():
                if figure is None:
                    assert result.notes.get(f"{name}.{inner}"), f"{name}.{inner} has no note"
    for curve in growth(plan.replace(market_size=1e6)).curves:
        assert _all_finite(curve)


@settings(max_examples=60, deadline=None)
@given(plans)
def test_break_even_month_agrees_with_the_cumulative_cash(plan):
    result = critical_mass(plan)
    cash = result.cumulative_cash
    if result.break_even_month is None:
        first_negative = np.argmax(cash < 0)
        assert (cash[first_negative:] < 0).all()
    elif result.break_even_month == 0:
        assert (cash >= 0).all()
    else:
        recoveries = [t for t in range(1, cash.size) if cash[t - 1] < 0 <= cash[t]]
        assert math.ceil(result.break_even_month) == recoveries[0]
        start = cash[recoveries[0] - 1]
        share = -start / (cash[recoveries[0]] - start)  # the interpolated part of the month
        assert result.break_even_month == pytest.approx(recoveries[0] - 1 + share)


@settings(max_examples=60, deadline=None)
@given(plans, st.floats(1.0, 3.0))
def test_a_higher_price_never_delays_break_even(plan, factor):
    assume(_share_of_price(plan.selling_cost) + _share_of_price(plan.marketing) < 1)
    higher = plan.replace(price=min(plan.price * factor, 1e9))
    base, raised = critical_mass(plan).break_even_month, critical_mass(higher).break_even_month
    if base is not None:
        assert raised is not None and raised <= base + 1e-9


def _share_of_price(cost: Cost) -> float:
    """What a cost takes of each unit of price (a higher price pays more of it)."""
    return cost.amount if cost.basis == "share" else 0.0
