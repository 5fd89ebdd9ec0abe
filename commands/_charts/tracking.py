"""Plan vs actual: a decision's frozen plan (lines) against what happened (dots), by month.

Three panels share the month axis: units sold in the month, unit cost, and cumulative cash
(the figures `/actuals` records, as model.tracking defines them). The x axis runs from month
1 to a little past the last month with actuals (at least a year, at most the plan's horizon),
so a few months of actuals are not squeezed into the corner of a 5-year plan.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from commands._charts.style import (
    BLUE,
    MUTED,
    VERMILLION,
    Chart,
    clipped,
    legend_below,
    month_axis,
    panel_title,
    render,
)
from model.format import compact, money
from model.tracking import PlanSeries, Tracking

_MIN_SHOWN = 12  # months on the x axis at least (when the plan is that long)


def tracking_chart(series: PlanSeries, tracking: Tracking, name: str) -> Chart:
    if not tracking.months:
        raise ValueError("a plan-vs-actual chart needs at least one month of actuals")
    last = tracking.months[-1].month
    shown = _shown_months(series.horizon, last)
    verdict = tracking.verdict or "no verdict yet"
    title = f"“{clipped(name, 40)}”: {verdict} at month {last}"
    recorded = ", ".join(str(m.month) for m in tracking.months)
    alt = (
        f"Plan against actual for “{name}” over months 1 to {shown[-1]} of a "
        f"{series.horizon}-month plan: lines are the plan frozen at the decision, dots what "
        f"was recorded (months {recorded}) for units sold per month, unit cost and cumulative "
        f"cash; verdict {verdict}, judged on {tracking.basis}."
    )
    return render(title, alt, _draw, series, tracking, shown)


def _shown_months(horizon: int, last: int) -> np.ndarray:
    end = min(horizon, max(_MIN_SHOWN, last + max(3, last // 2)))
    return np.arange(1, end + 1)


def _draw(fig: Figure, series: PlanSeries, tracking: Tracking, shown: np.ndarray) -> None:
    axes = fig.subplots(3, 1, sharex=True)
    currency = series.currency
    panels = (
        ("Units sold per month", "units", series.units, compact),
        ("Unit cost", "unit_cost", series.unit_cost, lambda v: money(v, currency)),
        ("Cumulative cash", "cash", series.cumulative_cash, lambda v: money(v, currency)),
    )
    for ax, (heading, figure, planned, fmt) in zip(axes, panels, strict=True):
        ax.plot(shown, planned[shown], color=BLUE, label="plan (frozen at the decision)")
        gaps = [(m.month, getattr(m, figure)) for m in tracking.months]
        points = [(month, gap.actual) for month, gap in gaps if gap is not None]
        if points:
            x, y = zip(*points, strict=True)
            ax.plot(
                x, y, "o", color=VERMILLION, markersize=6, label="actual", zorder=3, clip_on=False
            )
        if figure == "cash":
            ax.axhline(0, color=MUTED, linewidth=1)
        _number_axis(ax, fmt)
        panel_title(ax, heading)
    month_axis(axes[-1], shown)
    axes[-1].set_xlim(shown[0] - 0.5, shown[-1])  # room for a dot at month 1
    handles, labels = axes[0].get_legend_handles_labels()
    if len(handles) < 2:  # no units recorded: take the dots' legend entry from another panel
        for ax in axes[1:]:
            handles, labels = ax.get_legend_handles_labels()
            if len(handles) == 2:
                break
    legend_below(fig, handles=handles, labels=labels, ncols=2)


def _number_axis(ax: Axes, fmt) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: fmt(value)))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=2, steps=[1, 2, 2.5, 5, 10]))
