"""The range a team's estimates give: min-max below 5 estimates, P10-P90 from 5."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import PlanError, Range
from model.estimates import MIN_FOR_PERCENTILES, estimate_range

ESTIMATES = st.lists(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=40,
)


@given(ESTIMATES)
def test_the_range_is_ordered_inside_the_estimates_and_holds_the_median(values):
    result = estimate_range(values)

    assert min(values) <= result.low <= result.median <= result.high <= max(values)
    assert result.median == pytest.approx(float(np.median(values)), rel=1e-12, abs=1e-12)
    assert result.count == len(values)


@given(ESTIMATES, st.randoms())
def test_the_order_people_answered_in_does_not_matter(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)

    assert estimate_range(shuffled) == estimate_range(values)


@given(ESTIMATES)
def test_fewer_than_five_use_the_whole_spread_and_five_or_more_p10_to_p90(values):
    result = estimate_range(values)

    if len(values) < MIN_FOR_PERCENTILES:
        assert (result.method, result.low, result.high) == ("min-max", min(values), max(values))
    else:
        assert result.method == "P10-P90"
        assert result.low == pytest.approx(np.percentile(values, 10), rel=1e-12, abs=1e-9)
        assert result.high == pytest.approx(np.percentile(values, 90), rel=1e-12, abs=1e-9)


def test_three_estimates_span_lowest_to_highest():
    result = estimate_range([180, 150, 170])

    assert (result.low, result.median, result.high) == (150, 170, 180)
    assert result.method == "min-max"
    assert result.reason == (
        "lowest to highest of 3 estimates: with fewer than 5, every estimate counts"
    )
    assert result.amount == Range(150, 180)


def test_from_five_estimates_one_outlier_no_longer_stretches_the_range():
    # Sorted 100, 110, 120, 130, 1000: P10 = 100 + 0.4 * 10, P90 = 130 + 0.6 * 870.
    result = estimate_range([130, 1000, 100, 120, 110])

    assert (result.low, result.median, result.high) == pytest.approx((104, 120, 652))
    assert result.method == "P10-P90"
    assert "one outlier does not stretch the range" in result.reason
    assert result.reason.startswith("P10 to P90 of 5 estimates")


def test_agreement_gives_one_number_not_a_range():
    result = estimate_range([170.0] * 6)

    assert (result.low, result.median, result.high) == (170, 170, 170)
    assert result.amount == 170
    assert estimate_range([42]).reason.startswith("lowest to highest of 1 estimate:")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([], "no estimates yet: a range needs at least one"),
        ([1.0, float("nan")], "every estimate must be a finite number"),
        ([float("inf")], "every estimate must be a finite number"),
    ],
)
def test_nothing_to_go_on_is_said_in_words(values, message):
    with pytest.raises(PlanError, match=message) as error:
        estimate_range(values)
    assert error.value.field == "estimates"
