import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import (
    FIELDS,
    SENSITIVITY_METRICS,
    Cost,
    Plan,
    PlanError,
    Range,
    Retention,
    critical_mass,
    direct_sales,
    growth,
    margins,
    sensitivity,
    services,
    simulate,
)
from model.headlines import HEADLINES, LENSES

UNCERTAIN = Plan(
    price=Range(180, 220), unit_cost=185, tooling=2e6, rnd=3e6, fixed_monthly=1e5,
    selling_cost=5, services_arpu=3, paying_share=0.3, learning_rate=Range(0.8, 0.9),
    peak_volume=Range(5_000, 15_000),
)  # fmt: skip


def test_a_seed_replays_the_run_exactly():
    first = simulate(UNCERTAIN, draws=2_000)
    again = simulate(UNCERTAIN, draws=2_000, seed=first.seed)
    assert again.spreads == first.spreads
    np.testing.assert_array_equal(again.band.p50, first.band.p50)
    assert str(first.seed) in first.notes["sampling"]
    assert "uniformly" in first.notes["sampling"]


def test_simulation_shape_and_order():
    result = simulate(UNCERTAIN, draws=1_000, seed=7)
    assert result.ranged_inputs == ("price", "learning_rate", "peak_volume")
    assert next(iter(result.spreads)) == "break_even_month"
    band = result.band
    assert band.label == "cumulative cash" and band.p10.shape == (37,)
    assert (band.p10 <= band.p50).all() and (band.p50 <= band.p90).all()
    for spread in result.spreads.values():
        assert spread.p10 <= spread.p50 <= spread.p90
    chance = result.probabilities["break_even_month"]
    assert chance.label == "chance to break even within 36 months"
    assert (result.horizon_months, result.discount_rate) == (36, 0.10)


def _draws(plan: Plan, draws: int, seed: int) -> list[Plan]:
    """The plans simulate() evaluates, one by one: the same generator, inputs in FIELDS order."""
    rng = np.random.default_rng(seed)
    values = {
        name: rng.uniform(getattr(plan, name).low, getattr(plan, name).high, size=draws)
        for name in plan.ranged_inputs
    }
    return [plan.replace(**{name: v[i] for name, v in values.items()}) for i in range(draws)]


LENS_FIGURES = {
    "critical_mass": {
        "break_even_month": lambda plan: critical_mass(plan).break_even_month,
        "npv": lambda plan: critical_mass(plan).npv,
        "cash_need": lambda plan: critical_mass(plan).cash_need,
    },
    "services": {
        "lifetime_value": lambda plan: services(plan).lifetime_value,
        "lifetime_value_unlimited": lambda plan: services(plan).lifetime_value_unlimited,
    },
    "margins": {
        "fully_loaded_margin": lambda plan: margins(plan).over_plan.fully_loaded_margin,
        "break_even_volume": lambda plan: margins(plan).over_plan.break_even_volume,
    },
    "direct_sales": {"saving_per_unit": lambda plan: direct_sales(plan).saving_per_unit},
}


@pytest.mark.parametrize("lens", sorted(LENS_FIGURES))
def test_simulation_matches_the_lens_draw_by_draw(lens):
    draws, seed = 200, 11
    result = simulate(UNCERTAIN, lens, draws=draws, seed=seed)
    assert result.lens == lens
    plans = _draws(UNCERTAIN, draws, seed)
    for name, figure in LENS_FIGURES[lens].items():
        values = np.array([figure(plan) for plan in plans], dtype=float)
        expected = np.quantile(values, (0.1, 0.5, 0.9), method="inverted_cdf")
        spread = result.spreads[name]
        assert [spread.p10, spread.p50, spread.p90] == pytest.approx(list(expected)), name


def test_growth_with_ranges_needs_no_price_and_keeps_to_the_horizon():
    plan = Plan(market_size=Range(40e6, 60e6), q=Range(0.5, 0.7), horizon_months=120)
    result = simulate(plan, "growth", draws=500, seed=2)
    own = growth(plan)  # the midpoint plan sits inside the spread
    spread = result.spreads["months_to_critical"]
    assert spread.p10 <= own.curves[0].months_to_critical <= spread.p90
    assert result.band.label == "share of the market adopted"
    short = simulate(plan.replace(horizon_months=12), "growth", draws=200, seed=2)
    assert short.spreads["months_to_critical"].p50 is None  # beyond 12 months: not a number
    assert short.probabilities["months_to_critical"].label.endswith("within 12 months")


