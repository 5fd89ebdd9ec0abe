"""The house style every chart shares: size, type, palette, number formats and PNG output.

Discord shows an embed image at most about 400 x 300 px, scaled down from the PNG. Charts are
800 x 600 px (5 x 3.75 in at 160 dpi) so they fill that box at half size: 11 pt text is 24 px
in the PNG and about 12 px on screen. The background is opaque white so the same image reads
on Discord's dark and light themes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from functools import cache
from io import BytesIO
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from commands.outputs import Chart
from model.format import money
from model.results import Simulation

FIGURE_INCHES = (5.0, 3.75)
DPI = 160
PIXELS = (800, 600)  # width, height of every PNG
_PAD = 10  # pixels between the edge, the title, labels and panels

# Okabe-Ito colours: told apart with every common colour-vision deficiency.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
PURPLE = "#CC79A7"
INK = "#1F2328"
MUTED = "#57606A"
GRID = "#D0D7DE"
BACKGROUND = "#FFFFFF"

PROFIT = BLUE
LOSS = VERMILLION  # the colour-blind-safe red
SERIES = (BLUE, ORANGE, GREEN, PURPLE)  # one per overlaid line, in order
LINESTYLES = ("-", "--", "-.", ":")  # lines differ in dash as well as colour

_RC: dict[Any, Any] = {  # matplotlib types its keys as one Literal of every rc name
    "figure.facecolor": BACKGROUND,
    "axes.facecolor": BACKGROUND,
    "savefig.facecolor": BACKGROUND,
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "figure.titlesize": 13,
    "figure.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10.5,
    "ytick.labelsize": 10.5,
    "legend.fontsize": 10.5,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "lines.linewidth": 2.5,
    "legend.frameon": False,
    "text.parse_math": False,  # "$12 to $40" is money, not mathtext
    "text.hinting": "no_hinting",  # at 24 px glyphs look the same, and text draws faster
}


def render(title: str, alt_text: str, draw: Callable[..., None], *args: object) -> Chart:
    """Draw a fresh Figure in the house style with `draw(fig, *args)` and return it as a PNG.

    The style applies only inside this call (matplotlib's rc_context, restored on return) and
    the figure is never registered with pyplot, so calls are independent and safe in worker
    processes. rc_context is process-wide: render one chart at a time per process, not from
    several threads at once.
    """
    with mpl.rc_context(_RC):
        fig = Figure(figsize=FIGURE_INCHES, dpi=DPI)
        canvas = FigureCanvasAgg(fig)  # Agg for this figure only; no global backend switch
        draw(fig, *args)
        renderer = canvas.get_renderer()
        heading = fig.suptitle(title, x=_PAD / PIXELS[0], y=1 - _PAD / PIXELS[1], ha="left")
        if heading.get_window_extent(renderer).width > PIXELS[0] - 2 * _PAD:
            heading.set_text(_two_lines(title))
        _arrange(fig, renderer, heading)
        canvas.draw()
    buffer = BytesIO()
    # Opaque, so RGB; light compression keeps encoding fast and the file well under 250 KB.
    rgba = Image.frombuffer("RGBA", PIXELS, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    rgba.convert("RGB").save(buffer, format="png", compress_level=1)
    return Chart(png=buffer.getvalue(), alt_text=alt_text, title=title)


def _arrange(fig: Figure, renderer: RendererAgg, heading: Text) -> None:
    """Fit the panels between the title, the axis labels and a legend under the chart.

    Measures only the axes' tick labels, axis labels and titles, once: constrained layout
    measures every artist several times and cost a third of the render time.
    """
    width, height = PIXELS
    panels = [ax for ax in fig.axes if ax.axison]
    specs = {ax: spec for ax in panels if (spec := ax.get_subplotspec()) is not None}
    rows, columns = specs[panels[0]].get_gridspec().get_geometry()
    # Each measurement lays out ticks and text: take each once per panel.
    frame = cache(lambda ax: ax.get_window_extent(renderer))
    x_axis = cache(lambda ax: ax.xaxis.get_tightbbox(renderer))
    y_axis = cache(lambda ax: ax.yaxis.get_tightbbox(renderer))

    def below(ax: Axes) -> float:  # x axis: ticks, tick labels and label under the panel
        box = x_axis(ax)
        return frame(ax).y0 - box.y0 if box else 0.0

    def overhang(ax: Axes) -> float:  # the last x tick label, centred on the right edge
        box = x_axis(ax)
        return max(box.x1 - frame(ax).x1, 0.0) if box else 0.0

    def beside(ax: Axes) -> float:  # y axis: ticks, tick labels and label left of the panel
        box = y_axis(ax)
        return frame(ax).x0 - box.x0 if box else 0.0

    def above(ax: Axes) -> float:  # a panel_title
        title = ax.title
        if not title.get_text():
            return 0.0
        return title.get_window_extent(renderer).y1 - frame(ax).y1

    right = max((overhang(ax) for ax in panels if specs[ax].is_last_col()), default=0.0)
    first_row = [ax for ax in panels if specs[ax].is_first_row()]
    last_row = [ax for ax in panels if specs[ax].is_last_row()]
    left = max(beside(ax) for ax in panels if specs[ax].is_first_col())
    bottom = max(below(ax) for ax in last_row) + _PAD
    bottom += sum(legend.get_window_extent(renderer).height + _PAD for legend in fig.legends)
    top = height - heading.get_window_extent(renderer).y0 + _PAD + max(map(above, first_row))
    between = max(
        (
            below(upper) + above(lower) + _PAD
            for upper, lower in zip(panels, panels[columns:], strict=False)
        ),
        default=0.0,
    )  # between stacked panels: the upper one's x axis, the lower one's title
    panel_height = (height - top - bottom - between * (rows - 1)) / rows
    fig.subplots_adjust(
        left=(left + _PAD) / width,
        right=1 - (right + _PAD) / width,
        bottom=bottom / height,
        top=1 - top / height,
        hspace=between / panel_height,
        wspace=0.08,
    )


def _two_lines(text: str) -> str:
    """Wrap a title into two lines of about equal length."""
    for width in range(len(text) // 2, len(text)):
        lines = textwrap.wrap(text, width)
        if len(lines) <= 2:
            return "\n".join(lines)
    return text


def money_axis(ax: Axes, currency: str, label: str) -> None:
    """Money ticks on y that read like the embed (`$1.2M`), the currency code in the label."""
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: money(value, currency)))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))  # ticks money() prints
    ax.set_ylabel(f"{label} ({currency.upper()})")


def month_axis(ax: Axes, months: np.ndarray, label: str = "Month") -> None:
    """Whole months along x, from the first to the last month shown."""
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.set_xlim(months[0], months[-1])
    ax.set_xlabel(label)


def mark_month(ax: Axes, x: float, text: str, color: str = INK) -> None:
    """A dashed vertical line at month `x`, labelled at the top of the axes."""
    ax.axvline(x, color=color, linestyle="--", linewidth=1.5, zorder=1)
    left, right = ax.get_xlim()
    side = "right" if x > (left + right) / 2 else "left"  # the label runs toward the middle
    ax.annotate(
        text,
        xy=(x, 1),
        xycoords=("data", "axes fraction"),
        xytext=(-3 if side == "right" else 3, -2),
        textcoords="offset points",
        ha=side,
        va="top",
        color=color,
        bbox=LABEL_BOX,
    )


def legend_below(fig: Figure, **options: object) -> None:
    """A legend under the chart, across its width; `render` makes room for it."""
    fig.legend(loc="lower left", bbox_to_anchor=(_PAD / PIXELS[0], _PAD / PIXELS[1]), **options)


def panel_title(ax: Axes, text: str, color: str = MUTED) -> None:
    """A small heading over one panel: what the panel shows or a caveat about it."""
    ax.set_title(text, x=0, ha="left", fontsize=10.5, color=color)  # ax.title: measurable


def label_point(
    ax: Axes, x: float, y: float, text: str, color: str, *, below: bool, at_edge: bool = True
) -> None:
    """A dot with its value written just above or below it; `at_edge` makes room for the text
    when the dot is the highest or lowest point."""
    ax.plot([x], [y], "o", color=color, zorder=3, clip_on=False)
    if at_edge:
        low, high = ax.get_ylim()
        room = 0.25 * (high - low)
        ax.set_ylim(low - room, high) if below else ax.set_ylim(low, high + room)
    side = _side(ax, x, "center")
    ax.annotate(
        text,
        xy=(x, y),
        xytext=({"left": 4, "right": -4}.get(side, 0), -9 if below else 9),
        textcoords="offset points",
        ha=side,
        va="top" if below else "bottom",
        color=color,
        bbox=LABEL_BOX,
    )


def end_labels(ax: Axes, x: float, labelled: list[tuple[float, str, str]]) -> None:
    """Name lines at their right end (value, text, colour): the top line's name above it, the
    bottom line's below it, any between above unless the line above is too close."""
    low, high = ax.get_ylim()
    ordered = sorted(labelled, key=lambda item: item[0], reverse=True)
    for rank, (y, text, color) in enumerate(ordered):
        if rank == 0:
            above = True
        elif rank == len(ordered) - 1:
            above = False
        else:
            above = ordered[rank - 1][0] - y > 0.2 * (high - low)
        ax.annotate(
            text,
            xy=(x, y),
            xytext=(-4, 5 if above else -5),
            textcoords="offset points",
            ha="right",
            va="bottom" if above else "top",
            color=color,
            bbox=LABEL_BOX,
        )


def marker_for(points: int) -> str | None:
    """Dots on lines too short to see as lines (a one-month horizon)."""
    return "o" if points <= 3 else None


def profit_loss_line(
    ax: Axes, x: np.ndarray, y: np.ndarray, color: str = INK, *, shade: bool = True
) -> None:
    """A line with the area above zero shaded as profit and below zero as loss (`shade`
    False when a band already fills the area)."""
    ax.axhline(0, color=MUTED, linewidth=1)
    if shade:
        ax.fill_between(x, y, 0, where=y >= 0, interpolate=True, color=PROFIT, alpha=0.25, lw=0)
        ax.fill_between(x, y, 0, where=y <= 0, interpolate=True, color=LOSS, alpha=0.25, lw=0)
    ax.plot(x, y, color=color, marker=marker_for(len(x)), clip_on=False)


def _side(ax: Axes, x: float, middle: str) -> str:
    """Text alignment that keeps a label at data `x` inside the axes."""
    left, right = ax.get_xlim()
    share = (x - left) / (right - left)
    return "left" if share < 0.25 else "right" if share > 0.75 else middle


LABEL_BOX = {
    "boxstyle": "round,pad=0.2",
    "facecolor": BACKGROUND,
    "edgecolor": "none",
    "alpha": 0.85,
}


def clipped(name: str, limit: int = 24) -> str:
    """User-given names shortened to fit a legend or a title."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def series_style(index: int) -> dict[str, Any]:
    return {"color": SERIES[index % len(SERIES)], "linestyle": LINESTYLES[index % len(LINESTYLES)]}


def band_of(ax: Axes, sim: Simulation, color: str = SKY) -> None:
    """The P10-P90 band of a Monte Carlo run behind a lens's own line, its median dotted;
    legend entries name the draws and the seed that replays them."""
    band = sim.band
    if band is None:
        return
    ax.fill_between(band.months, band.p10, band.p90, color=color, alpha=0.5, lw=0,
                    label=f"P10–P90 of {sim.draws:,} draws (seed {sim.seed})")  # fmt: skip
    ax.plot(band.months, band.p50, color=INK, linestyle=":", linewidth=1.5, label="P50")


def midpoint_title(title: str, sim: Simulation | None) -> str:
    """A lens's finding; with ranges it is the midpoint plan's, and the band shows the spread."""
    return title if sim is None else f"{title} at the midpoints"
