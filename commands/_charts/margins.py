"""Margins: a waterfall from the price down through each cost to profit or loss per unit."""

from __future__ import annotations

from matplotlib.figure import Figure

from commands._charts.style import LOSS, MUTED, ORANGE, PROFIT, SKY, Chart, money_axis, render
from commands._format import money
from model.results import Margins


def margins_chart(r: Margins, currency: str) -> Chart:
    result = r.fully_loaded_per_unit
    if result == 0:
        title = "Breaks even per unit after all costs"
    elif result > 0:
        title = f"Makes {money(result, currency)} per unit after all costs"
    elif r.contribution_per_unit >= 0:
        title = f"Loses {money(-result, currency)} per unit once fixed costs count"
    else:
        title = (
            f"Loses {money(-result, currency)} per unit, "
            f"{money(-r.contribution_per_unit, currency)} before fixed costs"
        )
    outcome = (
        f"a profit of {money(result, currency)}"
        if result >= 0
        else f"a loss of {money(-result, currency)}"
    )
    alt = (
        f"Waterfall from the {money(r.price, currency)} price down through unit cost "
        f"{money(r.unit_cost, currency)}, selling cost {money(r.selling_cost, currency)} and "
        f"fixed cost {money(r.fixed_per_unit, currency)} per unit to {outcome} per unit."
    )
    return render(title, alt, _draw, r, currency)


def _draw(fig: Figure, r: Margins, currency: str) -> None:
    ax = fig.subplots()
    result = r.fully_loaded_per_unit
    steps = (
        ("Unit\ncost", r.unit_cost),
        ("Selling\ncost", r.selling_cost),
        ("Fixed cost\nper unit", r.fixed_per_unit),
    )
    names = [
        "Price",
        *(name for name, _ in steps),
        "Profit\nper unit" if result >= 0 else "Loss\nper unit",
    ]
    level = r.price
    bars = [(0.0, r.price, SKY)]  # (bottom, top, colour), drawn left to right
    for _, cost in steps:
        bars.append((level - cost, level, ORANGE))
        level -= cost
    bars.append((min(result, 0.0), max(result, 0.0), PROFIT if result >= 0 else LOSS))

    positions = range(len(bars))
    ax.bar(
        positions,
        [top - bottom for bottom, top, _ in bars],
        bottom=[bottom for bottom, _, _ in bars],
        color=[colour for _, _, colour in bars],
        width=0.62,
    )
    ax.axhline(0, color=MUTED, linewidth=1)
    for x in range(len(bars) - 1):  # connectors carry each running total to the next bar
        running = bars[x][0] if x else bars[x][1]
        ax.plot([x + 0.31, x + 0.69], [running, running], color=MUTED, linewidth=1)

    values = [r.price, *(-cost for _, cost in steps), result]
    for x, ((bottom, top, colour), value) in enumerate(zip(bars, values, strict=True)):
        rises = value >= 0
        ax.annotate(
            money(value, currency),
            xy=(x, top if rises else bottom),
            xytext=(0, 3 if rises else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if rises else "top",
            color=LOSS if x == len(bars) - 1 and not rises else None,
            fontweight="bold" if x == len(bars) - 1 else None,
        )
    ax.set_xticks(list(positions), names)
    ax.tick_params(axis="x", length=0)
    low = min(0.0, *(bottom for bottom, _, _ in bars))
    high = max(0.0, *(top for _, top, _ in bars))
    pad = 0.12 * (high - low) or 1.0  # room for the value labels; bars would pin the limits
    ax.set_ylim(low - pad, high + pad)
    money_axis(ax, currency, "Per unit")
