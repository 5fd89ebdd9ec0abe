"""/sensitivity end to end."""

import model


async def test_tornado_ranks_the_inputs_that_move_the_figure_most(standin):
    await standin.slash(
        "alice",
        "general",
        "critical-mass",
        price="199",
        unit_cost="230",
        tooling="2M",
        save_as="Launch",
    )
    outcome = await standin.slash(
        "alice", "general", "sensitivity", scenario="Launch", metric="npv"
    )

    assert not outcome.ephemeral
    description = outcome.embed["description"].lower()
    assert "what moves the npv over the horizon (discounted, within the horizon)" in description
    fields = outcome.embed["fields"]
    assert 1 <= len(fields) <= 6
    plan = model.Plan(price=199, unit_cost=230, tooling=2e6)
    top = model.sensitivity(plan, "npv").bars[0]
    assert fields[0]["name"] == model.FIELDS[top.input].label
    assert outcome.attachments[0].data.startswith(b"\x89PNG")


async def test_unknown_scenario_is_a_private_message(standin):
    outcome = await standin.slash("alice", "general", "sensitivity", scenario="Nope")
    assert outcome.ephemeral and "Nope" in outcome.content
