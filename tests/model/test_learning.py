import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.learning import cumulative_cost, first_unit_cost, unit_cost


def test_unit_form_worked_values():
    cost = unit_cost(1, np.array([2, 4, 8, 16, 10, 100, 1000]), 0.80)
    expected = [0.8, 0.64, 0.512, 0.4096, 0.476510, 0.227062, 0.108197]
    np.testing.assert_allclose(cost, expected, atol=1e-6)


def test_cumulative_worked_values():
    total = cumulative_cost(1, np.array([2, 4, 8, 16]), 0.80)
    np.testing.assert_allclose(total, [1.8, 3.142104, 5.345914, 8.920137], atol=1e-6)


@given(st.integers(1, 20_000), st.floats(0.05, 1.0))
def test_cumulative_is_the_exact_sum_of_unit_costs(n, rate):
    direct = unit_cost(185.0, np.arange(1, n + 1), rate).sum()
    assert cumulative_cost(185.0, n, rate) == pytest.approx(direct, rel=1e-11)


def test_arrays_broadcast_and_no_learning_costs_n_units():
    totals = cumulative_cost(2.0, np.array([10, 1e6]), np.array([[1.0], [0.5]]))
    assert totals.shape == (2, 2)
    np.testing.assert_allclose(totals[0], [20, 2e6])
    harmonic = 2 * (np.log(1e6) + np.euler_gamma + 1 / 2e6)  # at 50% unit n costs 1/n
    assert totals[1, 1] == pytest.approx(harmonic, rel=1e-11)


def test_fractional_units_are_charged_at_the_next_units_cost():
    assert cumulative_cost(1, 2.5, 0.8) == pytest.approx(1.8 + 0.5 * 3 ** np.log2(0.8))
    assert cumulative_cost(1, 0, 0.8) == 0


def test_anchored_worked_values():
    # The first 4 units average 100 at 80%: C1 = 100 * 4 / 3.142104 = 127.3032.
    first = first_unit_cost(100, 4, 0.80)
    assert first == pytest.approx(127.3032, abs=1e-4)
    assert unit_cost(first, 8, 0.80) == pytest.approx(65.18, abs=0.005)
    assert unit_cost(first, 1000, 0.80) == pytest.approx(13.774, abs=0.0005)
    assert cumulative_cost(first, 4, 0.80) == pytest.approx(400)
    assert first_unit_cost(7, 1, 0.8) == 7  # a reference of one unit is the textbook C1
