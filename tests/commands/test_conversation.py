"""Conversation end to end through the stand-in: what-ifs by reply and mention, help, the
unknown-words answer, and silence when not addressed."""

from __future__ import annotations

from tempfile import mkdtemp
from typing import Any

import pytest

from bot.endpoints import use_endpoints
from bot.runner import running_bot as bot_under_test
from bot.settings import Settings
from commands.lens_registry import LENSES
from model import Plan, parse_input
from standin import StandIn

QUICK = 0.5  # seconds to wait for an answer that should not come


def figures(lens: str, **typed: str) -> dict[str, str]:
    """The card's headline figures for a plan, as the model computes them."""
    plan = Plan().replace(**{name: parse_input(name, text) for name, text in typed.items()})
    entry = LENSES[lens]
    return dict(entry.fields(entry.compute(plan), plan.currency))


def fields_of(message: Any) -> dict[str, str]:
    return {field["name"]: field["value"] for field in message.embeds[0]["fields"]}


BREAK_EVEN = "Break-even (cumulative cash ≥ 0)"
LAUNCH = {"price": "199", "unit_cost": "230", "learning_rate": "85%", "tooling": "2M"}


async def test_a_reply_to_a_card_answers_with_the_changed_card_and_what_moved(standin):
    card = await standin.slash("alice", "general", "critical-mass", **LAUNCH)

    posted = await standin.post("bob", "general", "what if price 249?", reply_to=card)

    answer = posted.answer
    assert answer is not None and answer.reference is posted.message
    assert answer.mentions == []  # the reply does not ping bob
    after = figures("critical-mass", **(LAUNCH | {"price": "249"}))
    before = figures("critical-mass", **LAUNCH)
    assert fields_of(answer) == after
    description = answer.embeds[0]["description"]
    assert description.startswith("**What if:** Price $199 → $249\n**What moved**")
    assert f"• {BREAK_EVEN}: {before[BREAK_EVEN]} → {after[BREAK_EVEN]}" in description
    assert [a.filename for a in answer.attachments] == ["chart.png"]
    assert [b.label for b in answer.buttons] == ["Save"]


async def test_a_reply_to_a_what_if_builds_on_it(standin):
    card = await standin.slash("alice", "general", "critical-mass", **LAUNCH)
    first = await standin.post("bob", "general", "what if price 249?", reply_to=card)

    second = await standin.post(
        "carol", "general", "try unit cost 170 and learning 80%", reply_to=first.answer
    )

    chained = LAUNCH | {"price": "249", "unit_cost": "170", "learning_rate": "80%"}
    assert fields_of(second.answer) == figures("critical-mass", **chained)
    description = second.answer.embeds[0]["description"]
    assert description.startswith("**What if:** Unit cost $230 → $170; Learning rate 85% → 80%")
    assert "Price $249" in description  # the inputs line keeps the first change
    saved = await standin.click("carol", second.answer, "Save")
    assert saved.modal is not None


async def test_a_what_if_keeps_the_lens_of_the_card(standin):
    card = await standin.slash("alice", "general", "margin", price="199", unit_cost="185")
    posted = await standin.post("bob", "general", "price 179, volume 300k", reply_to=card)
    assert fields_of(posted.answer) == figures(
        "margin", price="179", unit_cost="185", volume="300k"
    )


async def test_a_mention_with_a_lens_and_named_numbers_answers_with_that_lens(standin):
    posted = await standin.post(
        "alice", "general", "@Flywheel margin price 199 cost 185 fixed 2M volume 100k"
    )
    typed = {"price": "199", "unit_cost": "185", "fixed_monthly": "2M", "volume": "100k"}
    assert fields_of(posted.answer) == figures("margin", **typed)
    assert posted.answer.reference is posted.message


async def test_help_answers_with_a_short_guide(standin):
    posted = await standin.post("alice", "general", "@Flywheel help")
    content = posted.answer.content
    assert "**Reply** to any Flywheel card" in content and "What if…" in content
    assert "a reply with @ turned off does not reach me" in content
    assert posted.answer.embeds == []


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("what if we hire a CFO?", "I can only change a plan's inputs"),
        ("what if 249?", "I can't tell which input 249 is for"),
        (
            "price 249 and margin 20%",
            "“margin” could be retail margin, distributor margin or services margin",
        ),
    ],
)
async def test_words_it_cannot_use_get_a_short_reply_not_a_card(standin, said, expected):
    card = await standin.slash("alice", "general", "critical-mass", **LAUNCH)
    posted = await standin.post("bob", "general", said, reply_to=card)
    (answer,) = posted.answers
    assert answer.embeds == [] and answer.attachments == []
    assert expected in answer.content
    assert "Inputs I know: price, unit cost" in answer.content
    assert "For example: `what if price 249 and unit cost 170?`" in answer.content


