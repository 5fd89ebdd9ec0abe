"""Every input a lens reads moves its answer, and no other input does (issue 13)."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import model
from model import FIELDS, Cost, Plan, Retention
from model.headlines import LENS_INPUTS

RAMP = ("launch_volume", "peak_volume", "ramp_months")
BASS = ("market_size", "p", "q")

plans = st.builds(
    Plan,
    price=st.floats(150, 250),
    unit_cost=st.floats(100, 240),
    tooling=st.floats(1e5, 1e7),
    rnd=st.floats(1e5, 1e7),
    fixed_monthly=st.floats(1e4, 1e6),
    selling_cost=st.builds(Cost, st.floats(1, 20), st.just("per_unit")),
    learning_rate=st.floats(0.7, 0.95),
    reference_volume=st.floats(100, 1e4),
    launch_volume=st.floats(100, 1e4),
    peak_volume=st.floats(2e4, 1e5),
    ramp_months=st.floats(2, 12),
    p=st.floats(0.01, 0.1),
    q=st.floats(0.2, 0.6),
    services_arpu=st.floats(1, 10),
    paying_share=st.floats(0.1, 0.9),
    services_margin=st.floats(0.3, 0.9),
    retention=st.builds(Retention, st.floats(0.8, 0.98), st.just("monthly")),
    retail_margin=st.floats(0.05, 0.2),
    distributor_margin=st.floats(0.02, 0.1),
    marketing=st.builds(Cost, st.floats(1e4, 1e6), st.just("per_month")),
    direct_costs=st.builds(Cost, st.floats(1, 10), st.just("per_unit")),
    horizon_months=st.integers(12, 60),
    discount_rate=st.floats(0.05, 0.3),
    critical_share=st.floats(0.05, 0.3),
)


def _moved(plan: Plan, name: str) -> Plan:
    """The plan with one input moved by a clear step, inside its valid range."""
    value = getattr(plan, name)
    if name == "volume":
        return plan.replace(volume=123_456.0)
    if name == "market_size":
        return plan.replace(market_size=plan.market_size * 1.3)
    if name == "horizon_months":
        return plan.replace(horizon_months=plan.horizon_months + 6)
    if isinstance(value, Cost | Retention):
        return plan.replace(**{name: type(value)(value.amount * 0.9, value.basis)})
    return plan.replace(**{name: value * 0.9})


def _answer(result) -> list:
    """Every number in a lens result, nested ones too (the text is left out)."""
    numbers = []
    for value in vars(result).values():
        if dataclasses.is_dataclass(value):
            numbers += _answer(value)
        elif isinstance(value, tuple):
            numbers += [item for curve in value for item in _answer(curve)]
        elif isinstance(value, dict):
            numbers += [v for v in value.values() if isinstance(v, float)]
        elif isinstance(value, np.ndarray | float | int) and not isinstance(value, bool):
            numbers.append(np.asarray(value, dtype=float))
    return numbers


def _same(one, other) -> bool:
    first, second = _answer(one), _answer(other)
    return len(first) == len(second) and all(
        np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-12, atol=0)
        for a, b in zip(first, second, strict=True)
    )


def _demand_for(plan: Plan, name: str) -> Plan:
    """The demand model an input belongs to: Bass inputs need a market size, ramp ones not."""
    return plan.replace(market_size=5e6) if name in BASS else plan


@pytest.mark.parametrize("lens", sorted(LENS_INPUTS))
@settings(max_examples=15, deadline=None)
@given(plans)
def test_every_input_a_lens_reads_moves_its_answer(lens, plan):
    function = getattr(model, lens)
    for name in LENS_INPUTS[lens]:
        if lens == "growth" and name in RAMP:
            continue
        base = _demand_for(plan, name) if lens != "growth" else plan.replace(market_size=5e6)
        assert not _same(function(base), function(_moved(base, name))), f"{lens}: {name}"


@pytest.mark.parametrize("lens", sorted(LENS_INPUTS))
@settings(max_examples=10, deadline=None)
@given(plans)
def test_no_other_input_moves_it(lens, plan):
    function = getattr(model, lens)
    base = plan.replace(market_size=5e6) if lens == "growth" else plan
    for name in FIELDS:
        if name in LENS_INPUTS[lens] or name == "currency":
            continue
        assert _same(function(base), function(_moved(base, name))), f"{lens}: {name}"
