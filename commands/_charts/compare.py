"""Compare: the cumulative cash of two to four scenarios on one chart."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from commands._charts.style import (
    MUTED,
    Chart,
    clipped,
    marker_for,
    money_axis,
    month_axis,
    render,
    series_style,
)
from model.format import month, months
from model.results import CriticalMass


def compare_chart(named: Sequence[tuple[str, CriticalMass]], currency: str) -> Chart:
    horizon = months(max(r.months[-1] for _, r in named))
    breaking = [(r.break_even_month, name) for name, r in named if r.break_even_month is not None]
    if not breaking:
        title = f"None breaks even within {horizon}"
    else:
        first_month, first_name = min(breaking, key=lambda item: item[0])
        title = f"“{clipped(first_name)}” breaks even first, in {month(first_month)}"
    outcomes = "; ".join(f"{clipped(name)} {_outcome(r)}" for name, r in named)
    alt = f"Cumulative cash by month for {len(named)} scenarios: {outcomes}."
    return render(title, alt, _draw, named, currency)


def _outcome(r: CriticalMass) -> str:
    if r.break_even_month is None:
        return f"never breaks even within {months(r.months[-1])}"
    return f"breaks even in {month(r.break_even_month)}"


def _draw(fig: Figure, named: Sequence[tuple[str, CriticalMass]], currency: str) -> None:
    ax = fig.subplots()
    longest = max((r for _, r in named), key=lambda r: r.months[-1])
    month_axis(ax, longest.months)
    ax.axhline(0, color=MUTED, linewidth=1)
    for index, (name, r) in enumerate(named):
        style = series_style(index)
        when = "never" if r.break_even_month is None else month(r.break_even_month)
        marker = marker_for(len(r.months))
        ax.plot(
            r.months, r.cumulative_cash, **style, marker=marker, label=f"{clipped(name)}: {when}"
        )
        if r.break_even_month is not None:
            ax.plot([r.break_even_month], [0], "o", color=style["color"], clip_on=False)
    money_axis(ax, currency, "Cumulative cash")
    ax.legend(title="break-even", loc="best")