async def test_it_is_silent_when_not_addressed_or_replied_to_without_the_ping(standin):
    card = await standin.slash("alice", "general", "critical-mass", **LAUNCH)
    plain = await standin.post("bob", "general", "what if price 249?", within=QUICK)
    silent = await standin.post(
        "bob", "general", "what if price 199?", reply_to=card, ping=False, within=QUICK
    )
    assert plain.answers == [] and silent.answers == []


async def test_a_dm_is_read_without_a_mention(standin):
    dm = standin.dm_channel("alice")
    posted = await standin.post("alice", dm, "margin price 199 cost 185")
    assert fields_of(posted.answer) == figures("margin", price="199", unit_cost="185")


def prefilled(outcome: Any) -> dict[str, str | None]:
    return {field.label: field.value for field in outcome.modal.fields}


async def test_the_what_if_command_on_a_card_opens_its_inputs_and_answers_the_change(standin):
    card = await standin.slash("alice", "general", "critical-mass", **LAUNCH)

    opened = await standin.message_command("bob", card, "What if…")

    assert opened.modal.title == "What if… (critical-mass)"
    assert prefilled(opened) == {
        "Price": "199",
        "Unit cost": "230",
        "Learning rate": "85%",
        "Launch volume": "1,000",
        "Peak volume": "10,000",
    }
    answered = await standin.submit_modal("bob", opened, {"Price": "249", "Peak volume": "20k"})
    assert not answered.ephemeral
    changed = LAUNCH | {"price": "249", "peak_volume": "20k"}
    assert fields_of(answered.message) == figures("critical-mass", **changed)
    description = answered.embed["description"]
    assert description.startswith("**What if:** Price $199 → $249; Peak volume 10k → 20k")
    assert "**What moved**" in description


async def test_the_what_if_command_on_a_plain_message_reads_its_named_numbers(standin):
    plain = await standin.post(
        "bob",
        "general",
        "we could sell at 179 with unit cost 160 and 500k volume",
        within=QUICK,
    )
    assert plain.answers == []  # not addressed: the bot did not read it

    opened = await standin.message_command("alice", plain, "What if…")

    # the lens that reads every named input: critical mass reads no `volume`, margins do
    assert opened.modal.title == "What if… (margin)"
    assert prefilled(opened) == {
        "Price": "179",
        "Unit cost": "160",
        "Volume": "500k",
        "Tooling": "0",
        "R&D": "0",
    }
    answered = await standin.submit_modal("alice", opened)
    typed = {"price": "179", "unit_cost": "160", "volume": "500k"}
    assert fields_of(answered.message) == figures("margin", **typed)


async def test_bad_input_in_the_form_is_refused_privately_naming_the_input(standin):
    card = await standin.slash("alice", "general", "margin", price="199", unit_cost="185")
    opened = await standin.message_command("alice", card, "What if…")
    refused = await standin.submit_modal("alice", opened, {"Price": "lots"})
    assert refused.ephemeral
    assert "price: could not read 'lots'" in refused.content


async def test_discuss_opens_a_thread_where_what_ifs_apply_to_the_shared_scenario(standin):
    await standin.slash("alice", "general", "critical-mass", **LAUNCH, save_as="Launch")
    shared = await standin.slash("alice", "general", "scenario share", name="Launch")
    assert [b.label for b in shared.buttons] == ["Fork into my scenarios", "Discuss"]

    started = await standin.click("bob", shared, "Discuss")

    thread = shared.message.thread
    assert thread is not None and thread.name == "Discuss Launch"
    assert started.ephemeral and f"<#{thread.id}>" in started.content
    posted = await standin.post("carol", thread, "@Flywheel what if price 249?")
    answer = posted.answer
    assert answer.channel is thread
    assert fields_of(answer) == figures("critical-mass", **(LAUNCH | {"price": "249"}))
    assert answer.embeds[0]["description"].startswith("**What if on “Launch”:** Price $199 → $249")

    chained = await standin.post("bob", thread, "and peak 20k", reply_to=answer)
    changed = LAUNCH | {"price": "249", "peak_volume": "20k"}
    assert fields_of(chained.answer) == figures("critical-mass", **changed)
    again = await standin.click("carol", shared, "Discuss")
    assert "already open" in again.content


