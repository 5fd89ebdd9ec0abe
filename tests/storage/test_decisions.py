"""The decision log on SQLite and PostgreSQL: frozen copies, guilds kept apart, paging, who
may record actuals or remove a decision, actuals by month, forget-me."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from model.tracking import PlanSeries, track
from storage import InvalidInput, NotFound, Store
from storage.decisions import DecisionRecord, DecisionRepository, actual
from storage.team import NotAllowed
from tests.storage import ALICE, BOB, CAROL, CHANNEL, CHEAPER, GUILD, OTHER_GUILD, PLAN

MISSING = "No such decision in this server. /decisions lists them."
ONLY_AUTHOR = (
    "Only the person who recorded this decision, or someone with Manage Server, can {} it."
)
FIGURES = {"headline": {"break_even_month": 14.2, "npv": -1.5e6}, "series": None}


@pytest.fixture
def decisions(store: Store) -> DecisionRepository:
    return store.decisions


async def _decide(decisions: DecisionRepository, author: int = ALICE, **changes) -> DecisionRecord:
    options = {
        "guild_id": GUILD,
        "channel_id": CHANNEL,
        "text": "Launch at $199 and make it up on services.",
        "scenario_name": "Phone launch",
        "plan": PLAN,
        "figures": FIGURES,
    }
    return await decisions.record(author, **options | changes)


async def _actual_rows(store: Store) -> int:
    async with store.engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(actual))).scalar_one()


async def test_a_decision_is_a_frozen_copy_with_64_bit_ids(decisions):
    series = PlanSeries.of(PLAN).to_dict()
    made = await _decide(decisions, scenario_id=2**63 - 6, figures=FIGURES | {"series": series})
    await decisions.set_message(made.id, 2**63 - 5, guild_id=GUILD)

    got = await decisions.get(made.id, guild_id=GUILD)

    assert (got.author_id, got.guild_id, got.channel_id, got.message_id, got.scenario_id) == (
        2**63 - 1,
        2**63 - 3,
        2**63 - 4,
        2**63 - 5,
        2**63 - 6,
    )
    assert (got.text, got.scenario_name, got.plan) == (made.text, "Phone launch", PLAN)
    assert got.figures == FIGURES | {"series": series}
    assert got.actuals == () and got.created_at == made.created_at
    assert PlanSeries.from_dict(got.figures["series"]).to_dict() == series


async def test_the_log_pages_newest_first_and_never_shows_another_server(decisions):
    made = [await _decide(decisions, text=f"Decision {n}") for n in range(12)]
    await _decide(decisions, guild_id=OTHER_GUILD, text="Elsewhere")

    pages = [await decisions.page(guild_id=GUILD, limit=5, offset=o) for o in (0, 5, 10)]

    assert [page.total for page in pages] == [12, 12, 12]
    assert [len(page.decisions) for page in pages] == [5, 5, 2]
    seen = [record.text for page in pages for record in page.decisions]
    assert seen == [f"Decision {n}" for n in reversed(range(12))]
    assert [record.id for page in pages for record in page.decisions] == [
        record.id for record in reversed(made)
    ]
    other = await decisions.page(guild_id=OTHER_GUILD)
    assert [record.text for record in other.decisions] == ["Elsewhere"] and other.total == 1
    assert (await decisions.page(guild_id=CHANNEL)).decisions == []
    assert len((await decisions.page(guild_id=GUILD, limit=1000)).decisions) == 12  # capped at 25


async def test_another_server_sees_nothing_and_dms_are_refused(decisions, store):
    made = await _decide(decisions)
    await decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=1, units=900)
    attempts = {
        "get": lambda guild: decisions.get(made.id, guild_id=guild),
        "actuals": lambda guild: decisions.record_actuals(
            ALICE, made.id, guild_id=guild, month=2, units=1, can_manage=True
        ),
        "remove": lambda guild: decisions.remove(ALICE, made.id, guild_id=guild, can_manage=True),
        "set_message": lambda guild: decisions.set_message(made.id, 1, guild_id=guild),
    }
    for name, attempt in attempts.items():
        with pytest.raises(NotFound) as elsewhere:
            await attempt(OTHER_GUILD)
        assert str(elsewhere.value) == MISSING, name
        with pytest.raises(InvalidInput, match="not in DMs"):
            await attempt(None)
    for read in (
        decisions.page(guild_id=None),
        decisions.latest("Phone launch", guild_id=None),
        _decide(decisions, guild_id=None),
    ):
        with pytest.raises(InvalidInput, match="belong to a server"):
            await read
    with pytest.raises(NotFound, match="No decision about 'phone LAUNCH' in this server"):
        await decisions.latest("phone LAUNCH", guild_id=OTHER_GUILD)
    assert await decisions.get(made.id, guild_id=GUILD) == await decisions.latest(
        "phone LAUNCH", guild_id=GUILD
    )
    assert await _actual_rows(store) == 1


async def test_latest_finds_the_newest_decision_about_a_scenario(decisions):
    await _decide(decisions, text="First call")
    newest = await _decide(decisions, text="Second call", author=BOB)
    await _decide(decisions, text="Another product", scenario_name="Tablet")

    assert (await decisions.latest("  PHONE   launch", guild_id=GUILD)).id == newest.id


async def test_only_the_author_or_a_manager_records_actuals_or_removes(decisions, store):
    made = await _decide(decisions)

    with pytest.raises(NotAllowed) as refused:
        await decisions.record_actuals(BOB, made.id, guild_id=GUILD, month=1, units=900)
    assert str(refused.value) == ONLY_AUTHOR.format("record actuals for")
    with pytest.raises(NotAllowed) as refused:
        await decisions.remove(BOB, made.id, guild_id=GUILD)
    assert str(refused.value) == ONLY_AUTHOR.format("remove")
    assert (await decisions.get(made.id, guild_id=GUILD)).actuals == ()

    by_author = await decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=1, units=900)
    by_manager = await decisions.record_actuals(
        BOB, made.id, guild_id=GUILD, month=2, units=1100, can_manage=True
    )
    assert [a.recorded_by for a in by_author.actuals] == [ALICE]
    assert [(a.month, a.units, a.recorded_by) for a in by_manager.actuals] == [
        (1, 900, ALICE),
        (2, 1100, BOB),
    ]

    removed = await decisions.remove(CAROL, made.id, guild_id=GUILD, can_manage=True)
    assert removed.actuals == by_manager.actuals
    with pytest.raises(NotFound, match=MISSING):
        await decisions.get(made.id, guild_id=GUILD)
    assert await _actual_rows(store) == 0  # the actuals went with it


async def test_recording_a_month_again_replaces_the_figures_given_and_keeps_the_others(decisions):
    made = await _decide(decisions)
    await decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=3, units=850)
    await decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=3, cash=-2.5e6)
    after = await decisions.record_actuals(
        BOB, made.id, guild_id=GUILD, month=3, units=900, unit_cost=221.5, can_manage=True
    )

    (month,) = after.actuals
    assert (month.month, month.units, month.unit_cost, month.price, month.cash) == (
        3,
        900,
        221.5,
        None,
        -2.5e6,
    )
    assert month.recorded_by == BOB
    tracking = track(PlanSeries.of(after.plan), after.actuals)  # storage rows feed the model
    assert tracking.months[0].units.actual == 900 and tracking.verdict is not None


@pytest.mark.parametrize(
    ("month", "figures", "message"),
    [
        (0, {"units": 1}, "month must be a whole number from 1 to 36 (the plan's horizon); got 0."),
        (37, {"units": 1}, "month must be a whole number from 1 to 36"),
        (True, {"units": 1}, "month must be a whole number"),
        (2, {}, "Give at least one of units, unit_cost, price or cash for that month."),
        (2, {"units": -5}, "units can't be negative; got -5."),
        (2, {"unit_cost": float("nan")}, "unit_cost must be a finite number below 1e15; got nan."),
        (2, {"price": "199"}, "price must be a number."),
    ],
)
async def test_actuals_are_checked_with_clear_messages(decisions, month, figures, message):
    made = await _decide(decisions)

    with pytest.raises(InvalidInput) as refused:
        await decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=month, **figures)
    assert str(refused.value).startswith(message)
    assert (await decisions.get(made.id, guild_id=GUILD)).actuals == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "x" * 1001}, "A decision is at most 1,000 characters; yours has 1,001."),
        ({"text": " \n "}, "A decision needs its text: say what was decided."),
        ({"text": "go\x07"}, "A decision can't contain control characters."),
        ({"figures": {"npv": float("nan")}}, "A decision's figures must be finite numbers"),
        ({"figures": {"x": "y" * 64_001}}, "A decision's figures are at most 64,000 characters"),
        ({"scenario_name": "#12"}, "'#12' looks like a scenario number"),
    ],
)
async def test_a_decision_is_refused_with_a_clear_reason(decisions, changes, message):
    with pytest.raises(InvalidInput) as refused:
        await _decide(decisions, **changes)
    assert str(refused.value).startswith(message)
    assert (await decisions.page(guild_id=GUILD)).total == 0
    kept = await _decide(decisions, text="  Line one\r\nline two  " + "x" * 977)
    assert kept.text == "Line one\nline two  " + "x" * 977


async def test_forget_anonymises_decisions_and_deletes_the_actuals_recorded(decisions, store):
    alices = await _decide(decisions, author_name="Alice")
    bobs = await _decide(decisions, author=BOB, plan=CHEAPER, author_name="Bob")
    assert (alices.author_name, bobs.author_name) == ("Alice", "Bob")
    for person, made, month in ((ALICE, alices, 1), (CAROL, alices, 2), (ALICE, bobs, 1)):
        await decisions.record_actuals(
            person, made.id, guild_id=GUILD, month=month, units=900, can_manage=True
        )

    assert await decisions.forget(ALICE) == 1

    kept = await decisions.get(alices.id, guild_id=GUILD)
    assert (kept.author_id, kept.text, kept.plan) == (None, alices.text, PLAN)
    assert (kept.author_name, kept.figures) == (None, alices.figures)  # her name is gone
    assert (await decisions.get(bobs.id, guild_id=GUILD)).author_name == "Bob"
    assert [(a.month, a.recorded_by) for a in kept.actuals] == [(2, CAROL)]
    assert (await decisions.get(bobs.id, guild_id=GUILD)).actuals == ()
    with pytest.raises(NotAllowed):  # no longer hers: only a manager may now
        await decisions.record_actuals(ALICE, alices.id, guild_id=GUILD, month=3, units=1)
    await decisions.record_actuals(
        BOB, alices.id, guild_id=GUILD, month=3, units=1, can_manage=True
    )
    assert await _actual_rows(store) == 2
    assert await decisions.forget(ALICE) == 0


async def test_racing_actuals_for_one_month_keep_one_row_with_every_figure(decisions, store):
    made = await _decide(decisions)
    figures = [{"units": 900}, {"unit_cost": 210}, {"price": 199}, {"cash": -3e6}]

    await asyncio.gather(
        *(
            decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=4, **given)
            for given in figures * 5
        )
    )

    (month,) = (await decisions.get(made.id, guild_id=GUILD)).actuals
    assert (month.units, month.unit_cost, month.price, month.cash) == (900, 210, 199, -3e6)
    assert await _actual_rows(store) == 1


async def test_actuals_racing_a_removal_never_outlive_the_decision(decisions, store):
    made = await _decide(decisions)

    outcomes = await asyncio.gather(
        *(
            decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=m, units=m)
            for m in range(1, 11)
        ),
        decisions.remove(ALICE, made.id, guild_id=GUILD),
        *(
            decisions.record_actuals(ALICE, made.id, guild_id=GUILD, month=m, units=m)
            for m in range(11, 21)
        ),
        return_exceptions=True,
    )

    removed = outcomes.pop(10)
    assert isinstance(removed, DecisionRecord)
    recorded = {m for m, o in enumerate(outcomes, 1) if isinstance(o, DecisionRecord)}
    refused = [o for o in outcomes if not isinstance(o, DecisionRecord)]
    assert all(isinstance(o, NotFound) for o in refused), refused
    # Every acknowledged month went with the decision; every other month was refused.
    assert {a.month for a in removed.actuals} == recorded
    assert await _actual_rows(store) == 0


async def test_scenario_names_offer_this_servers_decided_scenarios_newest_first(decisions):
    await _decide(decisions, scenario_name="Phone launch")
    await _decide(decisions, scenario_name="Tablet")
    await _decide(decisions, scenario_name="phone LAUNCH")  # the same name: offered once
    await _decide(decisions, scenario_name="Phone 2", guild_id=OTHER_GUILD)

    assert await decisions.scenario_names("", guild_id=GUILD) == ["phone LAUNCH", "Tablet"]
    assert await decisions.scenario_names("PHO", guild_id=GUILD) == ["phone LAUNCH"]
    assert await decisions.scenario_names("100%_", guild_id=GUILD) == []
    assert await decisions.scenario_names("", guild_id=OTHER_GUILD) == ["Phone 2"]
