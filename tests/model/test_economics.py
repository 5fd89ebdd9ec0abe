"""One economics: every lens reads a plan the same way (issue 13)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import Plan
from model.engine import Numbers, project
from model.lenses import critical_mass, margins
from tests.model.test_lenses import plans


@settings(max_examples=80, deadline=None)
@given(plans)
def test_margins_over_the_plan_times_units_is_the_cumulative_cash(plan):
    plan = plan.replace(volume=None, paying_share=0.0)  # the plan's own volume, no services
    result = margins(plan)
    cash = critical_mass(plan.replace(discount_rate=0.0)).cumulative_cash[-1]
    total = result.over_plan.fully_loaded_per_unit * result.volume
    assert total == pytest.approx(cash, rel=1e-7, abs=1e-6 * (result.fixed_costs + 1))


def _spent(sold: np.ndarray, reference: float, rate: float) -> np.ndarray:
    plan = Plan(price=1, unit_cost=100, reference_volume=reference, learning_rate=rate,
                horizon_months=sold.size - 1)  # fmt: skip
    return project(Numbers.of(plan), sold)


months = st.lists(st.floats(0, 1e6), min_size=2, max_size=24)


@settings(max_examples=80, deadline=None)
@given(months, months, st.floats(1, 1e5), st.floats(0.5, 1))
def test_more_volume_sooner_never_raises_a_later_units_cost(first, second, reference, rate):
    size = min(len(first), len(second))
    low = np.concatenate([[0.0], np.minimum(first[:size], second[:size])])
    high = np.concatenate([[0.0], np.maximum(first[:size], second[:size])])
    # high has made at least as many units as low by every month's end
    cheap, dear = _spent(high, reference, rate), _spent(low, reference, rate)
    assert np.all(cheap.next_unit_cost <= dear.next_unit_cost * (1 + 1e-12))


@settings(max_examples=80, deadline=None)
@given(months, st.floats(1, 1e5), st.floats(0.5, 1), st.randoms(use_true_random=False))
def test_the_cost_of_units_does_not_depend_on_how_they_are_batched(sold, reference, rate, rng):
    sold = np.concatenate([[0.0], sold])
    shuffled = sold.copy()
    shuffled[1:] = rng.sample(list(sold[1:]), len(sold) - 1)  # same units, other months
    one, other = _spent(sold, reference, rate), _spent(shuffled, reference, rate)
    assert one.spent.sum() == pytest.approx(other.spent.sum(), rel=1e-9, abs=1e-6)
    assert one.next_unit_cost[-1] == pytest.approx(other.next_unit_cost[-1], rel=1e-12)


def test_the_reference_volume_units_average_the_unit_cost():
    run = _spent(np.array([0.0, 4.0, 4.0]), reference=4, rate=0.8)
    # Worked value: C1 = 100 * 4 / 3.142104 = 127.3032; units 5..8 cost C1 * (5..8)^-0.3219
    assert run.spent[1] == pytest.approx(400)
    assert run.spent[2] == pytest.approx(127.3032 * (5.345914 - 3.142104), rel=1e-6)


def test_services_enter_the_cash_flow_from_the_installed_base():
    plan = Plan(price=10, unit_cost=6, learning_rate=1, launch_volume=100, peak_volume=100,
                ramp_months=0, services_arpu=10, paying_share=0.5, services_margin=0.8,
                retention=0.5, horizon_months=4)  # fmt: skip
    result = critical_mass(plan)
    # 4 a month per buyer from the month after purchase, halved each month after:
    # base of month 2 = 100, month 3 = 100 + 50, month 4 = 100 + 50 + 25
    np.testing.assert_allclose(result.services_cash, [0, 0, 400, 600, 700])
    without = critical_mass(plan.replace(services_arpu=0))
    np.testing.assert_allclose(result.cash_flow - without.cash_flow, result.services_cash)
