import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import FIELDS, Cost, Plan, PlanError, Range, Retention
from model.lenses import critical_mass


def test_defaults_follow_the_spec():
    plan = Plan()
    assert (plan.price, plan.unit_cost) == (None, None)
    assert plan.learning_rate == 0.85
    assert (plan.p, plan.q) == (0.03, 0.38)
    assert (plan.services_arpu, plan.paying_share, plan.services_margin) == (0, 0, 0.7)
    assert plan.retention == Retention(0.97, "monthly")
    assert (plan.retail_margin, plan.distributor_margin) == (0.10, 0.05)
    assert (plan.horizon_months, plan.discount_rate, plan.currency) == (36, 0.10, "USD")
    assert plan.critical_share == 0.16


def test_plain_numbers_take_the_usual_basis_of_two_meaning_inputs():
    plan = Plan(selling_cost=5, direct_costs=Range(3, 4), marketing=50_000, retention=0.9)
    assert plan.selling_cost == Cost(5.0, "per_unit")
    assert plan.direct_costs == Cost(Range(3, 4), "per_unit")
    assert plan.marketing == Cost(50_000.0, "per_month")
    assert plan.retention == Retention(0.9, "monthly")


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"price": -5}, "price", "between 0.01 and 1 billion"),
        ({"price": 0}, "price", "between 0.01 and 1 billion"),
        ({"learning_rate": 1.2}, "learning_rate", "in (0, 1] (0.85 or 85% = 15% cheaper"),
        ({"learning_rate": 0}, "learning_rate", "in (0, 1]"),
        ({"retention": 1.0}, "retention", "24mo"),
        ({"retention": Retention(0.5, "lifetime")}, "retention", "between 1 and 1200"),
        ({"paying_share": 1.5}, "paying_share", "between 0 and 1"),
        ({"unit_cost": float("nan")}, "unit_cost", "finite"),
        ({"tooling": float("inf")}, "tooling", "finite"),
        ({"rnd": 1e20}, "rnd", "1 trillion"),
        ({"horizon_months": 36.5}, "horizon_months", "whole number"),
        ({"horizon_months": Range(12, 24)}, "horizon_months", "cannot be a range"),
        ({"price": "199"}, "price", "must be a number"),
        ({"price": True}, "price", "must be a number"),
        ({"price": Range(-1, 5)}, "price", "between 0.01 and 1 billion"),
        ({"selling_cost": Cost(5, "per_month")}, "selling_cost", "per_unit or share"),
        ({"marketing": Retention(0.9, "monthly")}, "marketing", "per_month"),
        ({"selling_cost": Cost(1.5, "share")}, "selling_cost", "between 0 and 1"),
        ({"retail_margin": 0.6, "distributor_margin": 0.4}, "retail_margin", "below 1"),
        ({"currency": "dollars"}, "currency", "three-letter"),
        ({"learning_rat": 0.8}, "learning_rat", "unknown input"),
        ({"launch_volume": None}, "launch_volume", "required"),
    ],
)
def test_invalid_inputs_name_the_field_and_the_rule(changes, field, says):
    with pytest.raises(PlanError) as error:
        Plan().replace(**changes)
    assert error.value.field == field
    assert says in str(error.value)


def test_replace_returns_a_new_validated_plan():
    plan = Plan(price=199)
    changed = plan.replace(price=Range(180, 220), currency="eur")
    assert (plan.price, changed.price, changed.currency) == (199, Range(180, 220), "EUR")
    assert changed.ranged_inputs == ("price",)


def test_ranged_inputs_include_typed_values_holding_ranges():
    plan = Plan(price=Range(1, 2), retention=Retention(Range(12, 24), "lifetime"))
    assert plan.ranged_inputs == ("price", "retention")


def test_json_keeps_the_schema_version_and_every_input():
    data = json.loads(Plan(price=199).to_json())
    assert data["schema"] == 2
    assert set(data) == {"schema", *FIELDS}


def test_old_saved_plans_with_fewer_inputs_still_load():
    plan = Plan.from_json('{"schema": 2, "price": 199, "unit_cost": 185}')
    assert plan == Plan(price=199, unit_cost=185)


def test_schema_1_plans_keep_their_launch_batch_as_the_cost_anchor():
    # Schema 1 priced the first month's units at unit_cost: that month is the reference.
    plan = Plan.from_json('{"schema": 1, "price": 199, "unit_cost": 185, "launch_volume": 5000}')
    assert plan == Plan(price=199, unit_cost=185, launch_volume=5000, reference_volume=5000)
    bass = Plan.from_json('{"schema": 1, "price": 199, "unit_cost": 185, "market_size": 1e6}')
    first_month = critical_mass(bass).volume[1]
    assert bass.reference_volume == pytest.approx(first_month)
    assert critical_mass(bass).unit_cost[1] == pytest.approx(185)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("not json", "plan"),
        ("[1, 2]", "plan"),
        ('{"price": 199}', "schema"),
        ('{"schema": 99, "price": 199}', "schema"),
        ('{"schema": 1, "price": NaN}', "plan"),
        ('{"schema": 1, "price": Infinity}', "plan"),
        ('{"schema": 1, "price": -3}', "price"),
        ('{"schema": 1, "colour": "red"}', "colour"),
        ('{"schema": 1, "price": {"low": 5, "high": 1}}', "price"),
        ('{"schema": 1, "price": {"amount": 5, "basis": "per_unit"}}', "price"),
        ('{"schema": 1, "retention": {"amount": 5, "basis": "weekly"}}', "retention"),
        ('{"schema": 1, "marketing": {"low": 5}}', "marketing"),
    ],
)
def test_bad_saved_plans_raise_plan_error(text, field):
    with pytest.raises(PlanError) as error:
        Plan.from_json(text)
    assert error.value.field == field


def test_field_descriptions_fit_a_discord_option():
    for name, info in FIELDS.items():
        assert 0 < len(info.description) <= 100, name
        assert info.label


amounts = st.floats(0, 1e6, allow_nan=False)
ranges = st.tuples(amounts, amounts).map(lambda ends: Range(*sorted(ends)))
shares = st.floats(0, 0.99)
plans = st.builds(
    Plan,
    price=st.one_of(st.none(), st.floats(0.01, 1e6), ranges.filter(lambda r: r.low >= 0.01)),
    unit_cost=st.one_of(st.none(), amounts, ranges),
    tooling=st.one_of(amounts, ranges),
    selling_cost=st.one_of(
        st.builds(Cost, amounts, st.just("per_unit")), st.builds(Cost, shares, st.just("share"))
    ),
    marketing=st.builds(
        Cost, st.one_of(amounts, ranges), st.sampled_from(["per_unit", "per_month"])
    ),
    retention=st.one_of(
        st.builds(Retention, shares, st.just("monthly")),
        st.builds(Retention, st.floats(1, 1200), st.just("lifetime")),
    ),
    learning_rate=st.floats(0.01, 1),
    horizon_months=st.integers(1, 240),
    currency=st.sampled_from(["USD", "eur", "€"]),
)


@given(plans)
def test_json_round_trip_is_lossless(plan):
    text = plan.to_json()
    assert Plan.from_json(text) == plan
    assert Plan.from_json(text).to_json() == text


def test_plan_errors_survive_pickling_from_a_worker_process():
    error = PlanError("price", "price is required")
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), back.field, str(back)) == (PlanError, "price", "price is required")
