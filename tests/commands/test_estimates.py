"""/estimate end to end with three teammates: hidden answers, the asker's reveal, use as range."""

import re

from bot.endpoints import use_endpoints
from bot.runner import running_bot
from bot.settings import Settings
from model.estimates import estimate_range
from model.format import percent
from standin import StandIn, Status
from tests.commands.busy import busy_workers

PLANNING = "planning"


async def _save_launch(standin, user: str = "alice") -> None:
    reply = await standin.slash(
        user, PLANNING, "critical-mass", price="199", unit_cost="230", save_as="Phone launch"
    )
    assert "Saved as “Phone launch”" in reply.embed["description"]


async def _answer(standin, card, user: str, typed: str):
    form = await standin.click(user, card, "Add my estimate")
    assert form.modal is not None, form.content
    answered = await standin.submit_modal(user, form, {"estimate": typed})
    if not answered.followups:  # the card's update came first; the private answer follows
        await answered.next_change()
    return answered


async def test_estimates_stay_hidden_until_the_asker_reveals_them(standin):
    await _save_launch(standin)
    card = await standin.slash(
        "alice", PLANNING, "estimate", scenario="Phone launch", input="unit_cost"
    )
    assert not card.ephemeral
    assert card.embed["title"] == "What's your estimate of unit cost for Phone launch?"
    assert [b.label for b in card.buttons] == ["Add my estimate", "Reveal"]

    bob = await _answer(standin, card, "bob", "170")
    carol = await _answer(standin, card, "carol", "$2.4k")
    changed = await _answer(standin, card, "bob", "$190")

    assert bob.followups[0].ephemeral and "$170" in bob.followups[0].content
    assert changed.followups[0].ephemeral and "$190" in changed.followups[0].content
    assert carol.followups[0].ephemeral
    # The public card counts answers and never shows a value.
    public = standin.channel_messages(PLANNING)[-1]
    assert public.embeds[0]["fields"][0]["value"] == "2 people"
    shown = str(public.embeds) + public.content
    assert not re.search(r"\$1[79]0|2\.4k|\$2,400", shown)
    assert await _reopened_with_own_answer(standin, card, "bob") == "$190"

    refused = await standin.click("bob", card, "Reveal")
    assert refused.ephemeral and refused.content == (
        "Only the person who asked can reveal the estimates."
    )
    assert "Reveal" in [b.label for b in standin.channel_messages(PLANNING)[-1].buttons]

    revealed = await standin.click("alice", card, "Reveal")
    embed = revealed.message.embeds[0]
    assert "• **Bob**: $190" in embed["description"]
    assert "• **Carol**: $2,400" in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    spread = estimate_range([190, 2400])
    assert (fields["Low"], fields["Median"], fields["High"]) == ("$190", "$1,295", "$2,400")
    assert spread.method == "min-max"
    assert fields["Range to plan with: min-max"].startswith("$190–$2,400: lowest to highest of 2")
    assert [b.label for b in revealed.buttons] == ["Use as range"]

    late = await standin.click("carol", revealed, "Use as range")
    assert late.status is Status.REPLIED


async def _reopened_with_own_answer(standin, card, user: str) -> str:
    form = await standin.click(user, card, "Add my estimate")
    return form.modal.fields[0].value


async def test_use_as_range_answers_with_percentiles_and_saves_the_copy(standin):
    await _save_launch(standin)
    card = await standin.slash(
        "alice", PLANNING, "estimate", scenario="Phone launch", input="unit_cost"
    )
    for user, typed in (("alice", "210"), ("bob", "180"), ("carol", "$240")):
        await _answer(standin, card, user, typed)
    await standin.click("alice", card, "Reveal")

    used = await standin.click("bob", card, "Use as range")

    assert not used.ephemeral
    description = used.embed["description"]
    assert "Unit cost $180–$240" in description
    assert "The team's unit cost is the min-max range $180–$240" in description
    assert "Saved in Bob's scenarios as “Phone launch (team estimate)”" in description
    fields = {f["name"]: f["value"] for f in used.embed["fields"]}
    assert any(name.startswith("Chance to break even") for name in fields)
    assert any("P10 · P50 · P90" in name for name in fields)
    assert used.attachments[0].filename == "chart.png"
    copy = "Phone launch (team estimate)"
    mine = await standin.slash("bob", PLANNING, "scenario show", name=copy)
    assert "Unit cost $180–$240" in mine.embed["description"]


async def test_in_dms_an_estimate_is_refused_privately(standin):
    await _save_launch(standin)
    standin.install_app("alice")

    outcome = await standin.slash(
        "alice", standin.dm_channel("alice"), "estimate", scenario="Phone launch", input="price"
    )

    assert outcome.ephemeral
    assert "Team estimates and decisions belong to a server" in outcome.content


