"""The decision log end to end: decide, list from another member, actuals, plan vs actual, and a
server's decisions never seen from a DM or another server."""

from model import Plan
from model.format import compact
from model.tracking import PlanSeries
from tests.commands.busy import busy_workers

PLANNING = "planning"
LAUNCH = {"price": "199", "unit_cost": "230", "learning_rate": "85%", "tooling": "2M"}
PLAN = Plan(price=199, unit_cost=230, learning_rate=0.85, tooling=2_000_000)
SERIES = PlanSeries.of(PLAN)


async def _decide(standin, user: str = "alice", text: str = "Launch at $199 and ride the curve"):
    saved = await standin.slash(user, PLANNING, "critical-mass", save_as="Phone launch", **LAUNCH)
    assert "Saved as “Phone launch”" in saved.embed["description"]
    return await standin.slash(user, PLANNING, "decide", scenario="Phone launch", decision=text)


def _fields(embed) -> dict[str, str]:
    return {field["name"]: field["value"] for field in embed["fields"]}


async def test_a_decision_is_a_public_card_with_frozen_figures(standin):
    card = await _decide(standin, text="Launch at $199 @everyone **now**")

    assert not card.ephemeral
    assert card.embed["title"] == "Decision: Launch at $199 @everyone \\*\\*now\\*\\*"
    assert "Price $199 · Unit cost $230" in card.embed["description"]
    assert "decided by **Alice** <t:" in card.embed["description"]
    assert "Break-even" in str(_fields(card.embed))
    assert card.attachments[0].filename == "chart.png"
    assert card.message.pinged_user_ids == [] and not card.message.pings_everyone

    # Later edits of the scenario do not change the decision.
    await standin.slash(
        "alice", PLANNING, "critical-mass", save_as="x", price="299", unit_cost="230"
    )
    listed = await standin.slash("bob", PLANNING, "decisions")
    assert listed.ephemeral
    (entry,) = listed.embed["fields"]
    assert entry["name"].startswith("#1 Launch at")
    assert "No actuals yet." in entry["value"]


async def test_actuals_set_plan_against_actual_everywhere(standin):
    card = await _decide(standin)
    units, cost = SERIES.units[3], SERIES.unit_cost[3]

    recorded = await standin.slash(
        "alice", PLANNING, "actuals", scenario="phone launch", month=3,
        units=str(round(units * 0.8)), unit_cost="$240", cash="-2.5M",
    )  # fmt: skip

    assert not recorded.ephemeral
    fields = _fields(recorded.embed)
    assert fields["Tracking"].startswith("**behind**: cumulative cash to month 3")
    assert fields["Units sold, month 3"] == (
        f"plan {compact(units)} · actual {compact(round(units * 0.8))} · error "
        f"{compact(round(units * 0.8) - units)} (-20%)"
    )
    assert fields["Unit cost, month 3"].startswith(f"plan ${cost:,.0f} · actual $240 · error +$")
    assert fields["Cash to date, month 3"].startswith("plan -$")
    assert recorded.attachments[0].filename == "tracking.png"
    assert "ranged input at its midpoint" not in recorded.embed["footer"]["text"]  # none here
    assert recorded.attachments[0].data.startswith(b"\x89PNG")
    # The decision card in the channel now shows plan against actual.
    posted = card.message
    where = standin.world.channel(PLANNING)
    assert recorded.content == (
        "Updated the decision card: https://discord.com/channels/"
        f"{where.guild.id}/{where.id}/{posted.id}"
    )
    assert _fields(posted.embeds[0])["Units sold, month 3"] == fields["Units sold, month 3"]
    assert [a.filename for a in posted.attachments] == ["tracking.png"]

    listed = await standin.slash("carol", PLANNING, "decisions")
    assert "Tracking: **behind**" in listed.embed["fields"][0]["value"]
    shown = await standin.slash("alice", PLANNING, "scenario show", name="Phone launch")
    assert [e["title"] for e in shown.embeds][1].startswith("Decision: Launch at")
    assert [a.filename for a in shown.attachments] == ["chart.png", "tracking.png"]


async def test_actuals_are_checked_and_the_author_or_a_manager_records_them(standin):
    await _decide(standin)

    ranged = await standin.slash(
        "alice", PLANNING, "actuals", scenario="Phone launch", month=2, units="40k-50k"
    )
    assert ranged.ephemeral and "units is what happened: one number" in ranged.content
    nothing = await standin.slash("alice", PLANNING, "actuals", scenario="Phone launch", month=2)
    assert nothing.ephemeral and "Give at least one of units" in nothing.content
    unknown = await standin.slash(
        "alice", PLANNING, "actuals", scenario="Tablet", month=2, units="1k"
    )
    assert unknown.ephemeral and "No decision about 'Tablet' in this server" in unknown.content
    # Everyone in the stand-in's server has Manage Server, so bob may record them too.
    by_manager = await standin.slash(
        "bob", PLANNING, "actuals", scenario="Phone launch", month=2, units="1k"
    )
    assert not by_manager.ephemeral


