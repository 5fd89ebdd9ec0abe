"""Every lens, defined once: its command, calculation, chart, card, footer and help line.

Slash commands, worker jobs, cards, /help and /playbook all read this table, so adding a lens
is one entry here plus its `model` function and its chart. A leaf module: it imports `model`
and the card text only, never Discord or matplotlib. A chart is named "module:function" and
imported where it is drawn, in a worker process.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import model
from commands import lens_fields
from commands.outputs import Chart
from model import Plan
from model import results as r

R = TypeVar("R")

# Options whose name differs from the plan input they set.
OPTION_FIELDS = {"months": "horizon_months"}


@dataclass(frozen=True)
class Lens(Generic[R]):
    name: str  # the slash command's name, and the key every other table uses
    description: str  # the slash command's description
    compute: Callable[[Plan], R]  # the model function: plan -> result
    chart: str  # "module:function" drawing (result, currency) -> Chart, in a worker
    fields: Callable[[R, str], list[lens_fields.Field]]  # the card's headline figures
    footer: str  # how to read the card; "" shows the result's own `convention`
    help: str  # its line in /help
    example: str  # a command line /help offers to copy
    options: tuple[str, ...]  # the plan inputs its slash command offers, in order

    def draw(self, result: R, currency: str) -> Chart:
        """The lens's chart of `result`; imports the chart (and matplotlib) on first use."""
        module, function = self.chart.split(":")
        draw: Callable[[R, str], Chart] = getattr(importlib.import_module(module), function)
        return draw(result, currency)

    def inputs(self, typed: dict[str, object]) -> dict[str, object]:
        """Plan inputs from the options a user typed (options left empty are not inputs)."""
        return {OPTION_FIELDS.get(k, k): value for k, value in typed.items() if value is not None}


LENSES: dict[str, Lens[Any]] = {
    lens.name: lens
    for lens in (
        Lens[r.Margins](
            name="margin",
            description="Per-unit margins, markup and break-even: is 'at cost' a loss?",
            compute=model.margins,
            chart="commands._charts:margins_chart",
            fields=lens_fields.margin_fields,
            footer="Margin is a share of price; markup a share of cost (a 25% markup is a 20% "
            "margin).",
            help='Per-unit margins, markup, break-even volume; is "at cost" a loss?',
            example="/margin price:199 unit_cost:185 tooling:2M rnd:5M volume:500k selling_cost:4%",
            options=("price", "unit_cost", "tooling", "rnd", "volume", "selling_cost"),
        ),
        Lens[r.Services](
            name="services",
            description="Hardware at cost, money from services: lifetime value, payback.",
            compute=model.services,
            chart="commands._charts:services_chart",
            fields=lens_fields.services_fields,
            footer="",
            help="Hardware at cost, money from services: lifetime value and payback.",
            example="/services price:199 unit_cost:205 services_arpu:3 paying_share:30% "
            "retention:97%",
            options=(
                "price",
                "unit_cost",
                "services_arpu",
                "paying_share",
                "services_margin",
                "retention",
                "selling_cost",
            ),
        ),
        Lens[r.CriticalMass](
            name="critical-mass",
            description="Launch at a loss, ramp up, ride the learning curve: break-even and "
            "cash hole.",
            compute=model.critical_mass,
            chart="commands._charts:critical_mass_chart",
            fields=lens_fields.critical_mass_fields,
            footer="Unit-form learning curve: each doubling of cumulative volume multiplies "
            "unit cost by the learning rate. NPV at the plan's discount rate; IRR annualised.",
            help="Launch at a loss, ramp, learning curve: break-even and the cash hole.",
            example="/critical-mass price:199 unit_cost:230 learning_rate:85% tooling:2M",
            options=(
                "price",
                "unit_cost",
                "learning_rate",
                "launch_volume",
                "peak_volume",
                "ramp_months",
                "fixed_monthly",
                "tooling",
                "rnd",
                "services_arpu",
                "paying_share",
                "horizon_months",
            ),
        ),
        Lens[r.DirectSales](
            name="direct-sales",
            description="What selling online saves against retail channels and ads.",
            compute=model.direct_sales,
            chart="commands._charts:direct_sales_chart",
            fields=lens_fields.direct_sales_fields,
            footer="Channel layers keep a share of the shelf price; direct keeps the same "
            "maker margin and passes the saving on as a lower price.",
            help="What selling online saves against retail channels and ad budgets.",
            example="/direct-sales price:199 unit_cost:185 retail_margin:10% marketing:8%",
            options=(
                "price",
                "unit_cost",
                "retail_margin",
                "distributor_margin",
                "marketing",
                "direct_costs",
                "volume",
            ),
        ),
        Lens[r.Growth](
            name="growth",
            description="Bass adoption, ads vs word of mouth: months to critical mass.",
            compute=model.growth,
            chart="commands._charts:growth_chart",
            fields=lens_fields.growth_fields,
            footer="Bass diffusion with p (ads) and q (word of mouth) per year.",
            help="Bass adoption: ads-driven vs word of mouth, months to critical mass.",
            example="/growth market_size:50M p:0.01 q:0.5",
            options=("market_size", "p", "q", "months", "critical_share"),
        ),
    )
}


def lens_computed_by(function_name: str) -> Lens[Any]:
    """The lens whose calculation is `model.<function_name>` (how model.PLAYBOOK names them)."""
    for lens in LENSES.values():
        if lens.compute.__name__ == function_name:
            return lens
    raise KeyError(f"no lens computes with model.{function_name}")


def lens_for(plan: Plan) -> Lens[Any]:
    """The lens that shows a saved plan best: its cash story, or its adoption if that is all."""
    if plan.price is None and plan.unit_cost is None and plan.market_size is not None:
        return LENSES["growth"]
    return LENSES["critical-mass"]
