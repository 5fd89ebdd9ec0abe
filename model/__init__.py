"""The calculation module: plans and their lenses. Pure numpy: no Discord, no database."""

from model.errors import PlanError
from model.lenses import critical_mass, direct_sales, growth, margins, services
from model.parse import parse_input
from model.plan import FIELDS, FieldInfo, Plan
from model.playbook import PLAYBOOK
from model.uncertainty import SENSITIVITY_METRICS, sensitivity, simulate
from model.values import Cost, Range, Retention

__all__ = [
    "FIELDS",
    "PLAYBOOK",
    "SENSITIVITY_METRICS",
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
    "sensitivity",
    "services",
    "simulate",
]