def test_direct_sales_ranges_are_its_own_figures():
    plan = Plan(price=199, unit_cost=150, retail_margin=Range(0.05, 0.10))
    result = simulate(plan, "direct_sales", draws=500, seed=4)
    assert list(result.spreads) == ["saving_per_unit", "saving_total", "price_cut_share"]
    assert result.band is None and result.probabilities == {}
    spread = result.spreads["saving_per_unit"]
    assert spread.p10 < direct_sales(plan).saving_per_unit < spread.p90


def test_labels_and_units_are_data():
    result = simulate(UNCERTAIN, draws=100, seed=1)
    assert result.spreads["cash_need"].label == "deepest cash need"
    assert result.spreads["cash_need"].p10 >= 0  # a need is positive, as on the lens
    assert result.spreads["npv"].basis == "discounted, within the horizon"


def test_without_ranges_every_draw_is_the_plan():
    plan = Plan(price=199, unit_cost=185, tooling=1e6, selling_cost=5)
    result = simulate(plan, draws=100, seed=1)
    lens = critical_mass(plan)
    assert result.spreads["break_even_month"].p50 == pytest.approx(lens.break_even_month)
    assert result.spreads["npv"].p10 == result.spreads["npv"].p90 == pytest.approx(lens.npv)
    assert result.probabilities["break_even_month"].value == 1
    np.testing.assert_allclose(result.band.p10, lens.cumulative_cash)
    assert "no input is a range" in result.notes["sampling"]


def test_draws_that_never_break_even_are_beyond_the_horizon_not_nan():
    plan = Plan(price=Range(150, 260), unit_cost=185, tooling=2e6, selling_cost=5, learning_rate=1)
    result = simulate(plan, draws=5_000, seed=3)
    assert 0.2 < result.probabilities["break_even_month"].value < 0.8
    spread = result.spreads["break_even_month"]
    assert spread.p10 is not None and spread.p90 is None
    assert "beyond the horizon" in result.notes["break_even_month"]
    assert np.isfinite(result.band.p90).all()


@pytest.mark.parametrize(
    ("draws", "seed", "field"),
    [(0, 1, "draws"), (10.5, 1, "draws"), (10, -1, "seed"), (10, "x", "seed"), (10, 2**64, "seed")],
)
def test_bad_draws_or_seed(draws, seed, field):
    with pytest.raises(PlanError) as error:
        simulate(UNCERTAIN, draws=draws, seed=seed)
    assert error.value.field == field


def test_simulation_needs_price_and_unit_cost():
    with pytest.raises(PlanError) as error:
        simulate(Plan(unit_cost=5, price=None, market_size=Range(1e5, 2e5)))
    assert error.value.field == "price"


def test_sensitivity_ranks_inputs_by_swing():
    result = sensitivity(UNCERTAIN, "npv")
    swings = [bar.swing for bar in result.bars]
    assert swings == sorted(swings, reverse=True) and swings[-1] > 0
    assert result.base == pytest.approx(critical_mass(UNCERTAIN).npv)
    price = next(bar for bar in result.bars if bar.input == "price")
    assert (price.low, price.high) == (180, 220)  # a ranged input swings across its range
    assert price.metric_at_high > price.metric_at_low
    at_high = critical_mass(UNCERTAIN.replace(price=220)).npv
    assert price.metric_at_high == pytest.approx(at_high)
    cost = next(bar for bar in result.bars if bar.input == "unit_cost")
    assert (cost.low, cost.high) == pytest.approx((148, 222))  # others: 20% either way
    assert (result.unit, price.input_unit) == ("money", "money per unit")
    arpu = next(bar for bar in result.bars if bar.input == "services_arpu")
    assert arpu.swing > 0  # the installed base's services are in the cash, so in the NPV
    assert "Retail margin" in result.notes["unmoved"]  # named for people


def test_learning_rate_and_retention_swing_what_they_take_away():
    plan = Plan(price=199, unit_cost=185, services_arpu=3, paying_share=0.3, tooling=1e6)
    bars = {bar.input: bar for bar in sensitivity(plan, "lifetime_value").bars}
    assert (bars["retention"].low, bars["retention"].high) == pytest.approx((0.964, 0.976))
    bars = {bar.input: bar for bar in sensitivity(plan, "break_even_month").bars}
    assert (bars["learning_rate"].low, bars["learning_rate"].high) == pytest.approx((0.82, 0.88))


def test_sensitivity_of_a_break_even_that_may_not_happen():
    plan = Plan(price=200, unit_cost=185, selling_cost=5, tooling=3e6, learning_rate=1)
    result = sensitivity(plan, "break_even_month")
    price = next(bar for bar in result.bars if bar.input == "price")
    assert price.metric_at_low is None  # at 160 it never breaks even
    assert price.swing > 0 and "counts as month 36" in result.notes["metric"]


def test_unknown_metric():
    with pytest.raises(PlanError) as error:
        sensitivity(UNCERTAIN, "profit")
    assert error.value.field == "metric"
    assert "break_even_month" in str(error.value)


