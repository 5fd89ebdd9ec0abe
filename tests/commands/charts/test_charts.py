"""Every chart: a valid 800 x 600 PNG under 250 KB, a title and alt text that state the
finding of the result it was given, and no crash or warning on extreme inputs."""

import io
import multiprocessing
import re
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor

import pytest
from PIL import Image

import model
from commands import _charts as charts
from commands._charts.style import PIXELS
from model import Cost
from model.format import money, month, percent
from tests.commands.charts import samples
from tests.commands.charts.samples import phone


def check_png(chart: charts.Chart) -> None:
    assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(chart.png) < 250 * 1024
    with Image.open(io.BytesIO(chart.png)) as image:
        image.verify()
    with Image.open(io.BytesIO(chart.png)) as image:
        assert image.size == PIXELS
        assert image.mode == "RGB"  # opaque on both Discord themes


def check_text(chart: charts.Chart) -> None:
    for text in (chart.title, chart.alt_text):
        assert text and text == text.strip()
        assert not re.search(r"\b(nan|inf)\b", text, re.IGNORECASE)
    assert len(chart.alt_text) <= 1024
    assert chart.alt_text.endswith(".") and chart.alt_text.count(". ") == 0  # one sentence


def render_quietly(make):
    """Render with every warning (matplotlib's included) raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = make()
    check_png(chart)
    check_text(chart)
    return chart


# ---- titles and alt text follow the result (realistic plans through the real lenses) --------


def test_critical_mass_states_break_even_and_cash_need():
    r = model.critical_mass(phone())
    chart = render_quietly(lambda: charts.critical_mass_chart(r, "USD"))
    assert chart.title == f"Breaks even in {month(r.break_even_month)}; needs {money(r.cash_need)}"
    assert r.cash_need > 0  # a need is a positive amount, shown without a minus sign
    assert month(r.cash_need_month) in chart.alt_text
    assert month(r.unit_margin_positive_month) in chart.alt_text


def test_critical_mass_that_never_breaks_even_says_so_in_words():
    r = model.critical_mass(phone(price=120, learning_rate=0.99, currency="EUR"))
    assert r.break_even_month is None
    chart = render_quietly(lambda: charts.critical_mass_chart(r, "EUR"))
    assert chart.title == f"Never breaks even within 36 months; needs {money(r.cash_need, 'EUR')}"
    assert money(r.cash_need, "EUR") in chart.alt_text and "-€" not in chart.alt_text


def test_margins_loss_and_profit():
    loss = model.margins(phone(learning_rate=0.99))  # a flat curve: a loss over the plan
    chart = render_quietly(lambda: charts.margins_chart(loss, "USD"))
    result = loss.over_plan.fully_loaded_per_unit
    before_fixed = result + loss.fixed_per_unit
    assert chart.title == (
        f"Loses {money(-result)} per unit over the plan, {money(-before_fixed)} before fixed costs"
    )
    assert f"marketing {money(loss.marketing_per_unit)}" in chart.alt_text  # its own step
    assert f"unit cost over the plan {money(loss.over_plan.unit_cost)}" in chart.alt_text
    assert f"launch unit cost {money(loss.at_launch.unit_cost)}" in chart.alt_text
    profit = model.margins(phone(price=299, marketing=Cost(0, "per_month")))
    chart = render_quietly(lambda: charts.margins_chart(profit, "USD"))
    made = money(profit.over_plan.fully_loaded_per_unit)
    assert chart.title == f"Makes {made} per unit over the plan after all costs"
    assert "marketing" not in chart.alt_text


def test_services_payback_and_never():
    r = model.services(phone(learning_rate=0.99))
    chart = render_quietly(lambda: charts.services_chart(r, "USD"))
    assert chart.title == f"Hardware loss repaid by {month(r.payback_month)}"
    assert money(-r.hardware_margin) in chart.alt_text
    assert "discounted at 10%/yr" in chart.alt_text
    never = model.services(phone(learning_rate=0.99, services_arpu=1))
    assert never.payback_month is None
    chart = render_quietly(lambda: charts.services_chart(never, "USD"))
    shortfall = money(-never.cumulative_profit[-1])
    assert chart.title == f"Still {shortfall} short of payback by month 36"


def test_direct_sales_labels_the_saving_and_a_sale_below_cost():
    r = model.direct_sales(phone(learning_rate=0.99))
    assert r.retail_breakdown["maker margin"] < 0  # the phone sells below cost
    chart = render_quietly(lambda: charts.direct_sales_chart(r, "USD"))
    cut = r.shelf_price_retail - r.shelf_price_direct
    share = percent(cut / r.shelf_price_retail)
    assert chart.title == f"Direct can sell for {money(cut)} ({share}) less"
    assert money(r.saving_total) in chart.alt_text
    assert f"maker margin {money(r.retail_breakdown['maker margin'])}" in chart.alt_text
    costlier = samples.direct_sales(marketing=0, direct_costs=60)
    chart = render_quietly(lambda: charts.direct_sales_chart(costlier, "USD"))
    assert chart.title.startswith("Selling direct costs")


def test_growth_reports_the_plans_own_curve():
    r = model.growth(phone(market_size=2e6, horizon_months=60))
    plan = r.curves[0]
    chart = render_quietly(lambda: charts.growth_chart(r))
    assert (
        chart.title
        == f"Reaches {percent(r.critical_share)} critical mass in {month(plan.months_to_critical)}"
    )
    for curve in r.curves:
        assert curve.label in chart.alt_text
    past = model.growth(phone(market_size=2e6))  # the plan gets there after month 36
    assert past.curves[0].months_to_critical is None
    assert past.curves[0].months_to_critical_unlimited > 36
    past_chart = render_quietly(lambda: charts.growth_chart(past))
    assert past_chart.title == "Short of 16% critical mass within 36 months"  # no month 37.4
    assert "does not reach it within 36 months" in past_chart.alt_text
    short = samples.growth(critical_share=0.9)
    chart = render_quietly(lambda: charts.growth_chart(short))
    assert chart.title == "Short of 90% critical mass within 36 months"


def test_compare_names_the_first_to_break_even():
    named = [
        ("slow", model.critical_mass(phone(ramp_months=36))),
        ("fast", model.critical_mass(phone())),
    ]
    chart = render_quietly(lambda: charts.compare_chart(named, "USD"))
    fast = named[1][1]
    assert chart.title == f"“fast” breaks even first, in {month(fast.break_even_month)}"
    assert "slow" in chart.alt_text and "fast" in chart.alt_text


LENS_CHARTS = {
    "margins": charts.margins_chart,
    "services": charts.services_chart,
    "critical_mass": charts.critical_mass_chart,
    "growth": charts.growth_chart,
}


@pytest.mark.parametrize("lens", LENS_CHARTS)
def test_a_range_draws_its_band_on_the_lenss_own_chart(lens):
    sim = samples.simulation(lens)
    plan = phone(price=200, learning_rate=0.85)
    if lens == "growth":
        plan = plan.replace(market_size=2e6, p=0.03)
    result = getattr(model, lens)(plan)  # the midpoints of the run's ranges
    chart = render_quietly(lambda: LENS_CHARTS[lens](result, "USD", sim))
    plain = LENS_CHARTS[lens](result, "USD")
    assert chart.title == f"{plain.title} at the midpoints"
    assert f"{sim.draws:,} draws (seed {sim.seed})" in chart.alt_text
    assert "P10" in chart.alt_text and "P90" in chart.alt_text


def test_tornado_names_the_input_that_moves_the_metric_most():
    s = samples.sensitivity()
    chart = render_quietly(lambda: charts.tornado_chart(s, "USD"))
    assert chart.title == "Unit cost moves the break-even month most"
    assert "month 6.1 to never" in chart.alt_text  # None reads as "never" for months
    assert "Unit cost $200/unit to $260/unit" in chart.alt_text  # inputs in their units


def test_tornado_shows_shares_as_shares_and_money_per_unit_as_money():
    s = samples.sensitivity(
        metric="npv",
        plan=phone(selling_cost=Cost(0.03, "share"), marketing=Cost(0.8, "per_unit")),
        base=1e6,
        bars=(("selling_cost", 0.024, 0.036, 2e6, 5e5), ("marketing", 0.64, 0.96, 1.5e6, 8e5)),
    )
    alt = render_quietly(lambda: charts.tornado_chart(s, "USD")).alt_text
    assert "Selling cost 2.4% to 3.6%" in alt  # a share of price, not "$0.024"
    assert "Marketing $0.64/unit to $0.96/unit" in alt  # money per unit, not "64%"
    assert "NPV over the horizon" in alt and "$2M" in alt


# ---- extreme inputs ---------------------------------------------------------------------

EXTREMES = {
    **{
        f"{lens.__name__}, {size} plan": (
            lambda lens=lens, plan=plan: getattr(charts, f"{lens.__name__}_chart")(
                lens(plan), "EUR"
            )
        )
        for lens in (model.margins, model.services, model.critical_mass, model.direct_sales)
        for size, plan in (("tiny", samples.TINY), ("huge", samples.HUGE))
    },
    "critical mass, one-month plan": lambda: charts.critical_mass_chart(
        model.critical_mass(phone(horizon_months=1)), "USD"
    ),
    "services, one-month plan": lambda: charts.services_chart(
        model.services(phone(horizon_months=1)), "USD"
    ),
    "growth, one-month plan": lambda: charts.growth_chart(
        model.growth(phone(market_size=2e6, horizon_months=1))
    ),
    "critical mass, huge": lambda: charts.critical_mass_chart(
        samples.critical_mass(scale=1e6), "JPY"
    ),
    "critical mass, tiny": lambda: charts.critical_mass_chart(
        samples.critical_mass(scale=1e-6), "CHF"
    ),
    "critical mass, all zero": lambda: charts.critical_mass_chart(
        samples.critical_mass(scale=0.0), "USD"
    ),
    "margins, all zero": lambda: charts.margins_chart(
        samples.margins(price=0, unit_cost=0, selling_cost=0, fixed_costs=0, volume=0), "USD"
    ),
    "margins, huge": lambda: charts.margins_chart(
        samples.margins(price=2e9, unit_cost=1.5e9, fixed_costs=1e12, volume=1e3), "INR"
    ),
    "services, all zero": lambda: charts.services_chart(
        samples.services(hardware_margin=0, arpu=0), "USD"
    ),
    "direct sales, tiny": lambda: charts.direct_sales_chart(
        samples.direct_sales(scale=1e-5), "USD"
    ),
    "direct sales, all zero": lambda: charts.direct_sales_chart(
        samples.direct_sales(scale=0.0), "USD"
    ),
    "compare, four with mixed horizons and long names": lambda: charts.compare_chart(
        [
            ("x" * 200, samples.critical_mass(horizon=1)),
            ("never", samples.critical_mass(price=100)),
            ("long", samples.critical_mass(horizon=240)),
            ("huge", samples.critical_mass(scale=1e6)),
        ],
        "USD",
    ),
    "band, one month": lambda: charts.critical_mass_chart(
        model.critical_mass(phone(horizon_months=1)), "USD", samples.simulation(horizon=1)
    ),
    "band, all zero": lambda: charts.critical_mass_chart(
        samples.critical_mass(scale=0.0), "USD", samples.flat_band(samples.simulation())
    ),
    "tornado, no base and no answers": lambda: charts.tornado_chart(
        samples.sensitivity(
            base=None, bars=(("price", 179, 219, None, 30.0), ("tooling", 1e6, 3e6, None, None))
        ),
        "USD",
    ),
    "tornado, nothing varied": lambda: charts.tornado_chart(
        samples.sensitivity(metric="npv", bars=()), "USD"
    ),
}


@pytest.mark.parametrize("make", EXTREMES.values(), ids=EXTREMES.keys())
def test_extreme_inputs_render_cleanly(make):
    render_quietly(make)


def test_all_zero_cash_is_not_called_positive():
    chart = charts.critical_mass_chart(samples.critical_mass(scale=0.0), "USD")
    assert chart.title == "Cash stays at $0"


def test_long_scenario_names_are_clipped_in_title_and_alt_text():
    named = [(f"{i} " + "very long name " * 20, samples.critical_mass()) for i in range(4)]
    chart = charts.compare_chart(named, "USD")
    assert len(chart.title) < 80
    assert len(chart.alt_text) <= 1024


# ---- worker processes ------------------------------------------------------------------


def pyplot_imported() -> bool:
    return "matplotlib.pyplot" in sys.modules


def test_charts_render_in_a_worker_process_without_pyplot():
    """As the bot runs them: submitted to a fresh forkserver worker, arguments pickled."""
    context = multiprocessing.get_context("forkserver")
    result = model.critical_mass(phone())
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        chart = pool.submit(charts.critical_mass_chart, result, "USD").result(timeout=60)
        assert not pool.submit(pyplot_imported).result(timeout=60)
    check_png(chart)
    assert chart == charts.critical_mass_chart(result, "USD")  # same bytes here and there


def test_style_does_not_leak_into_global_matplotlib_settings():
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    charts.services_chart(samples.services(), "USD")
    assert dict(mpl.rcParams) == before