async def test_an_estimate_carries_on_after_a_restart(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'flywheel.db'}", chart_workers=1)
    try:
        async with StandIn() as discord:
            async with running_bot(discord.bot_settings(settings)):
                await _save_launch(discord)
                card = await discord.slash(
                    "alice", PLANNING, "estimate", scenario="Phone launch", input="unit_cost"
                )
                await _answer(discord, card, "bob", "180")
                form = await discord.click("carol", card, "Add my estimate")
            async with running_bot(discord.bot_settings(settings)):  # a new process, same database
                carol = await discord.submit_modal("carol", form, {"estimate": "220"})
                await _answer(discord, card, "alice", "200")
                revealed = await discord.click("alice", card, "Reveal")
                used = await discord.click("alice", revealed, "Use as range")
    finally:
        use_endpoints(None, None)

    assert carol.status is Status.REPLIED
    assert "3 estimates" in revealed.message.embeds[0]["description"]
    assert "The team's unit cost is the min-max range $180–$220" in used.embed["description"]


async def test_five_or_more_estimates_plan_with_p10_to_p90(standin):
    await _save_launch(standin)
    team = ["alice", "bob", "carol", "dave", "erin"]
    for name in team[3:]:
        joined = standin.world.add_user(name)
        standin.world.guild("Flywheel HQ").members.append(joined)
    card = await standin.slash(
        "alice", PLANNING, "estimate", scenario="Phone launch", input="learning_rate",
        question="How steep is our learning curve, really?",
    )  # fmt: skip
    typed = ["80%", "84%", "85%", "88%", "0.6"]  # one outlier
    for user, value in zip(team, typed, strict=True):
        await _answer(standin, card, user, value)

    revealed = await standin.click("alice", card, "Reveal")
    used = await standin.click("carol", revealed, "Use as range")

    spread = estimate_range([0.80, 0.84, 0.85, 0.88, 0.60])
    assert spread.method == "P10-P90" and spread.low > 0.60
    embed = revealed.message.embeds[0]
    assert embed["title"] == "How steep is our learning curve, really?"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert (fields["Low"], fields["Median"], fields["High"]) == ("60%", "84%", "88%")
    assert fields["Range to plan with: P10-P90"] == (
        f"{percent(spread.low)}–{percent(spread.high)}: P10 to P90 of 5 estimates: with 5 or "
        "more, the outer tails are left out so one outlier does not stretch the range."
    )
    assert "The team's learning rate is the P10-P90 range" in used.embed["description"]
    assert (
        f"Learning rate {percent(spread.low)}–{percent(spread.high)}" in used.embed["description"]
    )


async def test_an_estimate_is_asked_and_checked_the_way_the_plan_holds_the_input(standin):
    await _save_launch(standin)  # selling cost per unit, the default
    card = await standin.slash(
        "alice", PLANNING, "estimate", scenario="Phone launch", input="selling_cost"
    )
    form = await standin.click("bob", card, "Add my estimate")
    assert form.modal.title == "Your estimate of selling cost"
    assert form.modal.fields[0].placeholder == "like 8 (per unit); hidden until revealed"

    share = await standin.submit_modal("bob", form, {"estimate": "4%"})
    assert share.ephemeral and share.content == (
        "This plan holds selling cost as money per unit, like 8: give your estimate that way."
    )
    again = await standin.click("bob", card, "Add my estimate")
    ranged = await standin.submit_modal("bob", again, {"estimate": "6-9"})
    assert ranged.ephemeral and "An estimate is one number" in ranged.content
    assert standin.channel_messages(PLANNING)[-1].embeds[0]["fields"][0]["value"] == "0 people"


async def test_a_reveal_behind_busy_workers_defers_and_updates_the_card(standin):
    await _save_launch(standin)
    card = await standin.slash(
        "alice", PLANNING, "estimate", scenario="Phone launch", input="unit_cost"
    )
    await _answer(standin, card, "bob", "180")

    async with busy_workers(standin):
        revealed = await standin.click("alice", card, "Reveal")

    assert revealed.acknowledged_after < 3.0
    assert revealed.replied_after > revealed.acknowledged_after, "the workers were not busy"
    assert revealed.message is card.message
    assert "• **Bob**: $180" in card.message.embeds[0]["description"]
    assert [b.label for b in card.message.buttons] == ["Use as range"]


async def test_when_everyone_agrees_there_is_no_range_to_plan_with(standin):
    await _save_launch(standin)
    card = await standin.slash(
        "alice", PLANNING, "estimate", scenario="Phone launch", input="unit_cost"
    )
    for user in ("alice", "bob"):
        await _answer(standin, card, user, "$205")
    await standin.click("alice", card, "Reveal")

    used = await standin.click("alice", card, "Use as range")

    assert (
        "The team's unit cost is $205: everyone gave the same number" in used.embed["description"]
    )
    assert "**Inputs:** Price $199 · Unit cost $205\n" in used.embed["description"]
    assert not any("P10 · P50 · P90" in f["name"] for f in used.embed["fields"])
