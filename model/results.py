"""What each lens returns: headline figures plus the monthly series a chart needs.

Money is in the plan's currency, shares are fractions (0.2 = 20%), months count from
launch (month 0 holds the one-off costs, month 1 is the first month of sales).
A figure that does not exist is None, and `notes[field]` says why in words; no field
is ever NaN or infinite.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

Notes = dict[str, str]


AT_LAUNCH = "at launch"
OVER_THE_PLAN = "over the plan"


@dataclass(frozen=True)
class PerUnit:
    """Per-unit figures on one basis: AT_LAUNCH (unit cost = the plan's unit_cost, the average
    of the first reference_volume units) or OVER_THE_PLAN (the learning-curve average of all
    the plan's units). Fixed costs are spread over the plan's volume in both."""

    basis: str
    unit_cost: float
    gross_margin: float  # (P - unit cost) / P
    markup: float | None  # (P - unit cost) / unit cost; None when the unit cost is 0
    contribution_per_unit: float  # P - unit cost - selling cost - marketing per unit
    contribution_margin: float  # contribution / P
    fully_loaded_per_unit: float  # contribution - fixed per unit
    fully_loaded_margin: float  # fully loaded / P
    break_even_volume: float | None  # fixed costs / contribution; None when contribution <= 0


@dataclass(frozen=True)
class Margins:
    price: float
    selling_cost: float  # per unit, money
    marketing_per_unit: float  # marketing per unit or as a share of revenue, money per unit
    fixed_costs: float  # tooling + rnd + (fixed_monthly + marketing per month) over the horizon
    volume: float  # units the fixed costs are spread over (the plan's volume)
    fixed_per_unit: float
    at_launch: PerUnit
    over_plan: PerUnit  # over_plan.fully_loaded_per_unit * volume = cumulative cash, no services
    reference_volume: float  # units whose average cost is the launch unit cost
    horizon_months: int  # the fixed costs and the volume are this horizon's
    at_cost: bool  # priced within a few percent of the launch unit cost
    verdict: str  # one sentence, naming markup and margin for what they are
    notes: Notes = field(default_factory=dict)  # keys "at_launch.markup", ...


@dataclass(frozen=True)
class Services:
    hardware_margin: float  # fully loaded over the plan, per unit at month 0 (< 0: subsidised)
    monthly_services_margin: float  # per buyer: paying_share * arpu * services_margin
    lifetime_value: float  # hardware margin + discounted services up to horizon_months
    lifetime_value_unlimited: float  # same with no horizon (closed form)
    payback_month: float | None  # interpolated; None when never within the horizon
    min_hardware_price: float | None  # lowest price that pays back within horizon_months
    break_even_arpu: float | None  # monthly ARPU per payer repaying the loss within the horizon
    break_even_arpu_unlimited: float | None  # the same with no horizon
    horizon_months: int  # where lifetime_value, min_hardware_price, break_even_arpu stop
    discount_rate: float  # annual rate discounting services (monthly: (1 + d)^(1/12) - 1)
    months: np.ndarray  # 0..horizon
    cumulative_profit: np.ndarray  # per buyer, discounted, by month (len horizon + 1)
    convention: str  # which LTV convention, in words
    notes: Notes = field(default_factory=dict)


@dataclass(frozen=True)
class CriticalMass:
    months: np.ndarray  # 0..horizon
    volume: np.ndarray  # units sold in each month (0 in month 0)
    cumulative_volume: np.ndarray
    unit_cost: np.ndarray  # average unit cost of that month's units (learning curve)
    unit_margin: np.ndarray  # price - selling cost - unit cost
    services_cash: np.ndarray  # services margin of the installed base, included in cash_flow
    cash_flow: np.ndarray  # month 0: -(tooling + rnd)
    cumulative_cash: np.ndarray
    price: float
    unit_margin_positive_month: int | None
    critical_mass_month: int | None  # first month with positive operating cash flow
    break_even_month: float | None  # cumulative cash >= 0, interpolated
    units_at_break_even: float | None
    cash_need: float  # deepest cash need, a positive amount: -min(cumulative cash, 0)
    cash_need_month: int
    npv: float  # discounted at discount_rate, month 0 undiscounted, over horizon_months
    irr_annual: float | None
    horizon_months: int
    discount_rate: float  # annual
    notes: Notes = field(default_factory=dict)


@dataclass(frozen=True)
class DirectSales:
    price: float  # what the maker nets per unit
    volume: float  # units over the horizon
    shelf_price_retail: float  # what the buyer pays through distributor and retailer
    shelf_price_direct: float  # what the buyer pays direct for the same maker margin
    # Where each unit's shelf price goes; same keys in both, in stacking order:
    # "maker cost", "maker margin", "distributor", "retailer", "marketing", "direct costs".
    # The maker cost is over the plan: learning-curve average unit cost + selling cost.
    retail_breakdown: dict[str, float]
    direct_breakdown: dict[str, float]
    channel_margin_avoided_per_unit: float
    marketing_avoided_per_unit: float
    saving_per_unit: float  # channel + marketing avoided - direct costs
    saving_total: float  # over the horizon's volume
    price_cut: float  # shelf price cut the saving funds at the same maker margin
    price_cut_share: float  # price_cut / shelf_price_retail
    horizon_months: int  # saving_total and the spread of marketing per month are this horizon's
    notes: Notes = field(default_factory=dict)


@dataclass(frozen=True)
class GrowthCurve:
    label: str  # "your plan", "ads-driven", "word of mouth"
    p: float  # per year
    q: float  # per year
    adopted_share: np.ndarray  # cumulative share of the market, by month 0..horizon
    new_adopters: np.ndarray  # units adopting in each month
    months_to_critical: float | None  # None when after the horizon (see notes)
    peak_month: float | None  # None when after the horizon, or no peak (q <= p)
    months_to_critical_unlimited: float  # the same with no horizon
    peak_month_unlimited: float | None  # None only when there is no peak


@dataclass(frozen=True)
class Growth:
    market_size: float
    critical_share: float
    months: np.ndarray  # 0..horizon
    curves: tuple[GrowthCurve, ...]  # the plan's own first
    horizon_months: int
    notes: Notes = field(default_factory=dict)


@dataclass(frozen=True)
class Spread:
    """P10/P50/P90 of one headline figure over the draws (ordered), with what the figure is:
    a human `label`, its `unit` (money, money per unit, share, months, units) and `basis`.
    A percentile is None where that share of draws has no answer within the horizon."""

    p10: float | None
    p50: float | None
    p90: float | None
    label: str
    unit: str
    basis: str


@dataclass(frozen=True)
class Probability:
    """A share of draws, stated with its horizon: "chance to break even within 36 months"."""

    label: str
    value: float
    horizon_months: int


@dataclass(frozen=True)
class Band:
    """P10/P50/P90 by month of the series the lens's own chart draws (full precision)."""

    label: str  # "cumulative cash", "share of the market adopted", ...
    unit: str
    months: np.ndarray  # 0..horizon
    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray


@dataclass(frozen=True)
class Simulation:
    lens: str  # whose headline figures these are: margins, services, critical_mass, ...
    seed: int  # simulate(plan, lens, draws=draws, seed=seed) replays the run exactly
    draws: int
    ranged_inputs: tuple[str, ...]
    spreads: dict[str, Spread]  # the lens's headline figures, its main figure first
    probabilities: dict[str, Probability]  # keyed by the figure that must exist
    band: Band | None  # None for a lens without a monthly chart (direct sales)
    horizon_months: int
    discount_rate: float  # annual, behind the discounted figures (see Spread.basis)
    notes: Notes = field(default_factory=dict)


@dataclass(frozen=True)
class SensitivityBar:
    input: str
    input_unit: str  # money, money per unit, money per month, share, months, units, per year
    low: float  # input value at the low end of its swing (inside the input's valid range)
    high: float
    metric_at_low: float | None
    metric_at_high: float | None
    swing: float  # |metric_at_high - metric_at_low| in the metric's unit, ranking key


@dataclass(frozen=True)
class Sensitivity:
    metric: str
    label: str  # the metric for people: "break-even month"
    unit: str  # the metric's unit
    basis: str
    base: float | None
    bars: tuple[SensitivityBar, ...]  # largest swing first
    notes: Notes = field(default_factory=dict)
