"""The plan-vs-actual chart: its title and alt text state the verdict of the tracking it was
given, and it draws without warnings for one month, a short plan and huge numbers."""

import pytest

from commands._charts.tracking import tracking_chart
from commands.team_jobs import MonthFigures
from model.tracking import PlanSeries, track
from tests.commands.charts.samples import HUGE, phone
from tests.commands.charts.test_charts import render_quietly

SERIES = PlanSeries.of(phone())


def _month(month: int, share: float = 1.0, **figures) -> MonthFigures:
    planned = {
        "units": SERIES.units[month] * share,
        "unit_cost": SERIES.unit_cost[month],
        "price": None,
        "cash": SERIES.cumulative_cash[month],
    }
    return MonthFigures(month, **(planned | figures))


def test_title_and_alt_text_state_the_verdict_and_the_months_recorded():
    months = [_month(1), _month(3, cash=SERIES.cumulative_cash[3] * 0.5)]
    tracking = track(SERIES, months)
    chart = render_quietly(lambda: tracking_chart(SERIES, tracking, "Phone launch"))

    assert tracking.verdict == "ahead"  # half the cash hole the plan expected by month 3
    assert chart.title == "“Phone launch”: ahead at month 3"
    assert "(months 1, 3)" in chart.alt_text
    assert "months 1 to 12 of a 36-month plan" in chart.alt_text
    assert f"judged on {tracking.basis}." in chart.alt_text


@pytest.mark.parametrize(
    ("series", "months"),
    [
        (SERIES, [MonthFigures(1, None, None, None, -3e6)]),  # cash only: legend from that panel
        (PlanSeries.of(phone(horizon_months=2)), [MonthFigures(2, 900, 230, 199, -1e6)]),
        (PlanSeries.of(HUGE), [MonthFigures(30, 1e9, 1e9, 9e8, -1e14)]),
    ],
)
def test_edge_cases_draw_cleanly(series, months):
    tracking = track(series, months)
    chart = render_quietly(lambda: tracking_chart(series, tracking, "x" * 80))
    assert chart.title.startswith("“" + "x" * 39 + "…”")


def test_a_chart_needs_a_month_of_actuals():
    with pytest.raises(ValueError, match="at least one month"):
        tracking_chart(SERIES, track(SERIES, []), "Phone launch")
