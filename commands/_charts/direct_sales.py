"""Direct sales: where each unit's shelf price goes, through retail and sold direct."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from commands._charts.style import (
    BLUE,
    GREEN,
    GRID,
    INK,
    LOSS,
    MUTED,
    ORANGE,
    PURPLE,
    SKY,
    Chart,
    midpoint_title,
    money_axis,
    panel_title,
    render,
)
from model.format import compact, money, percent, units
from model.results import DirectSales, Simulation

# Stacking order from the bottom, as in DirectSales; the maker's own share in blues.
_COLOURS = {
    "maker cost": "#A6BDD7",
    "maker margin": BLUE,
    "distributor": ORANGE,
    "retailer": PURPLE,
    "marketing": SKY,
    "direct costs": GREEN,
}


def direct_sales_chart(r: DirectSales, currency: str, sim: Simulation | None = None) -> Chart:
    """Per-unit bars have no months for a band: with ranges the card carries the spreads."""
    cut = r.shelf_price_retail - r.shelf_price_direct  # the gap between the two bars
    gap = money(abs(cut), currency)
    if cut > 0:
        share = f" ({percent(cut / r.shelf_price_retail)})"
        title = f"Direct can sell for {gap}{share} less"
        finding = f"so selling direct saves {gap} per unit"
    elif cut < 0:
        title = f"Selling direct costs {gap} more per unit"
        finding = f"so selling direct costs {gap} more per unit"
    else:
        title = "Same shelf price direct or through retail"
        finding = "so selling direct saves nothing per unit"
    alt = (
        f"Stacked bars of where each unit's shelf price goes: "
        f"{_parts(r.shelf_price_retail, r.retail_breakdown, currency)} through retail against "
        f"{_parts(r.shelf_price_direct, r.direct_breakdown, currency)} direct, {finding} "
        f"({money(r.saving_total, currency)} over {units(r.volume)} within "
        f"{r.horizon_months} months)."
    )
    return render(midpoint_title(title, sim), alt, _draw, r, currency)


def _parts(total: float, breakdown: dict[str, float], currency: str) -> str:
    parts = ", ".join(f"{name} {money(v, currency)}" for name, v in breakdown.items() if v)
    return f"{money(total, currency)} ({parts})"


def _draw(fig: Figure, r: DirectSales, currency: str) -> None:
    bars_ax, table_ax = fig.subplots(1, 2, width_ratios=(1, 1.25))
    columns = (("Retail", r.retail_breakdown), ("Direct", r.direct_breakdown))
    for x, (_, breakdown) in enumerate(columns):
        segments = _segments(breakdown)
        heights = np.array([height for _, height in segments])
        tops = np.cumsum(heights)
        colours = [_COLOURS[name] for name, _ in segments]
        bars_ax.bar(x, heights, bottom=tops - heights, width=0.6, color=colours)  # one call
        total = tops[-1] if segments else 0.0
        bars_ax.annotate(
            money(total, currency),
            xy=(x, total),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontweight="bold",
        )
    loss = -r.retail_breakdown["maker margin"]
    if loss > 0:  # the price does not cover the maker's cost: the bars show the part it does
        panel_title(bars_ax, f"Maker sells {money(loss, currency)} below cost", color=LOSS)
    cut = r.shelf_price_retail - r.shelf_price_direct
    if cut > 0:
        bars_ax.plot(
            [0.3, 1.45], [r.shelf_price_retail] * 2, color=INK, linestyle=":", linewidth=1.5
        )
        bars_ax.annotate(
            "",
            xy=(1.45, r.shelf_price_direct),
            xytext=(1.45, r.shelf_price_retail),
            arrowprops={"arrowstyle": "->", "color": INK, "lw": 1.5},
        )
    bars_ax.set_xticks([0, 1], [name for name, _ in columns])
    bars_ax.tick_params(axis="x", length=0)
    bars_ax.set_xlim(-0.45, 1.6)
    bars_ax.set_ylim(0, 1.12 * max(r.shelf_price_retail, r.shelf_price_direct) or 1.0)
    money_axis(bars_ax, currency, "Shelf price per unit")
    _table(table_ax, r, currency, cut)


def _segments(breakdown: dict[str, float]) -> list[tuple[str, float]]:
    """Bar segments from the bottom. With a negative maker margin (selling below cost) the
    maker cost segment is the part of the cost the price covers, so the bar is the shelf price."""
    loss = min(breakdown["maker margin"], 0.0)
    heights = {**breakdown, "maker cost": breakdown["maker cost"] + loss}
    heights["maker margin"] = max(breakdown["maker margin"], 0.0)
    return [(name, height) for name, height in heights.items() if height > 0]


def _table(ax: Axes, r: DirectSales, currency: str, cut: float) -> None:
    """The legend: each layer's share of the shelf price, in stacking order from the top."""
    ax.set_axis_off()
    size = 10  # a notch smaller than the axis text so four columns fit
    rows = [
        name
        for name in reversed(r.retail_breakdown)
        if r.retail_breakdown[name] or r.direct_breakdown[name]
    ]
    step = 1 / 8
    columns = {"retail": 0.76, "direct": 1.0}
    ax.text(0, 1 - step / 2, f"{currency.upper()} per unit", va="center", color=MUTED, size=size)
    for name, x in columns.items():
        ax.text(x, 1 - step / 2, name, ha="right", va="center", color=MUTED, size=size)
    for index, name in enumerate(rows, start=1):
        y = 1 - step / 2 - index * step
        ax.add_patch(Rectangle((0, y - step * 0.3), 0.07, step * 0.6, color=_COLOURS[name]))
        ax.text(0.1, y, name, va="center", size=size)
        for breakdown, x in (
            (r.retail_breakdown, columns["retail"]),
            (r.direct_breakdown, columns["direct"]),
        ):
            value = breakdown[name]
            ax.text(
                x,
                y,
                compact(value) if value else "–",
                ha="right",
                va="center",
                size=size,
                color=LOSS if value < 0 else INK,
            )
    y = 1 - step / 2 - (len(rows) + 1) * step
    ax.axhline(y + step / 2, color=GRID, linewidth=1)
    verdict = "direct saves" if cut >= 0 else "direct costs"
    for x, text, align in ((0.1, verdict, "left"), (columns["direct"], compact(abs(cut)), "right")):
        ax.text(x, y, text, ha=align, va="center", size=size, fontweight="bold")
