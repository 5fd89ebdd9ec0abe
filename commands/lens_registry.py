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
from model.headlines import LENS_INPUTS, REQUIRED

R = TypeVar("R")

# Options every lens takes besides its plan inputs: the display currency, and the seed that
# replays a run with ranges exactly.
EXTRA_OPTIONS = ("currency", "seed")
# Discord takes at most 25 options a command; with scenario: and save_as: a lens may offer 21
# of its inputs. The services lens reads 22: its `volume` (the units fixed costs are spread
# over, else what the demand sells) stays settable through a scenario.
LEFT_TO_SCENARIOS = {"services": ("volume",)}


def offered(model_lens: str) -> tuple[str, ...]:
    """The plan inputs a lens's command offers: what it reads (model.LENS_INPUTS), the inputs
    it needs first, then in FIELDS order."""
    reads = set(LENS_INPUTS[model_lens]) - set(LEFT_TO_SCENARIOS.get(model_lens, ()))
    required = REQUIRED[model_lens]
    return (*required, *(name for name in model.FIELDS if name in reads and name not in required))


@dataclass(frozen=True)
class Lens(Generic[R]):
    name: str  # the slash command's name, and the key every other table uses
    description: str  # the slash command's description
    compute: Callable[[Plan], R]  # the model function: plan -> result
    chart: str  # "module:function" drawing (result, currency, simulation) -> Chart, in a worker
    fields: Callable[[R, str], list[lens_fields.Field]]  # the card's headline figures
    footer: Callable[[R, str], str]  # how to read the card: conventions, basis
    help: str  # its line in /help
    example: str  # a command line /help offers to copy

    @property
    def model_lens(self) -> str:
        """The lens's name in model (LENS_INPUTS, simulate): "critical_mass", ..."""
        return self.compute.__name__

    @property
    def options(self) -> tuple[str, ...]:
        """The plan inputs its slash command offers, in order (each one moves its answer)."""
        return offered(self.model_lens)

    def draw(self, result: R, currency: str, simulation: r.Simulation | None = None) -> Chart:
        """The lens's chart of `result`, with the band of `simulation` when the plan has
        ranges; imports the chart (and matplotlib) on first use."""
        module, function = self.chart.split(":")
        draw: Callable[..., Chart] = getattr(importlib.import_module(module), function)
        return draw(result, currency, simulation)


LENSES: dict[str, Lens[Any]] = {
    lens.name: lens
    for lens in (
        Lens[r.Margins](
            name="margin",
            description="Per-unit margins, markup and break-even: is 'at cost' a loss?",
            compute=model.margins,
            chart="commands._charts:margins_chart",
            fields=lens_fields.margin_fields,
            footer=lens_fields.margin_footer,
            help="Per-unit margins at launch and over the plan, markup, break-even volume; is "
            '"at cost" a loss?',
            example="/margin price:199 unit_cost:185 tooling:2M rnd:5M volume:500k selling_cost:4%",
        ),
        Lens[r.Services](
            name="services",
            description="Hardware at cost, money from services: lifetime value, payback.",
            compute=model.services,
            chart="commands._charts:services_chart",
            fields=lens_fields.services_fields,
            footer=lens_fields.services_footer,
            help="Hardware at cost, money from services: lifetime value and payback.",
            example="/services price:199 unit_cost:205 services_arpu:3 paying_share:30% "
            "retention:97%",
        ),
        Lens[r.CriticalMass](
            name="critical-mass",
            description="Launch at a loss, ramp up, ride the learning curve: break-even and "
            "cash need.",
            compute=model.critical_mass,
            chart="commands._charts:critical_mass_chart",
            fields=lens_fields.critical_mass_fields,
            footer=lens_fields.critical_mass_footer,
            help="Launch at a loss, ramp, learning curve: break-even and the cash need.",
            example="/critical-mass price:199 unit_cost:230 learning_rate:85% tooling:2M",
        ),
        Lens[r.DirectSales](
            name="direct-sales",
            description="What selling online saves against retail channels and ads.",
            compute=model.direct_sales,
            chart="commands._charts:direct_sales_chart",
            fields=lens_fields.direct_sales_fields,
            footer=lens_fields.direct_sales_footer,
            help="What selling online saves against retail channels and ad budgets.",
            example="/direct-sales price:199 unit_cost:185 retail_margin:10% marketing:8%",
        ),
        Lens[r.Growth](
            name="growth",
            description="Bass adoption, ads vs word of mouth: months to critical mass.",
            compute=model.growth,
            chart="commands._charts:growth_chart",
            fields=lens_fields.growth_fields,
            footer=lens_fields.growth_footer,
            help="Bass adoption: ads-driven vs word of mouth, months to critical mass.",
            example="/growth market_size:50M p:0.01 q:0.5",
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
