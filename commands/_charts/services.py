"""Services: cumulative profit per buyer by month, from the hardware loss to payback."""

from __future__ import annotations

from matplotlib.figure import Figure

from commands._charts.style import (
    BLUE,
    INK,
    LOSS,
    PROFIT,
    Chart,
    label_point,
    mark_month,
    money_axis,
    month_axis,
    profit_loss_line,
    render,
)
from commands._format import money, month, months
from model.results import Services


def services_chart(r: Services, currency: str) -> Chart:
    horizon = months(r.months[-1])
    hardware = money(r.hardware_margin, currency)
    final = money(r.cumulative_profit[-1], currency)
    if r.hardware_margin >= 0:
        title = f"Earns {final} per buyer by {month(r.months[-1])}"
        story = f"the hardware earns {hardware} at the sale and services take it to {final}"
    elif r.payback_month is None:
        title = f"Services never repay the {money(-r.hardware_margin, currency)} hardware loss"
        story = (
            f"the hardware loses {money(-r.hardware_margin, currency)} at the sale and services "
            f"bring it only to {final} within {horizon}"
        )
    else:
        title = f"Hardware loss repaid by {month(r.payback_month)}"
        story = (
            f"the hardware loses {money(-r.hardware_margin, currency)} at the sale and services "
            f"pay it back by {month(r.payback_month)}, reaching {final} by {month(r.months[-1])}"
        )
    alt = f"Cumulative discounted profit per buyer by month: {story}."
    return render(title, alt, _draw, r, currency)


def _draw(fig: Figure, r: Services, currency: str) -> None:
    ax = fig.subplots()
    month_axis(ax, r.months, "Months after the sale")
    profit_loss_line(ax, r.months, r.cumulative_profit, color=BLUE)
    money_axis(ax, currency, "Profit per buyer")
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
