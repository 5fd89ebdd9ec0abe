"""Team estimates on SQLite and PostgreSQL: hidden until the asker reveals, each person's
latest answer counts, late answers refused, guilds kept apart, forget-me."""

from __future__ import annotations

import asyncio

import pytest

from model import Cost, Plan
from storage import InvalidInput, NotFound, Store
from storage.estimates import EstimateRecord, EstimateRepository
from storage.team import AlreadyRevealed, NotAllowed
from tests.storage import ALICE, BOB, CAROL, CHANNEL, GUILD, OTHER_GUILD, PLAN

GONE = "That estimate is gone: it was withdrawn, or asked in another server."
IN_DMS = (
    "Team estimates and decisions belong to a server: use this in one of its channels, not in DMs."
)


@pytest.fixture
def estimates(store: Store) -> EstimateRepository:
    return store.estimates


async def _ask(estimates: EstimateRepository, asker: int = ALICE, **changes):
    options = {
        "guild_id": GUILD,
        "channel_id": CHANNEL,
        "scenario_name": "Phone launch",
        "plan": PLAN,
        "input_field": "unit_cost",
    }
    return await estimates.open_request(asker, **options | changes)


def _answers(records: list[EstimateRecord]) -> list[tuple[int, str, float]]:
    return [(record.user_id, record.typed, record.amount) for record in records]


async def test_a_request_keeps_the_plan_and_64_bit_ids_exactly(estimates):
    asked = await _ask(estimates, question="  What will the unit cost be\n in month 6? ")
    await estimates.set_message(asked.id, 2**63 - 5, guild_id=GUILD)

    got = await estimates.request(asked.id, guild_id=GUILD)

    assert (got.asker_id, got.guild_id, got.channel_id, got.message_id) == (
        2**63 - 1,
        2**63 - 3,
        2**63 - 4,
        2**63 - 5,
    )
    assert (got.scenario_name, got.plan, got.input_field) == ("Phone launch", PLAN, "unit_cost")
    assert got.question == "What will the unit cost be in month 6?"
    assert (got.answers, got.revealed, got.revealed_at) == (0, False, None)
    assert got.created_at == asked.created_at and got.created_at.tzinfo is not None


async def test_each_persons_latest_estimate_counts_and_stays_hidden_until_revealed(estimates):
    asked = await _ask(estimates)
    await estimates.add(BOB, asked.id, "170", guild_id=GUILD)
    await estimates.add(CAROL, asked.id, " $1.2k ", guild_id=GUILD, author="Carol **C**")
    changed = await estimates.add(BOB, asked.id, "$190", guild_id=GUILD, author="Bob")

    assert (changed.typed, changed.amount, changed.basis) == ("$190", 190, None)
    assert (await estimates.request(asked.id, guild_id=GUILD)).answers == 2
    assert (await estimates.mine(BOB, asked.id, guild_id=GUILD)) == changed
    assert await estimates.mine(ALICE, asked.id, guild_id=GUILD) is None
    with pytest.raises(NotAllowed) as hidden:
        await estimates.revealed(asked.id, guild_id=GUILD)
    assert str(hidden.value) == "The estimates stay hidden until the person who asked reveals them."

    revealed = await estimates.reveal(ALICE, asked.id, guild_id=GUILD)

    assert _answers(revealed.estimates) == [(BOB, "$190", 190), (CAROL, "$1.2k", 1200)]
    assert [e.author for e in revealed.estimates] == ["Bob", "Carol **C**"]  # as they answered
    assert revealed.request.revealed and revealed.request.answers == 2
    assert await estimates.revealed(asked.id, guild_id=GUILD) == revealed


