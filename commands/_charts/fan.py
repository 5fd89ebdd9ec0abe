"""Uncertainty: a fan of cumulative cash across Monte Carlo runs (P10 to P90, median line)."""

from __future__ import annotations

from matplotlib.figure import Figure

from commands._charts.style import (
    BLUE,
    INK,
    MUTED,
    SKY,
    Chart,
    end_labels,
    label_point,
    money_axis,
    month_axis,
    render,
)
from model.format import money, month, months, percent
from model.results import Simulation


def fan_chart(s: Simulation, currency: str) -> Chart:
    horizon = months(s.months[-1])
    spread = s.spreads.get("break_even_month")
    median = spread.p50 if spread else None
    if s.prob_break_even == 0:
        title = f"No run breaks even within {horizon}"
    elif median is None:
        title = f"Only {percent(s.prob_break_even)} of runs break even"
    elif s.prob_break_even == 1:
        title = f"Every run breaks even; median {month(median)}"
    else:
        title = f"{percent(s.prob_break_even)} of runs break even; median {month(median)}"
    low, mid, high = s.cash_fan[:, -1]
    alt = (
        f"Fan chart of cumulative cash by month over {s.draws:,} runs (seed {s.seed}): "
        f"after {horizon} the middle 80% of runs end between {money(low, currency)} and "
        f"{money(high, currency)}, median {money(mid, currency)}, and "
        f"{percent(s.prob_break_even)} break even within the horizon."
    )
    return render(title, alt, _draw_fan, s, currency)


def _draw_fan(fig: Figure, s: Simulation, currency: str) -> None:
    ax = fig.subplots()
    month_axis(ax, s.months, f"Month ({s.draws:,} runs, seed {s.seed})")
    low, mid, high = s.cash_fan
    ax.axhline(0, color=MUTED, linewidth=1)
    ax.fill_between(s.months, low, high, color=SKY, alpha=0.45, lw=0)
    ax.plot(s.months, mid, color=BLUE)
    money_axis(ax, currency, "Cumulative cash")
    ax.margins(y=0.12)  # room for the labels above and below the fan
    spread = s.spreads.get("break_even_month")
    if spread and spread.p50 is not None:
        label_point(
            ax,
            spread.p50,
            0,
            f"median break-even {month(spread.p50)}",
            INK,
            below=False,
            at_edge=False,
        )
    end_labels(
        ax,
        s.months[-1],
        [
            (high[-1], f"P90 {money(high[-1], currency)}", INK),
            (mid[-1], f"median {money(mid[-1], currency)}", BLUE),
            (low[-1], f"P10 {money(low[-1], currency)}", INK),
        ],
    )
