"""The calculation module: plans and their lenses. Pure numpy: no Discord, no database."""

from model.errors import PlanError
from model.lenses import critical_mass, direct_sales, growth, margins, services
from model.parse import parse_input
from model.plan import FIELDS, FieldInfo, Plan
from model.values import Cost, Range, Retention

__all__ = [
    "FIELDS",
    "Cost",
    "FieldInfo",
    "Plan",
    "PlanError",
    "Range",
    "Retention",
    "critical_mass",
    "direct_sales",
    "growth",
    "margins",
    "parse_input",
    "services",
]
