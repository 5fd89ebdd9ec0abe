import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.finance import irr, npv, payback


@pytest.mark.parametrize(
    ("rate", "flows", "value"),
    [
        (0.05, [-15000, 1500, 2500, 3500, 4500, 6000], 122.894855),
        (0.08, [-40000, 5000, 8000, 12000, 30000], 3065.22267),
    ],
)
def test_npv_worked_values(rate, flows, value):
    assert npv(rate, flows) == pytest.approx(value, abs=1e-5)


def test_npv_first_flow_is_undiscounted_unlike_a_spreadsheet():
    flows = [100, 200]
    assert npv(0.1, flows) == pytest.approx(100 + 200 / 1.1)
    assert npv(0.1, [0, *flows]) == pytest.approx(100 / 1.1 + 200 / 1.21)  # spreadsheet NPV


def test_irr_worked_values():
    assert irr([-100, 39, 59, 55, 20]) == pytest.approx(0.28095, abs=1e-5)
    assert irr([1, 2, 3]) is None
    assert irr([0, 0]) is None
    assert irr([-100, 0, 0, 121]) == pytest.approx(1.21 ** (1 / 3) - 1)


def test_irr_with_several_sign_changes_is_the_rate_closest_to_zero():
    # -100 + 230x - 132x^2 = 0 at x = 1/1.1 and 1/1.2: rates 10% and 20%.
    assert irr([-100, 230, -132]) == pytest.approx(0.10)


earnings = st.one_of(st.just(0.0), st.floats(0.01, 1e6))  # cents and up, as cash is
spend_then_earn = st.tuples(st.floats(1, 1e6), st.lists(earnings, min_size=1, max_size=40)).filter(
    lambda flows: sum(flows[1]) > 0
)


@given(spend_then_earn)
def test_irr_agrees_with_numpy_financial(flows):
    cashflows = [-flows[0], *flows[1]]
    ours, oracle = irr(cashflows), npf.irr(cashflows)
    if np.isnan(oracle) or oracle < -0.99 + 1e-9:  # below -99% per period: no answer
        assert ours is None or ours == pytest.approx(oracle)
    else:
        assert ours == pytest.approx(oracle, rel=1e-6, abs=1e-9)


def test_payback_is_interpolated_within_the_period():
    assert payback([-40000, 5000, 8000, 12000, 30000]) == pytest.approx(3.5)
    assert payback([-10, 5]) is None
    assert payback([5, -1, 10]) == 0  # never below zero


def test_payback_counts_the_first_recovery():
    assert payback([-10, 20, -30, 40]) == pytest.approx(0.5)


def test_payback_of_a_single_flow():
    assert payback([5]) == 0
    assert payback([-5]) is None
