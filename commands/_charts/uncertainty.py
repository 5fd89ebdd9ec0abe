"""Uncertainty: a fan of cumulative cash across Monte Carlo runs, and a sensitivity tornado."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from commands._charts.style import (
    BACKGROUND,
    BLUE,
    INK,
    MUTED,
    ORANGE,
    SKY,
    Chart,
    end_labels,
    label_point,
    money_axis,
    month_axis,
    render,
)
from commands._format import compact, money, month, months, percent
from model.results import Sensitivity, SensitivityBar, Simulation


def fan_chart(s: Simulation, currency: str) -> Chart:
    horizon = months(s.months[-1])
    spread = s.spreads.get("break_even_month")
    median = spread.p50 if spread else None
    if s.prob_break_even == 0:
        title = f"No run breaks even within {horizon}"
    elif median is None:
        title = f"Only {percent(s.prob_break_even)} of runs break even"
    elif s.prob_break_even == 1:
        title = f"Every run breaks even; median {month(median)}"
    else:
        title = f"{percent(s.prob_break_even)} of runs break even; median {month(median)}"
    low, mid, high = s.cash_fan[:, -1]
    alt = (
        f"Fan chart of cumulative cash by month over {s.draws:,} runs (seed {s.seed}): "
        f"after {horizon} the middle 80% of runs end between {money(low, currency)} and "
        f"{money(high, currency)}, median {money(mid, currency)}, and "
        f"{percent(s.prob_break_even)} break even within the horizon."
    )
    return render(title, alt, _draw_fan, s, currency)


def _draw_fan(fig: Figure, s: Simulation, currency: str) -> None:
    ax = fig.subplots()
    month_axis(ax, s.months, f"Month ({s.draws:,} runs, seed {s.seed})")
    low, mid, high = s.cash_fan
    ax.axhline(0, color=MUTED, linewidth=1)
    ax.fill_between(s.months, low, high, color=SKY, alpha=0.45, lw=0)
    ax.plot(s.months, mid, color=BLUE)
    money_axis(ax, currency, "Cumulative cash")
    ax.margins(y=0.12)  # room for the labels above and below the fan
    spread = s.spreads.get("break_even_month")
    if spread and spread.p50 is not None:
        label_point(
            ax,
            spread.p50,
            0,
            f"median break-even {month(spread.p50)}",
            INK,
            below=False,
            at_edge=False,
        )
    end_labels(
        ax,
        s.months[-1],
        [
            (high[-1], f"P90 {money(high[-1], currency)}", INK),
            (mid[-1], f"median {money(mid[-1], currency)}", BLUE),
            (low[-1], f"P10 {money(low[-1], currency)}", INK),
        ],
    )


# How plan inputs read (plan field names); anything else prints as a plain number.
_MONEY_INPUTS = {
    "price",
    "unit_cost",
    "tooling",
    "rnd",
    "fixed_monthly",
    "selling_cost",
    "services_arpu",
    "marketing",
    "direct_costs",
}
_SHARE_INPUTS = {
    "learning_rate",
    "paying_share",
    "services_margin",
    "retention",
    "retail_margin",
    "distributor_margin",
    "discount_rate",
}
_UNIT_INPUTS = {"launch_volume", "peak_volume", "market_size"}
_SHARE_METRICS = {
    "irr_annual",
    "gross_margin",
    "contribution_margin",
    "fully_loaded_margin",
    "prob_break_even",
}
_MAX_BARS = 8


def _input_value(name: str, value: float, currency: str) -> str:
    if name in _MONEY_INPUTS:
        return money(value, currency)
    if name in _SHARE_INPUTS:
        return percent(value)
    if name in _UNIT_INPUTS:
        return compact(value)
    return f"{value:g}"


def _metric_value(metric: str, value: float | None, currency: str, *, bare: bool = False) -> str:
    """A metric as text; `bare` drops the word "month" where the axis already says it."""
    if metric.endswith("_month"):
        if value is None:
            return "never"
        return month(value).removeprefix("month ") if bare else month(value)
    if value is None:
        return "none"
    return percent(value) if metric in _SHARE_METRICS else money(value, currency)


def tornado_chart(s: Sensitivity, currency: str, metric_label: str) -> Chart:
    show = lambda value: _metric_value(s.metric, value, currency)  # noqa: E731
    if not s.bars:
        title = f"No input was varied for the {metric_label}"
        swings = "no inputs were varied"
    else:
        top = s.bars[0]
        title = f"{_input_label(top.input).capitalize()} moves the {metric_label} most"
        swings = "; ".join(
            f"{_input_label(b.input)} {_input_value(b.input, b.low, currency)} to "
            f"{_input_value(b.input, b.high, currency)} gives {show(b.metric_at_low)} to {show(b.metric_at_high)}"
            for b in s.bars[:_MAX_BARS]
        )
    alt = f"Tornado chart of how far each input moves the {metric_label} from its base of {show(s.base)}: {swings}."
    return render(title, alt, _draw_tornado, s, currency, metric_label)


def _input_label(name: str) -> str:
    return name.replace("_", " ")


def _draw_tornado(fig: Figure, s: Sensitivity, currency: str, metric_label: str) -> None:
    ax = fig.subplots()
    bars = s.bars[:_MAX_BARS]
    values = [s.base, *(v for b in bars for v in (b.metric_at_low, b.metric_at_high))]
    known = [v for v in values if v is not None]
    top, bottom = max(known, default=1.0), min(known, default=0.0)
    if s.metric.endswith("_month"):
        bottom = min(bottom, 0.0)  # months count from launch
    span = (top - bottom) or abs(top) or 1.0
    off_scale = top + 0.2 * span  # where "never" (no answer) sits, past every real value
    centre = off_scale if s.base is None else s.base
    for y, bar in enumerate(bars):
        ends = []
        for value, colour in ((bar.metric_at_low, SKY), (bar.metric_at_high, ORANGE)):
            end = off_scale if value is None else value
            ends.append((end, value))
            ax.barh(
                y,
                end - centre,
                left=centre,
                height=0.6,
                color=colour,
                hatch="//" if value is None else None,
                edgecolor=BACKGROUND,
            )
        if all(end == centre for end, _ in ends):
            ax.annotate(
                "no change",
                xy=(centre, y),
                xytext=(-6, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                color=MUTED,
            )
        for end, value in (min(ends), max(ends)):
            if end != centre:
                left_side = end < centre
                ax.annotate(
                    _metric_value(s.metric, value, currency, bare=True),
                    xy=(end, y),
                    xytext=(-4 if left_side else 4, 0),
                    textcoords="offset points",
                    ha="right" if left_side else "left",
                    va="center",
                )
    ax.set_yticks(range(len(bars)), [_bar_name(b, currency) for b in bars])
    ax.set_ylim(max(len(bars), 4) - 0.5, -0.5)  # largest swing on top; few bars stay slim
    ax.axvline(centre, color=INK, linewidth=1.5)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)

    ax.set_xlim(bottom - 0.25 * span, off_scale + 0.25 * span)  # room for the end labels
    ticks = [
        t
        for t in MaxNLocator(nbins=5, steps=[1, 2, 5, 10]).tick_values(bottom, top)
        if bottom <= t <= top
    ]
    labels = [_metric_value(s.metric, t, currency, bare=True) for t in ticks]
    no_answer = None in values
    if no_answer:
        ticks.append(off_scale)
        labels.append(_metric_value(s.metric, None, currency))
    ax.set_xticks(ticks, labels)
    ax.set_xlabel(f"{metric_label} (base {_metric_value(s.metric, s.base, currency)})")
    if bars:
        handles = [Patch(color=SKY, label="low input"), Patch(color=ORANGE, label="high input")]
        if no_answer:
            handles.append(
                Patch(
                    facecolor=MUTED,
                    edgecolor=BACKGROUND,
                    hatch="//",
                    label=_metric_value(s.metric, None, currency),
                )
            )
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))


def _bar_name(bar: SensitivityBar, currency: str) -> str:
    swing = f"{_input_value(bar.input, bar.low, currency)}–{_input_value(bar.input, bar.high, currency)}"
    return f"{_input_label(bar.input)}\n{swing}"
