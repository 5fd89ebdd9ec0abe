"""Charts for every lens: PNGs a team can read inside the Discord message.

Each function takes a lens result (model.results) and returns a `Chart`: an 800 x 600 PNG,
a one-sentence alt text for `discord.File(description=...)`, and a title stating the finding
for the embed. They are plain synchronous top-level functions, meant for worker processes:
each builds a fresh `matplotlib.figure.Figure` drawn by Agg and never imports pyplot.
One module per chart; the house style (size, type, palette, layout) is in `style`.
"""

from commands._charts.compare import compare_chart
from commands._charts.critical_mass import critical_mass_chart
from commands._charts.direct_sales import direct_sales_chart
from commands._charts.growth import growth_chart
from commands._charts.margins import margins_chart
from commands._charts.services import services_chart
from commands._charts.tornado import tornado_chart
from commands.outputs import Chart

__all__ = [
    "Chart",
    "compare_chart",
    "critical_mass_chart",
    "direct_sales_chart",
    "growth_chart",
    "margins_chart",
    "services_chart",
    "tornado_chart",
]
