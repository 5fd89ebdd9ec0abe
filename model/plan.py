"""The plan: every input of a product plan in one immutable, validated value.

Money is in the plan's currency, time in months, shares are fractions (0.15 = 15%).
Each input is described once in `model.fields.FIELDS`; a Plan checks itself against it.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any

from model.diffusion import bass_adopted_share
from model.errors import PlanError
from model.fields import CURRENCY_SYMBOLS, FIELDS, Bounds, FieldInfo
from model.values import Amount, Cost, Range, Retention, _is_number, amount_of

# Version of Plan.to_json; bump it and upgrade old versions in Plan.from_json.
# 2: reference_volume (schema 1 anchored the learning curve on the launch batch).
SCHEMA = 2


@dataclass(frozen=True, kw_only=True)
class Plan:
    """Every input of one product plan (SPEC §2), validated on creation.

    Plain numbers given for the two-meaning inputs take their usual basis: selling_cost
    and direct_costs per unit, marketing per month, retention a monthly share.
    Any numeric input except horizon_months may be a `Range`; lenses use its midpoint.
    """

    price: float | Range | None = FIELDS["price"].default
    unit_cost: float | Range | None = FIELDS["unit_cost"].default
    tooling: Amount = FIELDS["tooling"].default
    rnd: Amount = FIELDS["rnd"].default
    fixed_monthly: Amount = FIELDS["fixed_monthly"].default
    selling_cost: Cost = FIELDS["selling_cost"].default
    learning_rate: Amount = FIELDS["learning_rate"].default
    reference_volume: Amount = FIELDS["reference_volume"].default
    launch_volume: Amount = FIELDS["launch_volume"].default
    peak_volume: Amount = FIELDS["peak_volume"].default
    ramp_months: Amount = FIELDS["ramp_months"].default
    market_size: float | Range | None = FIELDS["market_size"].default
    p: Amount = FIELDS["p"].default
    q: Amount = FIELDS["q"].default
    services_arpu: Amount = FIELDS["services_arpu"].default
    paying_share: Amount = FIELDS["paying_share"].default
    services_margin: Amount = FIELDS["services_margin"].default
    retention: Retention = FIELDS["retention"].default
    retail_margin: Amount = FIELDS["retail_margin"].default
    distributor_margin: Amount = FIELDS["distributor_margin"].default
    marketing: Cost = FIELDS["marketing"].default
    direct_costs: Cost = FIELDS["direct_costs"].default
    horizon_months: int = FIELDS["horizon_months"].default
    discount_rate: Amount = FIELDS["discount_rate"].default
    currency: str = FIELDS["currency"].default
    volume: float | Range | None = FIELDS["volume"].default
    critical_share: Amount = FIELDS["critical_share"].default

    def __post_init__(self) -> None:
        for name in FIELDS:
            object.__setattr__(self, name, check_field(name, getattr(self, name)))
        channel = _high(self.retail_margin) + _high(self.distributor_margin)
        if channel >= 1:
            raise PlanError(
                "retail_margin",
                "retail_margin + distributor_margin must be below 1 (both are shares of the "
                f"shelf price); got {self.retail_margin} + {self.distributor_margin}",
            )

    def replace(self, **changes: Any) -> Plan:
        """A new plan with these inputs changed, validated (raises PlanError)."""
        for name in changes:
            _known(name)
        return dataclasses.replace(self, **changes)

    @property
    def ranged_inputs(self) -> tuple[str, ...]:
        """Names of the inputs holding a Range, in FIELDS order."""
        return tuple(name for name in FIELDS if isinstance(amount_of(getattr(self, name)), Range))

    def to_json(self) -> str:
        """Every input, losslessly, with the schema version: what a saved scenario stores."""
        data = {"schema": SCHEMA} | {name: _encode(getattr(self, name)) for name in FIELDS}
        return json.dumps(data, allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """Read a plan saved by to_json (any schema version so far); raises PlanError."""
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except (ValueError, TypeError) as error:
            raise PlanError("plan", f"saved plan is not valid JSON: {error}") from None
        if not isinstance(data, dict):
            raise PlanError("plan", "saved plan must be a JSON object of inputs")
        schema = data.pop("schema", None)
        if schema not in (1, SCHEMA):
            raise PlanError(
                "schema", f"saved plan has schema {schema!r}; this version reads schema {SCHEMA}"
            )
        plan = cls(**{_known(name): _decode(name, value) for name, value in data.items()})
        return plan if schema == SCHEMA else _from_schema_1(plan)


def _from_schema_1(plan: Plan) -> Plan:
    """Schema 1 priced the launch batch (the first month's units) at unit_cost: the same
    anchor is reference_volume = the first month's sales, so a saved plan keeps its meaning."""
    if plan.market_size is None:
        first_month = plan.launch_volume
    else:
        share = bass_adopted_share(1 / 12, _middle(plan.p), _middle(plan.q))
        first_month = _middle(plan.market_size) * float(share)
    if isinstance(first_month, Range):
        return plan.replace(reference_volume=Range(max(first_month.low, 1), first_month.high))
    return plan.replace(reference_volume=max(first_month, 1.0))


def _middle(value: Amount) -> float:
    return value.midpoint if isinstance(value, Range) else value


def check_field(name: str, value: Any) -> Any:
    """The value as a Plan stores it (floats, typed values), or PlanError saying why not."""
    info = FIELDS[name]
    if value is None:
        if info.optional:
            return None
        raise PlanError(name, f"{name} is required")
    if info.kind == "currency":
        return _check_currency(value)
    if name == "horizon_months":
        return _check_horizon(value)
    if info.kind in ("cost", "marketing", "retention"):
        return _check_typed(name, info, value)
    return _check_amount(name, value, info.number_bounds)


def _check_amount(name: str, value: Any, bounds: Bounds) -> Amount:
    if isinstance(value, Range):
        for end in (value.low, value.high):
            _check_number(name, end, bounds)
        return value
    return _check_number(name, value, bounds)


def _check_number(name: str, value: Any, bounds: Bounds) -> float:
    if not _is_number(value):
        raise PlanError(name, f"{name} must be a number; got {value!r}")
    if not math.isfinite(value):
        raise PlanError(name, f"{name} must be a finite number; got {value!r}")
    if not bounds.admits(value):
        hint = ""
        if FIELDS[name].kind == "rate" and value > bounds.high and bounds.admits(value / 100):
            hint = f" (did you mean {value:g}%?)"
        raise PlanError(name, f"{name} must be {bounds.rule}; got {value:g}{hint}")
    return float(value)


def _check_typed(name: str, info: FieldInfo, value: Any) -> Cost | Retention:
    typed = type(info.default)
    per_basis = info.basis_bounds
    if not isinstance(value, Cost | Retention):
        value = typed(value, info.default.basis)  # a plain amount takes the usual basis
    if not isinstance(value, typed) or value.basis not in per_basis:
        raise PlanError(
            name, f"{name} takes {' or '.join(per_basis)}; got {type(value).__name__} {value}"
        )
    monthly = name == "retention" and value.basis == "monthly"
    if monthly and _is_number(value.amount) and value.amount >= 1:
        raise PlanError(
            name,
            f"retention must be {per_basis['monthly'].rule}; got {value.amount:g} "
            f"(for a lifetime of {value.amount:g} months write {value.amount:g}mo)",
        )
    amount = _check_amount(name, value.amount, per_basis[value.basis])
    return typed(amount, value.basis)


def _check_horizon(value: Any) -> int:
    bounds = FIELDS["horizon_months"].number_bounds
    if isinstance(value, Range):
        raise PlanError("horizon_months", "horizon_months cannot be a range: pick one number")
    number = _check_number("horizon_months", value, bounds)
    if number != int(number):
        raise PlanError("horizon_months", f"horizon_months must be {bounds.rule}; got {number:g}")
    return int(number)


def _check_currency(value: Any) -> str:
    code = CURRENCY_SYMBOLS.get(value, value) if isinstance(value, str) else value
    if not (isinstance(code, str) and len(code) == 3 and code.isascii() and code.isalpha()):
        raise PlanError(
            "currency",
            f"currency must be a three-letter code like USD, EUR, CNY or one of "
            f"{' '.join(CURRENCY_SYMBOLS)}; got {value!r}",
        )
    return code.upper()


def _known(name: str) -> str:
    if name not in FIELDS:
        raise PlanError(name, f"unknown input {name!r}; inputs are: {', '.join(FIELDS)}")
    return name


def _high(value: Amount) -> float:
    return value.high if isinstance(value, Range) else value


def _encode(value: Any) -> Any:
    if isinstance(value, Range):
        return {"low": value.low, "high": value.high}
    if isinstance(value, Cost | Retention):
        return {"amount": _encode(value.amount), "basis": value.basis}
    return value


def _decode(name: str, value: Any) -> Any:
    if not isinstance(value, dict):
        return value  # numbers, strings and null are checked by Plan itself
    try:
        if value.keys() == {"low", "high"}:
            return Range(value["low"], value["high"])
        if value.keys() == {"amount", "basis"} and FIELDS[name].kind in _TYPED:
            return _TYPED[FIELDS[name].kind](_decode(name, value["amount"]), value["basis"])
    except PlanError as error:
        raise PlanError(name, f"{name}: {error}") from None
    raise PlanError(name, f"saved plan has an unreadable {name}: {value!r}")


_TYPED = {"cost": Cost, "marketing": Cost, "retention": Retention}


def _reject_constant(token: str) -> None:
    raise ValueError(f"{token} is not a number a plan can hold")
