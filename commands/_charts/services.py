"""Services: cumulative profit per buyer by month, from the hardware loss to payback."""

from __future__ import annotations

from matplotlib.figure import Figure

from commands._charts.style import (
    BLUE,
    INK,
    LOSS,
    PROFIT,
    Chart,
    band_of,
    label_point,
    legend_below,
    mark_month,
    midpoint_title,
    money_axis,
    month_axis,
    profit_loss_line,
    render,
)
from model.format import money, month, months, percent
from model.results import Services, Simulation


def services_chart(r: Services, currency: str, sim: Simulation | None = None) -> Chart:
    last = r.cumulative_profit[-1]
    end = month(r.months[-1])
    loss = money(-r.hardware_margin, currency)
    if r.hardware_margin >= 0:
        title = f"Earns {money(last, currency)} per buyer by {end}"
        story = (
            f"the hardware earns {money(r.hardware_margin, currency)} at the sale and services "
            f"take it to {money(last, currency)} by {end}"
        )
    elif r.payback_month is None:
        title = f"Still {money(-last, currency)} short of payback by {end}"
        story = (
            f"the hardware loses {loss} at the sale and services bring it only to "
            f"{money(last, currency)} within {months(r.months[-1])}"
        )
    else:
        title = f"Hardware loss repaid by {month(r.payback_month)}"
        story = (
            f"the hardware loses {loss} at the sale and services pay it back by "
            f"{month(r.payback_month)}, reaching {money(last, currency)} by {end}"
        )
    rate = f"discounted at {percent(r.discount_rate)}/yr"
    alt = f"Cumulative profit per buyer by month, {rate}: {story}"
    if sim is not None and sim.band is not None:
        alt += (
            f"; across {sim.draws:,} draws (seed {sim.seed}) it ends between "
            f"{money(sim.band.p10[-1], currency)} (P10) and {money(sim.band.p90[-1], currency)} "
            "(P90)"
        )
    return render(midpoint_title(title, sim), alt + ".", _draw, r, currency, sim)


def _draw(fig: Figure, r: Services, currency: str, sim: Simulation | None) -> None:
    ax = fig.subplots()
    month_axis(ax, r.months, "Months after the sale")
    if sim is not None:
        band_of(ax, sim)
        legend_below(fig, ncols=2)
    profit_loss_line(ax, r.months, r.cumulative_profit, color=BLUE, shade=sim is None)
    money_axis(ax, currency, f"Profit per buyer, at {percent(r.discount_rate)}/yr")
    loss = r.hardware_margin < 0
    label_point(
        ax,
        r.months[0],
        r.hardware_margin,
        f"hardware {money(r.hardware_margin, currency)}",
        LOSS if loss else PROFIT,
        below=loss,
    )
    if loss and r.payback_month is not None:
        mark_month(ax, r.payback_month, f"payback {month(r.payback_month)}", INK)
