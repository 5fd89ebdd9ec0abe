"""Every plan input, described once: label, Discord option description, kind, default and
allowed values. Validation, the parser and the bot all read `FIELDS` from here.

Money is in the plan's currency, time in months, shares are fractions (0.15 = 15%).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.values import Cost, Retention


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
    def number_bounds(self) -> Bounds:
        """The one Bounds of a plain-number input (not cost, marketing, retention, currency)."""
        assert isinstance(self.bounds, Bounds), f"{self.label} is not a plain number"
        return self.bounds

    @property
    def basis_bounds(self) -> dict[str, Bounds]:
        """The Bounds per basis of a Cost / Retention input."""
        assert isinstance(self.bounds, dict), f"{self.label} has no basis"
        return self.bounds

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
