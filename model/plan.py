"""The plan: every input of a product plan in one immutable, validated value.

Money is in the plan's currency, time in months, shares are fractions (0.15 = 15%).
`FIELDS` describes each input once (label, Discord option description, kind, default,
allowed values); validation, the parser and the bot all read it from here.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any

from model.diffusion import bass_adopted_share
from model.errors import PlanError
from model.values import Amount, Cost, Range, Retention, _is_number, amount_of

# Version of Plan.to_json; bump it and upgrade old versions in Plan.from_json.
# 2: reference_volume (schema 1 anchored the learning curve on the launch batch).
SCHEMA = 2


@dataclass(frozen=True)
class Bounds:
    """Allowed values of a number, and how to say so in an error."""

    low: float
    high: float
    rule: str  # completes "NAME must be ..."
    low_open: bool = False  # the low end itself is not allowed
    high_open: bool = False

    def admits(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below


@dataclass(frozen=True)
class FieldInfo:
    """One plan input: how it is labelled, described, typed, defaulted and bounded."""

    label: str
    description: str  # at most 100 characters: it is the Discord option description
    kind: str  # money, count, rate, months, cost, marketing, retention, currency
    default: Any
    # Allowed values: one Bounds, or for Cost / Retention inputs one per basis.
    bounds: Bounds | dict[str, Bounds] | None = None

    @property
    def optional(self) -> bool:
        """None is a valid value (the input is left out)."""
        return self.default is None


BILLION = 1e9
_SHARE = Bounds(0, 1, "between 0 and 1 (e.g. 0.15 or 15%)")
_SHARE_BELOW_1 = Bounds(0, 1, "at least 0 and below 1 (e.g. 0.10 or 10%)", high_open=True)
_PER_UNIT = Bounds(0, BILLION, "between 0 and 1 billion per unit (e.g. 12 or $12/unit)")
_PER_MONTH = Bounds(0, 100 * BILLION, "between 0 and 100 billion per month (e.g. 50k/month)")
_ONE_OFF = Bounds(0, 1000 * BILLION, "between 0 and 1 trillion (e.g. 2M)")
_UNITS = Bounds(0, 10 * BILLION, "between 0 and 10 billion units (e.g. 5000 or 1.2M)")

FIELDS: dict[str, FieldInfo] = {
    "price": FieldInfo(
        "Price",
        "net price per unit the maker receives, e.g. 199 or $1,999",
        "money",
        None,
        Bounds(0.01, BILLION, "between 0.01 and 1 billion (e.g. 199)"),
    ),
    "unit_cost": FieldInfo(
        "Unit cost",
        "component + assembly cost per unit, averaged over the first reference_volume units",
        "money",
        None,
        Bounds(0, BILLION, "between 0 and 1 billion (e.g. 185)"),
    ),
    "tooling": FieldInfo("Tooling", "one-off tooling cost, e.g. 2M", "money", 0.0, _ONE_OFF),
    "rnd": FieldInfo(
        "R&D", "one-off research and development cost, e.g. 5M", "money", 0.0, _ONE_OFF
    ),
    "fixed_monthly": FieldInfo(
        "Fixed costs per month",
        "running fixed costs per month (staff, rent), e.g. 150k",
        "money",
        0.0,
        _PER_MONTH,
    ),
    "selling_cost": FieldInfo(
        "Selling cost",
        "fulfilment, payment fees, returns: per unit (8) or % of price (4%)",
        "cost",
        Cost(0.0, "per_unit"),
        {"per_unit": _PER_UNIT, "share": _SHARE},
    ),
    "learning_rate": FieldInfo(
        "Learning rate",
        "unit cost multiplier per doubling of volume, e.g. 85% (15% cheaper per doubling)",
        "rate",
        0.85,
        Bounds(0, 1, "in (0, 1] (0.85 or 85% = 15% cheaper per doubling)", low_open=True),
    ),
    "reference_volume": FieldInfo(
        "Cost reference volume",
        "unit_cost is the average cost of the first this many units made, e.g. 1000",
        "count",
        1000.0,
        Bounds(1, 10 * BILLION, "between 1 and 10 billion units (e.g. 1000 or 500k)"),
    ),
    "launch_volume": FieldInfo(
        "Launch volume", "units sold in month 1, e.g. 1000", "count", 1000.0, _UNITS
    ),
    "peak_volume": FieldInfo(
        "Peak volume", "units per month at full speed, e.g. 10k", "count", 10_000.0, _UNITS
    ),
    "ramp_months": FieldInfo(
        "Ramp",
        "months from launch volume to peak volume, e.g. 12",
        "months",
        12.0,
        Bounds(0, 600, "between 0 and 600 months (e.g. 12)"),
    ),
    "market_size": FieldInfo(
        "Market size",
        "units the whole market will buy; set it to use Bass demand instead of the ramp",
        "count",
        None,
        Bounds(1, 10 * BILLION, "between 1 and 10 billion units (e.g. 2M)"),
    ),
    "p": FieldInfo(
        "Innovation p",
        "Bass innovation (ads) coefficient per year, e.g. 0.03",
        "rate",
        0.03,
        Bounds(0.0001, 1, "between 0.0001 and 1 per year (typically 0.01-0.03: 0.03 or 3%)"),
    ),
    "q": FieldInfo(
        "Imitation q",
        "Bass imitation (word of mouth) coefficient per year, e.g. 0.38",
        "rate",
        0.38,
        Bounds(0, 2, "between 0 and 2 per year (typically 0.3-0.5: 0.38 or 38%)"),
    ),
    "services_arpu": FieldInfo(
        "Services ARPU",
        "monthly services revenue per paying user, e.g. 3",
        "money",
        0.0,
        Bounds(0, 1e7, "between 0 and 10 million per month (e.g. 3)"),
    ),
    "paying_share": FieldInfo(
        "Paying share", "share of buyers who pay for services, e.g. 20%", "rate", 0.0, _SHARE
    ),
    "services_margin": FieldInfo(
        "Services margin", "gross margin on services revenue, e.g. 70%", "rate", 0.7, _SHARE
    ),
    "retention": FieldInfo(
        "Retention",
        "share of users still active each month (97%) or a lifetime in months (24mo)",
        "retention",
        Retention(0.97, "monthly"),
        {
            "monthly": Bounds(
                0,
                1,
                "a monthly share below 1 (0.97 or 97%) or a lifetime like 24mo",
                high_open=True,
            ),
            "lifetime": Bounds(1, 1200, "a lifetime between 1 and 1200 months (e.g. 24mo)"),
        },
    ),
    "retail_margin": FieldInfo(
        "Retail margin",
        "share of the shelf price the retailer keeps, e.g. 10%",
        "rate",
        0.10,
        _SHARE_BELOW_1,
    ),
    "distributor_margin": FieldInfo(
        "Distributor margin",
        "share of the shelf price the distributors keep, e.g. 5%",
        "rate",
        0.05,
        _SHARE_BELOW_1,
    ),
    "marketing": FieldInfo(
        "Marketing",
        "marketing per month (50k), per unit (12/unit) or % of revenue (8%)",
        "marketing",
        Cost(0.0, "per_month"),
        {"per_month": _PER_MONTH, "per_unit": _PER_UNIT, "share": _SHARE},
    ),
    "direct_costs": FieldInfo(
        "Direct costs",
        "cost of selling direct (web shop, logistics, payment): per unit (6) or % of price",
        "cost",
        Cost(0.0, "per_unit"),
        {"per_unit": _PER_UNIT, "share": _SHARE},
    ),
    "horizon_months": FieldInfo(
        "Horizon",
        "months to look ahead, e.g. 36 or 3y",
        "months",
        36,
        Bounds(1, 240, "a whole number of months from 1 to 240 (e.g. 36)"),
    ),
    "discount_rate": FieldInfo(
        "Discount rate",
        "annual discount rate for NPV and lifetime value, e.g. 10%",
        "rate",
        0.10,
        Bounds(0, 1, "between 0 and 1 per year (e.g. 0.10 or 10%)"),
    ),
    "currency": FieldInfo(
        "Currency", "currency code or symbol for display, e.g. USD, EUR or €", "currency", "USD"
    ),
    "volume": FieldInfo(
        "Volume",
        "units to spread fixed costs over (default: what the plan sells in the horizon)",
        "count",
        None,
        Bounds(1, 1000 * BILLION, "between 1 and 1 trillion units"),
    ),
    "critical_share": FieldInfo(
        "Critical share",
        "market share that counts as critical mass for growth, e.g. 16%",
        "rate",
        0.16,
        Bounds(0, 1, "above 0 and below 1 (e.g. 0.16 or 16%)", low_open=True, high_open=True),
    ),
}

CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "₹": "INR"}


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
    return _check_amount(name, value, info.bounds)


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
    if not isinstance(value, Cost | Retention):
        value = typed(value, info.default.basis)  # a plain amount takes the usual basis
    if not isinstance(value, typed) or value.basis not in info.bounds:
        raise PlanError(
            name, f"{name} takes {' or '.join(info.bounds)}; got {type(value).__name__} {value}"
        )
    monthly = name == "retention" and value.basis == "monthly"
    if monthly and _is_number(value.amount) and value.amount >= 1:
        raise PlanError(
            name,
            f"retention must be {info.bounds['monthly'].rule}; got {value.amount:g} "
            f"(for a lifetime of {value.amount:g} months write {value.amount:g}mo)",
        )
    amount = _check_amount(name, value.amount, info.bounds[value.basis])
    return typed(amount, value.basis)


def _check_horizon(value: Any) -> int:
    bounds = FIELDS["horizon_months"].bounds
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
