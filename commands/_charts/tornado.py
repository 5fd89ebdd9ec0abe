"""Sensitivity: a tornado of how far each input's low-to-high swing moves one figure."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from commands._charts.style import BACKGROUND, INK, MUTED, ORANGE, SKY, Chart, legend_below, render
from commands.lens_fields import input_value
from model.fields import FIELDS
from model.format import by_unit, compact, money, month, percent
from model.results import Sensitivity, SensitivityBar

_MAX_BARS = 8  # more rows would not read at Discord's size


def tornado_chart(s: Sensitivity, currency: str) -> Chart:
    """Each input's swing in its own unit, the figure in its unit and basis (`s.label`)."""

    def show(value: float | None) -> str:
        return _metric_value(s, value, currency)

    if s.bars:
        title = f"{_input_label(s.bars[0].input)} moves the {s.label} most"
        swings = "; ".join(
            f"{_input_label(b.input)} {_swing(b, currency, ' to ')} gives "
            f"{show(b.metric_at_low)} to {show(b.metric_at_high)}"
            for b in s.bars[:_MAX_BARS]
        )
    else:
        title = f"No input moves the {s.label}"
        swings = "no inputs were varied"
    alt = (
        f"Tornado chart of how far each input moves the {s.label} ({s.basis}) from its base of "
        f"{show(s.base)}: {swings}."
    )
    return render(title, alt, _draw, s, currency)


def _input_label(name: str) -> str:
    field = FIELDS.get(name)
    return field.label if field else name.replace("_", " ")


def _swing(bar: SensitivityBar, currency: str, between: str) -> str:
    low, high = (input_value(v, bar.input_unit, currency) for v in (bar.low, bar.high))
    return f"{low}{between}{high}"


_UNIT_AFTER = {"money per unit": "/unit", "money per month": "/month", "units": " units",
               "months": " months", "per year": " a year"}  # fmt: skip


def _short_swing(bar: SensitivityBar, currency: str) -> str:
    """An input's swing with its unit said once, to fit beside a bar: `$159–$239/unit`."""
    unit = bar.input_unit
    if unit in ("money", "money per unit", "money per month"):
        ends = [money(v, currency) for v in (bar.low, bar.high)]
    elif unit == "share":
        ends = [percent(v) for v in (bar.low, bar.high)]
    else:
        ends = [compact(v) if unit == "units" else f"{v:.3g}" for v in (bar.low, bar.high)]
    return "–".join(ends) + _UNIT_AFTER.get(unit, "")


def _metric_value(s: Sensitivity, value: float | None, currency: str, *, bare: bool = False) -> str:
    """The metric as text in its unit; None is "never" for a month, else "none". `bare` drops
    the word "month" where the axis label already says it."""
    if value is None:
        return "never" if s.unit == "months" else "none"
    if s.unit == "months" and bare:
        return month(value).removeprefix("month ")
    return by_unit(value, s.unit, currency)


def _position(end: tuple[float, float | None]) -> float:
    return end[0]


def _draw(fig: Figure, s: Sensitivity, currency: str) -> None:
    ax = fig.subplots()
    bars = s.bars[:_MAX_BARS]
    values = [s.base, *(v for b in bars for v in (b.metric_at_low, b.metric_at_high))]
    known = [v for v in values if v is not None]
    top, bottom = max(known, default=1.0), min(known, default=0.0)
    if s.unit == "months":
        bottom = min(bottom, 0.0)  # months count from launch
    span = (top - bottom) or abs(top) or 1.0
    off_scale = top + 0.2 * span  # where "never" (no answer) sits, past every real value
    centre = off_scale if s.base is None else s.base

    ends = {}  # side -> (position, value) per bar: where each bar ends, None meaning no answer
    for side, colour in (("low", SKY), ("high", ORANGE)):
        values_on_side = [getattr(b, f"metric_at_{side}") for b in bars]
        ends[side] = [(off_scale if v is None else v, v) for v in values_on_side]
        widths = [end - centre for end, _ in ends[side]]
        drawn = ax.barh(range(len(bars)), widths, left=centre, height=0.6, color=colour,
                        edgecolor=BACKGROUND)  # fmt: skip
        for patch, (_, value) in zip(drawn, ends[side], strict=True):
            if value is None:
                patch.set_hatch("//")  # white stripes: no answer at this end
    for y, pair in enumerate(zip(ends["low"], ends["high"], strict=True)):
        for end, value in {min(pair, key=_position), max(pair, key=_position)}:
            if end != centre:
                left_side = end < centre
                ax.annotate(
                    _metric_value(s, value, currency, bare=True),
                    xy=(end, y),
                    xytext=(-4 if left_side else 4, 0),
                    textcoords="offset points",
                    ha="right" if left_side else "left",
                    va="center",
                )
        if all(end == centre for end, _ in pair):
            ax.annotate("no change", xy=(centre, y), xytext=(-6, 0), textcoords="offset points",
                        ha="right", va="center", color=MUTED)  # fmt: skip

    names = [f"{_input_label(b.input)}\n{_short_swing(b, currency)}" for b in bars]
    ax.set_yticks(range(len(bars)), names)
    ax.set_ylim(max(len(bars), 4) - 0.5, -0.5)  # largest swing on top; few bars stay slim
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.axvline(centre, color=INK, linewidth=1.5)
    ax.set_xlim(bottom - 0.4 * span, off_scale + 0.25 * span)  # room for the end labels
    locator = MaxNLocator(nbins=4, steps=[1, 2, 5, 10])
    ticks = [t for t in locator.tick_values(bottom, top) if bottom <= t <= top]
    labels = [_metric_value(s, t, currency, bare=True) for t in ticks]
    no_answer = None in values
    if no_answer:
        ticks.append(off_scale)
        labels.append(_metric_value(s, None, currency))
    ax.set_xticks(ticks, labels)
    ax.set_xlabel(f"{s.label} (base {_metric_value(s, s.base, currency)})")
    if bars:
        handles = [Patch(color=SKY, label="low input"), Patch(color=ORANGE, label="high input")]
        if no_answer:
            handles.append(
                Patch(facecolor=MUTED, edgecolor=BACKGROUND, hatch="//", label=labels[-1])
            )
        legend_below(fig, handles=handles, ncols=len(handles))