async def test_history_lists_versions_with_what_changed_and_shows_one(standin):
    await standin.slash("alice", "general", "critical-mass", **LAUNCH, save_as="Launch")
    card = await standin.slash("alice", "general", "critical-mass", **LAUNCH)
    await standin.post("alice", "general", "what if price 249?", reply_to=card)
    saved = await standin.slash("alice", "general", "scenario save", name="Launch", overwrite=True)
    assert "Saved “Launch”" in saved.content  # the what-if was alice's last plan

    history = await standin.slash("alice", "general", "scenario history", name="Launch")

    assert history.ephemeral and history.embed["title"] == "History of Launch"
    newest, oldest = history.embed["description"].split("\n")
    assert newest.startswith("**v2** (current) · saved <t:")
    assert newest.endswith(" · Price $199 → $249")
    assert oldest.startswith("**v1** · saved <t:")
    assert "Price $199 · Unit cost $230" in oldest
    first = await standin.slash("alice", "general", "scenario show", name="Launch", version=1)
    assert first.embed["title"].startswith("Launch (version 1)")
    assert "Price $199" in first.embed["description"]
    current = await standin.slash("alice", "general", "scenario show", name="Launch", version=2)
    assert "Price $249" in current.embed["description"]
    missing = await standin.slash("alice", "general", "scenario show", name="Launch", version=7)
    assert missing.ephemeral and "has no version 7" in missing.content


async def test_a_card_is_read_back_from_itself_after_the_bot_restarts(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'flywheel.db'}", chart_workers=1)
    async with StandIn() as standin:
        try:
            async with bot_under_test(standin.bot_settings(settings)):
                card = await standin.slash(
                    "alice", "general", "margin", price="199", unit_cost="185"
                )
            async with bot_under_test(standin.bot_settings(settings)):
                posted = await standin.post("bob", "general", "what if cost 170?", reply_to=card)
        finally:
            use_endpoints(None, None)
    assert fields_of(posted.answer) == figures("margin", price="199", unit_cost="170")
    assert posted.answer.embeds[0]["description"].startswith("**What if:** Unit cost $185 → $170")


@pytest.mark.parametrize(
    "bot_settings",
    [
        Settings(
            database_url=f"sqlite:///{mkdtemp()}/flywheel.db", chart_workers=1, user_rate=(2, 60)
        )
    ],
)
async def test_answers_are_rate_limited_per_user_and_typed_while_made(standin):
    answered = [await standin.post("alice", "general", "@Flywheel margin price 199 cost 185")]
    answered.append(await standin.post("alice", "general", "@Flywheel margin price 199 cost 180"))
    told = await standin.post("alice", "general", "@Flywheel margin price 199 cost 175")
    quiet = await standin.post(
        "alice", "general", "@Flywheel margin price 199 cost 170", within=QUICK
    )
    assert quiet.answers == []  # told once: then quiet until the window ends
    other = await standin.post("bob", "general", "@Flywheel margin price 199 cost 165")

    assert all(posted.answer.embeds for posted in answered)
    assert told.answer.content.startswith("You're going fast: try again in ")
    assert other.answer.embeds  # the limit is per user
    typing = [r for r in standin.requests if r.route == "/channels/{channel_id}/typing"]
    assert len(typing) >= 3


async def test_a_mention_without_a_card_says_what_the_lens_still_needs(standin):
    posted = await standin.post("alice", "general", "@Flywheel what if price 249?")
    content = posted.answer.content
    assert content.startswith("unit_cost is needed for the critical-mass lens")
    assert content.endswith("Or reply to a Flywheel card to change its plan.")


async def test_the_what_if_command_on_a_flywheel_message_that_is_no_card_says_so(standin):
    guide = await standin.post("alice", "general", "@Flywheel help")
    refused = await standin.message_command("alice", guide.answer, "What if…")
    assert refused.ephemeral and refused.modal is None
    assert refused.content.startswith("That Flywheel message is not a card")
