"""The calculation module: plans and their lenses. Pure numpy: no Discord, no database."""

from model.errors import AmbiguousNumber, PlanError
from model.fields import FIELDS, FieldInfo
from model.lenses import critical_mass, direct_sales, growth, margins, services
from model.parse import Reading, agreed_currency, describe_input, parse_input, read_input
from model.plan import Plan
from model.playbook import PLAYBOOK
from model.uncertainty import SENSITIVITY_METRICS, sensitivity, simulate
from model.values import Cost, Range, Retention

__all__ = [
    "FIELDS",
    "PLAYBOOK",
    "SENSITIVITY_METRICS",
    "AmbiguousNumber",
    "Cost",
    "FieldInfo",
    "Plan",
    "PlanError",
    "Range",
    "Reading",
    "Retention",
    "agreed_currency",
    "critical_mass",
    "describe_input",
    "direct_sales",
    "growth",
    "margins",
    "parse_input",
    "read_input",
    "sensitivity",
    "services",
    "simulate",
]