async def test_only_the_asker_reveals_and_revealing_again_changes_nothing(estimates):
    asked = await _ask(estimates)
    with pytest.raises(InvalidInput, match="Nobody has answered yet"):
        await estimates.reveal(ALICE, asked.id, guild_id=GUILD)
    await estimates.add(BOB, asked.id, "170", guild_id=GUILD)

    for other in (BOB, CAROL):
        with pytest.raises(NotAllowed) as refused:
            await estimates.reveal(other, asked.id, guild_id=GUILD)
        assert str(refused.value) == "Only the person who asked can reveal the estimates."
    assert not (await estimates.request(asked.id, guild_id=GUILD)).revealed

    first = await estimates.reveal(ALICE, asked.id, guild_id=GUILD)
    again = await estimates.reveal(ALICE, asked.id, guild_id=GUILD)
    assert again == first


async def test_after_the_reveal_no_estimate_is_added_or_changed(estimates):
    asked = await _ask(estimates)
    await estimates.add(BOB, asked.id, "170", guild_id=GUILD)
    revealed = await estimates.reveal(ALICE, asked.id, guild_id=GUILD)

    for person, typed in ((BOB, "150"), (CAROL, "200")):
        with pytest.raises(AlreadyRevealed) as late:
            await estimates.add(person, asked.id, typed, guild_id=GUILD)
        assert str(late.value) == (
            "The estimates were already revealed, so answers can't change any more. "
            "Ask again with /estimate for a new round."
        )
    assert await estimates.revealed(asked.id, guild_id=GUILD) == revealed


@pytest.mark.parametrize(
    ("field", "plan", "typed", "message"),
    [
        ("unit_cost", PLAN, "160-180", "An estimate is one number: type your best guess of unit"),
        ("unit_cost", PLAN, "lots", "unit_cost"),
        ("unit_cost", PLAN, "-5", "unit_cost"),
        ("market_size", PLAN, "none", "An estimate of market size needs a number."),
        (
            "selling_cost",
            Plan(price=199, unit_cost=150, selling_cost=Cost(8, "per_unit")),
            "4%",
            "This plan holds selling cost as money per unit, like 8: give your estimate that way.",
        ),
    ],
)
async def test_an_estimate_is_one_number_the_way_the_plan_holds_it(
    estimates, field, plan, typed, message
):
    asked = await _ask(estimates, input_field=field, plan=plan)

    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        await estimates.add(BOB, asked.id, typed, guild_id=GUILD)
    assert (await estimates.request(asked.id, guild_id=GUILD)).answers == 0


