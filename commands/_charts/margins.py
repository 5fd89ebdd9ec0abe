"""Margins: a waterfall from the price down through each cost to profit or loss per unit,
over the plan (learning-curve average unit cost): the basis whose fully loaded figure times
the units is the plan's cumulative cash. The launch unit cost is marked beside it."""

from __future__ import annotations

from matplotlib.figure import Figure

from commands._charts.style import (
    INK,
    LOSS,
    MUTED,
    ORANGE,
    PROFIT,
    SKY,
    Chart,
    midpoint_title,
    money_axis,
    panel_title,
    render,
)
from model.format import money
from model.results import Margins, Simulation, Spread


def _costs(r: Margins, currency: str) -> list[tuple[str, str, float]]:
    """The per-unit costs between price and result in waterfall order: (name, tick, amount).

    Marketing per unit is a step only when the plan has it, so the usual chart stays short.
    """
    costs = [("unit cost over the plan", "Unit\ncost", r.over_plan.unit_cost)]
    costs.append(("selling cost", "Selling\ncost", r.selling_cost))
    if r.marketing_per_unit:
        costs.append(("marketing", "Marketing", r.marketing_per_unit))
    costs.append(("fixed cost", "Fixed\ncost", r.fixed_per_unit))
    return costs


def margins_chart(r: Margins, currency: str, sim: Simulation | None = None) -> Chart:
    result = r.over_plan.fully_loaded_per_unit
    before_fixed = result + r.fixed_per_unit
    if result == 0:
        title = "Breaks even per unit over the plan after all costs"
    elif result > 0:
        title = f"Makes {money(result, currency)} per unit over the plan after all costs"
    elif before_fixed >= 0:
        title = f"Loses {money(-result, currency)} per unit over the plan once fixed costs count"
    else:
        title = (
            f"Loses {money(-result, currency)} per unit over the plan, "
            f"{money(-before_fixed, currency)} before fixed costs"
        )
    outcome = "a profit" if result >= 0 else "a loss"
    *named, last = [f"{name} {money(cost, currency)}" for name, _, cost in _costs(r, currency)]
    alt = (
        f"Waterfall from the {money(r.price, currency)} price down through "
        f"{', '.join(named)} and {last} per unit to {outcome} of "
        f"{money(abs(result), currency)} per unit over the plan (launch unit cost "
        f"{money(r.at_launch.unit_cost, currency)})"
    )
    spread = sim.spreads.get("fully_loaded_per_unit") if sim else None
    if sim and spread and spread.p10 is not None and spread.p90 is not None:
        alt += (
            f"; across {sim.draws:,} draws (seed {sim.seed}) it is "
            f"{money(spread.p10, currency)} at P10 and {money(spread.p90, currency)} at P90"
        )
    return render(midpoint_title(title, sim), alt + ".", _draw, r, currency, spread)


def _draw(fig: Figure, r: Margins, currency: str, spread: Spread | None) -> None:
    ax = fig.subplots()
    result = r.over_plan.fully_loaded_per_unit
    bars = [("Price", 0.0, r.price, SKY)]  # (label, bottom, top, colour), left to right
    level = r.price
    for _, tick, cost in _costs(r, currency):
        bars.append((tick, level - cost, level, ORANGE))
        level -= cost
    outcome = "Profit" if result >= 0 else "Loss"
    if spread is not None:
        outcome += "\n|P10–P90|"  # the whisker beside the bar
    bars.append((outcome, min(result, 0.0), max(result, 0.0), PROFIT if result >= 0 else LOSS))

    labels, bottoms, tops, colours = zip(*bars, strict=True)
    positions = range(len(bars))
    ax.bar(
        positions,
        [top - bottom for bottom, top in zip(bottoms, tops, strict=True)],
        bottom=bottoms,
        color=colours,
        width=0.62,
    )
    ax.axhline(0, color=MUTED, linewidth=1)
    running = [r.price, *bottoms[1:-1]]  # the total after each bar, carried to the next
    for x, level in enumerate(running):
        ax.plot([x + 0.31, x + 0.69], [level, level], color=MUTED, linewidth=1)

    values = [r.price, *(-cost for _, _, cost in _costs(r, currency)), result]
    for x, (value, bottom, top) in enumerate(zip(values, bottoms, tops, strict=True)):
        last = x == len(bars) - 1
        rises = value >= 0 or last  # the result's label sits on the zero line, clear of the rest
        ax.annotate(
            money(value, currency),
            xy=(x, top if rises else bottom),
            xytext=(0, 3 if rises else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if rises else "top",
            color=LOSS if last and value < 0 else None,
            fontweight="bold" if last else None,
        )
    if spread is not None and spread.p10 is not None and spread.p90 is not None:
        median = spread.p50 if spread.p50 is not None else result
        whisker = [[median - spread.p10], [spread.p90 - median]]  # P10 and P90 around P50
        ax.errorbar([len(bars) - 0.55], [median], yerr=whisker, color=INK, capsize=6,
                    linewidth=1.5, marker="o")  # fmt: skip
        bottoms = (*bottoms, spread.p10)
        tops = (*tops, spread.p90)
    ax.set_xticks(list(positions), labels)
    ax.tick_params(axis="x", length=0)
    low, high = min(0.0, *bottoms), max(0.0, *tops)
    pad = 0.12 * (high - low) or 1.0  # room for the value labels; bars would pin the limits
    ax.set_ylim(low - pad, high + pad)
    money_axis(ax, currency, "Per unit, over the plan")
    launch = money(r.at_launch.unit_cost, currency)
    panel_title(ax, f"Unit cost averaged over the plan; {launch} at launch")
