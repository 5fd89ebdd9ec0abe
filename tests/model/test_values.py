import pytest

from model import PlanError, Range
from model.values import monthly_retention


def test_range_midpoint_and_text():
    assert Range(180, 220).midpoint == 200
    assert str(Range(180, 220)) == "180-220"


@pytest.mark.parametrize("ends", [(5, 1), (float("nan"), 1), (0, float("inf")), ("1", 2)])
def test_range_rejects_reversed_or_non_finite_ends(ends):
    with pytest.raises(PlanError):
        Range(*ends)


def test_a_lifetime_of_l_months_is_a_monthly_share_of_1_minus_1_over_l():
    assert monthly_retention(24.0, "lifetime") == pytest.approx(1 - 1 / 24)
    assert monthly_retention(0.97, "monthly") == 0.97
    # L paying months on average: sum of r^(t-1) for t >= 1 is 1 / (1 - r).
    assert 1 / (1 - monthly_retention(24.0, "lifetime")) == pytest.approx(24)
