"""Growth: Bass adoption under ads-driven and word-of-mouth parameters, against critical mass."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from commands._charts.style import (
    LABEL_BOX,
    MUTED,
    Chart,
    legend_below,
    marker_for,
    month_axis,
    render,
    series_style,
)
from commands._format import month, months, percent, units
from model.results import Growth, GrowthCurve


def growth_chart(r: Growth) -> Chart:
    plan, *others = r.curves
    share = percent(r.critical_share)
    if plan.months_to_critical is None:
        title = f"Short of {share} critical mass by {month(r.months[-1])}"
    else:
        title = f"Reaches critical mass ({share}) in {month(plan.months_to_critical)}"
    reached = "; ".join(f"{c.label}: {_reach(c, r)}" for c in r.curves)
    alt = (
        f"Share of the market ({units(r.market_size)}) that has bought, by month, for "
        f"{len(r.curves)} sets of Bass parameters against a {share} critical mass; {reached}."
    )
    return render(title, alt, _draw, r)


def _reach(curve: GrowthCurve, r: Growth) -> str:
    if curve.months_to_critical is None:
        return f"not within {months(r.months[-1])}"
    return month(curve.months_to_critical)


def _legend_reach(curve: GrowthCurve) -> str:
    return "not reached" if curve.months_to_critical is None else month(curve.months_to_critical)


def _draw(fig: Figure, r: Growth) -> None:
    ax = fig.subplots()
    month_axis(ax, r.months)
    ax.axhline(r.critical_share, color=MUTED, linewidth=1.5, linestyle=(0, (1, 2)))
    ax.annotate(
        f"critical mass {percent(r.critical_share)} ({units(r.critical_share * r.market_size)})",
        xy=(0, r.critical_share),
        xycoords=("axes fraction", "data"),
        xytext=(4, -3),
        textcoords="offset points",
        va="top",
        color=MUTED,
        bbox=LABEL_BOX,
    )
    for index, curve in enumerate(r.curves):
        style = series_style(index)
        ax.plot(
            r.months,
            curve.adopted_share,
            **style,
            marker=marker_for(len(r.months)),
            label=f"{curve.label} (p {curve.p:g}, q {curve.q:g}): {_legend_reach(curve)}",
        )
        if curve.months_to_critical is not None:
            ax.plot(
                [curve.months_to_critical],
                [r.critical_share],
                "o",
                color=style["color"],
                clip_on=False,
            )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda share, _: percent(share)))
    ax.set_ylim(
        0, max(1.0 if max(c.adopted_share.max() for c in r.curves) > 0.5 else 0.0, ax.get_ylim()[1])
    )
    ax.set_ylabel("Share of market")
    legend_below(fig, title="p: ads pull, q: word of mouth (per year)", alignment="left")