async def test_a_servers_decisions_are_not_seen_from_a_dm_or_another_server(standin):
    await _decide(standin)
    standin.install_app("bob")
    other = standin.world.guild("Side Project").channels[0]

    elsewhere = await standin.slash("bob", other, "decisions")
    from_dm = await standin.slash("bob", standin.dm_channel("bob"), "decisions")
    actuals = await standin.slash(
        "alice", other, "actuals", scenario="Phone launch", month=1, units="1k"
    )

    assert elsewhere.ephemeral and elsewhere.embed["title"] == "No decisions in this server yet"
    assert from_dm.ephemeral and "belong to a server" in from_dm.content
    assert actuals.ephemeral and "No decision about 'Phone launch'" in actuals.content


async def test_the_log_pages_newest_first(standin):
    await _decide(standin, text="Decision 1")
    for number in range(2, 8):
        await standin.slash(
            "alice", PLANNING, "decide", scenario="Phone launch", decision=f"Decision {number}"
        )

    first = await standin.slash("bob", PLANNING, "decisions")
    names = [f["name"] for f in first.embed["fields"]]
    assert names == [f"#{n} Decision {n}" for n in (7, 6, 5, 4, 3)]
    assert first.embed["title"] == "Decisions in this server (1–5 of 7), newest first"
    assert [b.label for b in first.buttons] == ["Older"]

    older = await standin.click("bob", first, "Older")
    assert [f["name"] for f in older.message.embeds[0]["fields"]] == [
        "#2 Decision 2",
        "#1 Decision 1",
    ]
    assert [b.label for b in older.buttons] == ["Newer"]


async def test_forget_me_keeps_the_decision_without_its_author_or_their_actuals(standin):
    await _decide(standin)
    await standin.slash("alice", PLANNING, "actuals", scenario="Phone launch", month=1, units="1k")
    asked = await standin.slash("alice", PLANNING, "forget-me")
    assert "decisions you recorded stay in the server's log without your name" in asked.content

    await standin.click("alice", asked, "Delete everything about me")

    (entry,) = (await standin.slash("bob", PLANNING, "decisions")).embed["fields"]
    assert "decided by a former member" in entry["value"]
    assert "No actuals yet." in entry["value"]  # the actuals alice recorded went with her


async def test_actuals_autocomplete_offers_the_scenarios_decided_here(standin):
    await _decide(standin)
    other = standin.world.guild("Side Project").channels[0]

    here = await standin.autocomplete("bob", PLANNING, "actuals", "scenario", scenario="pho")
    there = await standin.autocomplete("bob", other, "actuals", "scenario", scenario="pho")

    assert [(c.name, c.value) for c in here] == [("Phone launch", "Phone launch")]
    assert there == []


async def test_removing_a_decision_asks_first_then_clears_its_card(standin):
    card = await _decide(standin)
    await standin.slash("alice", PLANNING, "actuals", scenario="Phone launch", month=1, units="1k")

    asked = await standin.click("alice", card, "Remove")
    assert asked.ephemeral and "Remove decision #1 and its 1 month(s) of actuals" in asked.content
    still = await standin.slash("bob", PLANNING, "decisions")
    assert len(still.embed["fields"]) == 1

    done = await standin.click("alice", asked, "Remove for good")

    assert done.content == "Removed decision #1."
    assert card.message.embeds[0]["title"] == "Decision #1 was removed"
    assert card.message.attachments == [] and card.message.buttons == []
    listed = await standin.slash("bob", PLANNING, "decisions")
    assert listed.embed["title"] == "No decisions in this server yet"


async def test_a_ranged_plan_is_tracked_at_its_midpoints_and_says_so(standin):
    ranged = LAUNCH | {"unit_cost": "200-260", "save_as": "Ranged"}
    await standin.slash("alice", PLANNING, "critical-mass", **ranged)
    await standin.slash("alice", PLANNING, "decide", scenario="Ranged", decision="Go")
    midpoint = PlanSeries.of(PLAN)  # unit cost 230, the range's midpoint

    recorded = await standin.slash(
        "alice", PLANNING, "actuals", scenario="Ranged", month=2, unit_cost="$230"
    )

    fields = _fields(recorded.embed)
    assert fields["Unit cost, month 2"].startswith(
        f"plan ${midpoint.unit_cost[2]:,.0f} · actual $230 · error"
    )
    assert recorded.embed["footer"]["text"].endswith(
        "Plan vs actual reads each ranged input at its midpoint, as the lenses do."
    )


async def test_paging_behind_busy_workers_defers_and_edits_the_page_in_place(standin):
    await _decide(standin, text="Decision 1")
    await standin.slash("alice", PLANNING, "actuals", scenario="Phone launch", month=1, units="1k")
    for number in range(2, 7):
        await standin.slash(
            "alice", PLANNING, "decide", scenario="Phone launch", decision=f"Decision {number}"
        )
    first = await standin.slash("bob", PLANNING, "decisions")

    async with busy_workers(standin):
        older = await standin.click("bob", first, "Older")

    assert older.acknowledged_after < 3.0
    assert older.replied_after > older.acknowledged_after, "the workers were not busy enough"
    assert older.message is first.message  # the same private message, edited in place
    (entry,) = older.message.embeds[0]["fields"]
    assert entry["name"] == "#1 Decision 1" and "Tracking: **" in entry["value"]