async def test_estimates_of_shares_keep_their_basis(estimates):
    plan = Plan(price=199, unit_cost=150, selling_cost=Cost(0.03, "share"))
    asked = await _ask(estimates, input_field="selling_cost", plan=plan)

    added = await estimates.add(BOB, asked.id, "4%", guild_id=GUILD)

    assert (added.amount, added.basis) == (0.04, "share")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"input_field": "currency"}, "'currency' isn't a plan input a team can estimate."),
        ({"input_field": "horizon_months"}, "isn't a plan input a team can estimate"),
        ({"question": "x" * 201}, "A question is at most 200 characters; yours has 201."),
        ({"question": "why\x00"}, "A question can't contain control characters."),
        ({"guild_id": None}, IN_DMS),
    ],
)
async def test_a_request_is_refused_with_a_clear_reason(estimates, changes, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        await _ask(estimates, **changes)
    assert (await _ask(estimates, question="  ")).question is None
    assert (await _ask(estimates, question="x" * 200)).question == "x" * 200


async def test_another_server_sees_nothing_and_dms_are_refused(estimates):
    asked = await _ask(estimates)
    await estimates.add(BOB, asked.id, "170", guild_id=GUILD)
    attempts = {
        "request": lambda guild: estimates.request(asked.id, guild_id=guild),
        "add": lambda guild: estimates.add(CAROL, asked.id, "1", guild_id=guild),
        "mine": lambda guild: estimates.mine(BOB, asked.id, guild_id=guild),
        "reveal": lambda guild: estimates.reveal(ALICE, asked.id, guild_id=guild),
        "revealed": lambda guild: estimates.revealed(asked.id, guild_id=guild),
        "set_message": lambda guild: estimates.set_message(asked.id, 1, guild_id=guild),
    }
    for name, attempt in attempts.items():
        with pytest.raises(NotFound) as elsewhere:
            await attempt(OTHER_GUILD)
        assert str(elsewhere.value) == GONE, name
        with pytest.raises(InvalidInput) as in_dms:
            await attempt(None)
        assert str(in_dms.value) == IN_DMS, name
    with pytest.raises(NotFound, match=GONE):
        await estimates.request(asked.id + 1000, guild_id=GUILD)
    untouched = await estimates.request(asked.id, guild_id=GUILD)
    assert (untouched.answers, untouched.revealed, untouched.message_id) == (1, False, None)


async def test_people_answering_at_once_are_all_counted(estimates):
    asked = await _ask(estimates)
    people = [BOB + n for n in range(20)]

    answers = [
        estimates.add(p, asked.id, str(100 + n), guild_id=GUILD) for n, p in enumerate(people)
    ]
    await asyncio.gather(*answers)

    revealed = await estimates.reveal(ALICE, asked.id, guild_id=GUILD)
    assert sorted(record.user_id for record in revealed.estimates) == people
    assert [record.amount for record in revealed.estimates] == [100.0 + n for n in range(20)]


async def test_one_person_answering_twice_at_once_keeps_one_answer(estimates):
    asked = await _ask(estimates)
    typed = [f"{150 + n}" for n in range(10)]

    added = await asyncio.gather(*(estimates.add(BOB, asked.id, t, guild_id=GUILD) for t in typed))

    assert (await estimates.request(asked.id, guild_id=GUILD)).answers == 1
    (kept,) = (await estimates.reveal(ALICE, asked.id, guild_id=GUILD)).estimates
    assert kept.typed in typed and kept.amount == float(kept.typed)
    assert kept in added


async def test_answers_racing_the_reveal_are_in_it_or_refused(estimates):
    asked = await _ask(estimates)
    await estimates.add(CAROL, asked.id, "99", guild_id=GUILD)
    people = [BOB + n for n in range(30)]

    outcomes = await asyncio.gather(
        *(estimates.add(person, asked.id, "170", guild_id=GUILD) for person in people[:15]),
        estimates.reveal(ALICE, asked.id, guild_id=GUILD),
        *(estimates.add(person, asked.id, "170", guild_id=GUILD) for person in people[15:]),
        return_exceptions=True,
    )

    revealed = outcomes.pop(15)
    added = {outcome.user_id for outcome in outcomes if isinstance(outcome, EstimateRecord)}
    refused = [outcome for outcome in outcomes if not isinstance(outcome, EstimateRecord)]
    assert all(isinstance(outcome, AlreadyRevealed) for outcome in refused), refused
    assert len(added) + len(refused) == 30
    assert {record.user_id for record in revealed.estimates} == added | {CAROL}
    assert await estimates.revealed(asked.id, guild_id=GUILD) == revealed


async def test_forget_deletes_answers_and_unrevealed_questions_and_anonymises_revealed_ones(
    estimates,
):
    open_question = await _ask(estimates)
    answered = await _ask(estimates)
    bobs = await _ask(estimates, asker=BOB)
    for request in (open_question, answered, bobs):
        await estimates.add(ALICE, request.id, "150", guild_id=GUILD)
        await estimates.add(CAROL, request.id, "180", guild_id=GUILD)
    await estimates.reveal(ALICE, answered.id, guild_id=GUILD)

    assert await estimates.forget(ALICE) == 3

    with pytest.raises(NotFound, match=GONE):  # nobody could ever reveal it now
        await estimates.request(open_question.id, guild_id=GUILD)
    kept = await estimates.revealed(answered.id, guild_id=GUILD)
    assert kept.request.asker_id is None
    assert _answers(kept.estimates) == [(CAROL, "180", 180)]
    still_open = await estimates.request(bobs.id, guild_id=GUILD)
    assert (still_open.asker_id, still_open.answers) == (BOB, 1)
    assert _answers((await estimates.reveal(BOB, bobs.id, guild_id=GUILD)).estimates) == [
        (CAROL, "180", 180)
    ]
    assert await estimates.forget(ALICE) == 0
