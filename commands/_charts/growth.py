"""Growth: Bass adoption under ads-driven and word-of-mouth parameters, against critical mass."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from commands._charts.style import (
    LABEL_BOX,
    MUTED,
    Chart,
    band_of,
    legend_below,
    marker_for,
    midpoint_title,
    month_axis,
    render,
    series_style,
)
from model.format import month, months, percent, units
from model.results import Growth, GrowthCurve, Simulation


def growth_chart(r: Growth, _currency: str = "", sim: Simulation | None = None) -> Chart:
    """Adoption in units and shares: no money, so the currency every lens chart takes is unused."""
    plan = r.curves[0]
    share = percent(r.critical_share)
    horizon = r.horizon_months
    if plan.months_to_critical is None:
        title = f"Short of {share} critical mass within {months(horizon)}"
    else:
        title = f"Reaches {share} critical mass in {month(plan.months_to_critical)}"
    reached = "; ".join(f"{c.label} {_reach(c, horizon)}" for c in r.curves)
    alt = (
        f"Share of the market ({units(r.market_size)}) that has bought, by month, for "
        f"{len(r.curves)} sets of Bass parameters against a {share} critical mass: {reached}."
    )
    if sim is not None and sim.band is not None:
        alt = alt.removesuffix(".") + (
            f"; across {sim.draws:,} draws (seed {sim.seed}) your plan has "
            f"{percent(sim.band.p10[-1])} to {percent(sim.band.p90[-1])} (P10 to P90) by "
            f"{month(horizon)}."
        )
    return render(midpoint_title(title, sim), alt, _draw, r, sim)


def _reach(curve: GrowthCurve, horizon: float) -> str:
    """When a curve reaches critical mass, saying so when that is past the chart's end."""
    when = curve.months_to_critical
    if when is None:
        return f"does not reach it within {months(horizon)}"
    return f"reaches it in {month(when)}"


def _draw(fig: Figure, r: Growth, sim: Simulation | None) -> None:
    ax = fig.subplots()
    month_axis(ax, r.months)
    if sim is not None:
        band_of(ax, sim)
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
        when = curve.months_to_critical
        ax.plot(
            r.months,
            curve.adopted_share,
            **style,
            marker=marker_for(len(r.months)),
            label=f"{curve.label} (p {curve.p:g}, q {curve.q:g}): "
            + ("not reached" if when is None else month(when)),
        )
        if when is not None and when <= r.months[-1]:
            ax.plot([when], [r.critical_share], "o", color=style["color"], clip_on=False)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda share, _: percent(share)))
    ax.set_ylim(0, None)
    ax.set_ylabel("Share of market")
    legend_below(fig, title="p: ads pull, q: word of mouth (per year)", alignment="left")
