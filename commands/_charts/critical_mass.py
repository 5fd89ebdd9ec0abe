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
    end_labels,
    label_point,
    mark_month,
    marker_for,
    money_axis,
    month_axis,
    panel_title,
    profit_loss_line,
    render,
)
from model.format import money, month, months
from model.results import CriticalMass


def critical_mass_chart(r: CriticalMass, currency: str) -> Chart:
    horizon = months(r.months[-1])
    need = money(-r.deepest_cash, currency)
    if r.deepest_cash >= 0:
        final = r.cumulative_cash[-1]
        title = "Never needs cash" if final > 0 else f"Cash stays at {money(0, currency)}"
        cash = f"cumulative cash never goes below zero and ends at {money(final, currency)}"
    elif r.break_even_month is None:
        title = f"Never breaks even within {horizon}"
        cash = (
            f"cash falls to {money(r.deepest_cash, currency)} and never recovers within {horizon}"
        )
    else:
        title = f"Breaks even in {month(r.break_even_month)}; needs {need}"
        cash = (
            f"cash bottoms out at {money(r.deepest_cash, currency)} in "
            f"{month(r.deepest_cash_month)} and breaks even in {month(r.break_even_month)}"
        )
    if r.unit_margin_positive_month is None:
        cost = f"unit cost stays above the price less selling cost for all {horizon}"
    else:
        cost = f"unit margin is positive from {month(r.unit_margin_positive_month)}"
    alt = f"Cumulative cash and unit cost by month: {cash}; {cost}."
    return render(title, alt, _draw, r, currency)


def _draw(fig: Figure, r: CriticalMass, currency: str) -> None:
    cash_ax, cost_ax = fig.subplots(2, 1, height_ratios=(3, 2))
    month_axis(cost_ax, r.months)
    cash_ax.set_xlim(cost_ax.get_xlim())
    cash_ax.xaxis.set_major_locator(NullLocator())  # the months read off the panel below

    profit_loss_line(cash_ax, r.months, r.cumulative_cash)
    money_axis(cash_ax, currency, "Cash")
    if r.deepest_cash < 0:
        label_point(
            cash_ax,
            r.deepest_cash_month,
            r.deepest_cash,
            f"deepest {money(r.deepest_cash, currency)}",
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