def test_swings_stay_inside_each_inputs_valid_range():
    plan = Plan(price=199, unit_cost=185, learning_rate=0.1, selling_cost=Cost(0.9, "share"))
    bars = {bar.input: bar for bar in sensitivity(plan, "npv").bars}
    low, high = bars["learning_rate"].low, bars["learning_rate"].high
    assert 0 < low < 0.1 < high  # 20% more cost drop would be below 0: halfway to 0 instead
    assert bars["selling_cost"].high == 1  # a share stops at 100%
    assert bars["selling_cost"].input_unit == "share"


def test_every_bar_says_the_unit_of_its_input():
    plan = BASE.replace(marketing=Cost(0.08, "share"), retention=Retention(24, "lifetime"))
    units = {bar.input: bar.input_unit for bar in sensitivity(plan, "lifetime_value").bars}
    assert units["selling_cost"] == "money per unit" and units["marketing"] == "share"
    assert units["retention"] == "months" and units["paying_share"] == "share"
    assert units["services_arpu"] == "money per month"


def test_metric_labels_are_for_people():
    assert set(SENSITIVITY_METRICS) >= {"break_even_month", "npv", "cash_need",
                                        "lifetime_value", "fully_loaded_margin"}  # fmt: skip
    assert all("_" not in label for label in SENSITIVITY_METRICS.values())


def metric_lens(metric: str) -> str:
    return HEADLINES[metric].lens


def ranged(low: float, high: float):
    return st.tuples(st.floats(low, high), st.floats(low, high)).map(lambda e: Range(*sorted(e)))


uncertain_plans = st.builds(
    Plan,
    price=ranged(1, 1e3),
    unit_cost=ranged(0, 1e3),
    tooling=ranged(0, 1e7),
    learning_rate=ranged(0.05, 1),
    launch_volume=ranged(1, 1e5),
    peak_volume=ranged(1, 1e5),
    ramp_months=ranged(0, 24),
    selling_cost=st.builds(Cost, ranged(0, 0.5), st.just("share")),
    retention=st.builds(Retention, ranged(1, 60), st.just("lifetime")),
    services_arpu=ranged(0, 10),
    paying_share=ranged(0, 1),
    discount_rate=ranged(0, 0.5),
    horizon_months=st.integers(1, 60),
)


@settings(max_examples=25, deadline=None)
@given(uncertain_plans, st.sampled_from(sorted(SENSITIVITY_METRICS)))
def test_any_uncertain_plan_gives_finite_figures_or_none(plan, metric):
    plan = plan.replace(market_size=Range(1e5, 2e5)) if "growth" in metric_lens(metric) else plan
    for lens in LENSES:
        result = simulate(plan.replace(market_size=Range(1e5, 2e5)), lens, draws=200, seed=0)
        if result.band is not None:
            assert np.isfinite(result.band.p10).all() and np.isfinite(result.band.p90).all()
            assert (result.band.p10 <= result.band.p50).all()
        for spread in result.spreads.values():
            values = [spread.p10, spread.p50, spread.p90]
            assert all(value is None or np.isfinite(value) for value in values)
            known = [value for value in values if value is not None]
            assert known == sorted(known)
    tornado = sensitivity(plan, metric)
    for bar in tornado.bars:
        assert np.isfinite(bar.swing)
        assert all(v is None or np.isfinite(v) for v in (bar.metric_at_low, bar.metric_at_high))


BASE = Plan(
    price=199, unit_cost=190, tooling=1e6, rnd=1e6, fixed_monthly=1e5, selling_cost=5,
    services_arpu=3, paying_share=0.3, marketing=1e4, direct_costs=2, volume=3e5,
)  # fmt: skip
RANGEABLE = [name for name in FIELDS if name not in ("horizon_months", "currency")]


def _widened(plan: Plan, name: str) -> Plan:
    value = getattr(plan, name)
    number = value.amount if isinstance(value, Cost | Retention) else value
    ranged = Range(number * 0.9, min(number * 1.1, 0.99) if number < 1 else number * 1.1)
    if isinstance(value, Cost | Retention):
        return plan.replace(**{name: type(value)(ranged, value.basis)})
    return plan.replace(**{name: ranged})


@pytest.mark.parametrize("name", RANGEABLE)
def test_any_single_input_can_be_the_uncertain_one(name):
    plan = BASE.replace(market_size=1e6) if name in ("p", "q", "market_size") else BASE
    plan = _widened(plan, name)
    assert plan.ranged_inputs == (name,)
    result = simulate(plan, draws=300, seed=5)
    assert np.isfinite(result.band.p50).all()
    sensitivity(plan, "npv")
