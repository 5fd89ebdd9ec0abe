"""Critical mass: the cash J-curve over unit cost falling against price, on one time axis."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from commands._charts.style import (
    BLUE,
    LOSS,
    MUTED,
    ORANGE,
    Chart,
    band_of,
    end_labels,
    label_point,
    legend_below,
    mark_month,
    marker_for,
    midpoint_title,
    money_axis,
    month_axis,
    panel_title,
    profit_loss_line,
    render,
)
from model.format import money, month, months
from model.results import CriticalMass, Simulation


def critical_mass_chart(r: CriticalMass, currency: str, sim: Simulation | None = None) -> Chart:
    horizon = months(r.horizon_months)
    need = money(r.cash_need, currency)
    if r.cash_need == 0:
        final = r.cumulative_cash[-1]
        title = "Never needs cash" if final > 0 else f"Cash stays at {money(0, currency)}"
        cash = f"cumulative cash never goes below zero and ends at {money(final, currency)}"
    elif r.break_even_month is None:
        title = f"Never breaks even within {horizon}; needs {need}"
        cash = f"the cash need reaches {need} and cash never recovers within {horizon}"
    else:
        title = f"Breaks even in {month(r.break_even_month)}; needs {need}"
        cash = (
            f"the cash need peaks at {need} in {month(r.cash_need_month)} and cash breaks "
            f"even in {month(r.break_even_month)}"
        )
    if r.unit_margin_positive_month is None:
        cost = f"unit cost stays above the price less selling cost for all {horizon}"
    else:
        cost = f"unit margin is positive from {month(r.unit_margin_positive_month)}"
    alt = f"Cumulative cash and unit cost by month: {cash}; {cost}"
    if sim is not None and sim.band is not None:
        low, high = sim.band.p10[-1], sim.band.p90[-1]
        alt += (
            f"; across {sim.draws:,} draws (seed {sim.seed}) cash ends between "
            f"{money(low, currency)} (P10) and {money(high, currency)} (P90)"
        )
    return render(midpoint_title(title, sim), alt + ".", _draw, r, currency, sim)


def _draw(fig: Figure, r: CriticalMass, currency: str, sim: Simulation | None) -> None:
    cash_ax, cost_ax = fig.subplots(2, 1, height_ratios=(3, 2))
    month_axis(cost_ax, r.months)
    cash_ax.set_xlim(cost_ax.get_xlim())
    cash_ax.xaxis.set_major_locator(NullLocator())  # the months read off the panel below

    if sim is not None:
        band_of(cash_ax, sim)
        legend_below(fig, ncols=2)
    profit_loss_line(cash_ax, r.months, r.cumulative_cash, shade=sim is None)
    money_axis(cash_ax, currency, "Cash")
    if r.cash_need > 0:
        label_point(
            cash_ax,
            r.cash_need_month,
            -r.cash_need,
            f"cash need {money(r.cash_need, currency)}",
            LOSS,
            below=True,
        )
        if r.break_even_month is not None:
            mark_month(cash_ax, r.break_even_month, f"break-even {month(r.break_even_month)}")

    sold = r.months[1:]  # month 0 has no units, so no unit cost
    net_price = r.unit_cost[1:] + r.unit_margin[1:]
    has_selling_cost = bool(abs(net_price - r.price).max() > 1e-9 * max(abs(r.price), 1))
    price_name = "price less selling cost" if has_selling_cost else "price"
    marker = marker_for(len(sold))
    cost_ax.plot(sold, r.unit_cost[1:], color=ORANGE, marker=marker, clip_on=False)
    cost_ax.plot(sold, net_price, color=BLUE, linestyle="--", marker=marker, clip_on=False)
    money_axis(cost_ax, currency, "Per unit")
    cost_ax.margins(y=0.3)  # room for the line labels
    end_labels(
        cost_ax,
        sold[-1],
        [
            (r.unit_cost[-1], f"unit cost {money(r.unit_cost[-1], currency)}", ORANGE),
            (net_price[-1], f"{price_name} {money(net_price[-1], currency)}", BLUE),
        ],
    )
    if r.unit_margin_positive_month is None:
        panel_title(cost_ax, f"Unit cost stays above {price_name}")
    else:
        cost_ax.axvline(r.unit_margin_positive_month, color=MUTED, linestyle="--", linewidth=1.5)
        panel_title(
            cost_ax,
            f"Unit margin positive from {month(r.unit_margin_positive_month)} (dashed)",
        )
