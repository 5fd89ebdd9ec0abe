"""/scenario end to end: private until shared, forkable once shared, exported and imported."""

import json

from standin import Upload


async def _save(standin, user: str, name: str, price: str = "199") -> None:
    reply = await standin.slash(
        user, "general", "critical-mass", price=price, unit_cost="230", save_as=name
    )
    assert f"Saved as “{name}”" in reply.embed["description"]


async def test_list_and_show_are_private_to_their_owner(standin):
    await _save(standin, "alice", "Secret launch")

    listed = await standin.slash("alice", "general", "scenario list")
    assert listed.ephemeral and "Secret launch" in listed.embed["description"]
    shown = await standin.slash("alice", "general", "scenario show", name="Secret launch")
    assert shown.ephemeral and shown.embed["title"].startswith("Secret launch")
    assert [b.label for b in shown.buttons] == ["Share in this channel"]


async def test_another_user_cannot_see_change_or_delete_a_private_scenario(standin):
    await _save(standin, "alice", "Secret launch")

    for command, options in [
        ("scenario show", {"name": "Secret launch"}),
        ("scenario delete", {"name": "Secret launch"}),
        ("scenario rename", {"name": "Secret launch", "new_name": "Mine now"}),
        ("scenario fork", {"scenario": "Secret launch"}),
        ("margin", {"scenario": "Secret launch"}),
    ]:
        outcome = await standin.slash("bob", "general", command, **options)
        assert outcome.ephemeral, command
        assert "no scenario" in outcome.content.lower(), command
        assert "'Secret launch'" in outcome.content, command
    assert await standin.autocomplete("bob", "general", "margin", "scenario") == []
    still = await standin.slash("alice", "general", "scenario show", name="Secret launch")
    assert still.embed["title"].startswith("Secret launch")


async def test_share_posts_publicly_and_a_teammate_forks_it(standin):
    await _save(standin, "alice", "Launch", price="249")

    shared = await standin.slash("alice", "general", "scenario share", name="Launch")
    assert not shared.ephemeral
    assert "Price $249" in shared.embed["description"]
    assert "Shared by Alice" in shared.embed["footer"]["text"]

    forked = await standin.click("bob", shared, "Fork into my scenarios")
    assert forked.ephemeral and "“Launch (fork)”" in forked.content
    mine = await standin.slash("bob", "general", "scenario show", name="Launch (fork)")
    assert "Price $249" in mine.embed["description"]

    again = await standin.slash("carol", "general", "scenario fork", scenario="Launch")
    assert "“Launch (fork)”" in again.content

    alices = await standin.slash("alice", "general", "scenario list")
    assert "**Launch** · shared · updated" in alices.embed["description"]
    bobs = await standin.slash("bob", "general", "scenario list")
    assert "**Launch (fork)** · fork · updated" in bobs.embed["description"]


async def test_autocomplete_offers_own_then_shared_scenarios(standin):
    await _save(standin, "alice", "Launch A")
    await _save(standin, "alice", "Later")
    await _save(standin, "bob", "Launch B")
    await standin.slash("alice", "general", "scenario share", name="Launch A")

    alice = await standin.autocomplete("alice", "general", "margin", "scenario", scenario="La")
    assert [c.name for c in alice] == ["Later", "Launch A"]  # by name
    bob = await standin.autocomplete("bob", "general", "margin", "scenario", scenario="laun")
    assert bob[0].name == "Launch B"
    assert bob[1].name.startswith("Launch A (shared #")

    used = await standin.slash("bob", "general", "margin", scenario=bob[1].value)
    assert not used.ephemeral and "Price $199" in used.embed["description"]


async def test_compare_overlays_scenarios_and_names_the_inputs_that_differ(standin):
    await _save(standin, "alice", "Cheap", price="179")
    await _save(standin, "alice", "Dear", price="249")

    outcome = await standin.slash(
        "alice", "general", "scenario compare", first="Cheap", second="Dear"
    )
    assert outcome.ephemeral
    assert "Inputs that differ: Price." in outcome.embed["description"]
    assert [f["name"] for f in outcome.embed["fields"]] == ["Cheap", "Dear"]
    assert outcome.attachments[0].data.startswith(b"\x89PNG")


async def test_rename_then_delete(standin):
    await _save(standin, "alice", "Draft")

    renamed = await standin.slash(
        "alice", "general", "scenario rename", name="draft", new_name="Final"
    )
    assert "Renamed to “Final”" in renamed.content
    taken = await standin.slash("alice", "general", "scenario save", name="final")
    assert "already have a scenario called 'final'" in taken.content

    deleted = await standin.slash("alice", "general", "scenario delete", name="Final")
    assert "Deleted" in deleted.content
    listed = await standin.slash("alice", "general", "scenario list")
    assert listed.embed["title"] == "No scenarios yet"


async def test_export_then_import_into_another_account(standin):
    await _save(standin, "alice", "Launch", price="249")
    await _save(standin, "alice", "Plan B")

    exported = await standin.slash("alice", "general", "scenario export")
    assert exported.ephemeral
    files = {a.filename: a.data for a in exported.attachments}
    data = json.loads(files["flywheel-scenarios.json"])
    assert [s["name"] for s in data["scenarios"]] == ["Launch", "Plan B"]
    csv_lines = files["flywheel-monthly.csv"].decode().splitlines()
    assert csv_lines[0].startswith("scenario,month")
    assert len(csv_lines) == 1 + 2 * 37  # months 0..36 of each scenario

    upload = Upload("flywheel-scenarios.json", files["flywheel-scenarios.json"], "application/json")
    imported = await standin.slash("bob", "general", "scenario import", file=upload)
    assert "Imported 2" in imported.content
    shown = await standin.slash("bob", "general", "scenario show", name="Launch")
    assert "Price $249" in shown.embed["description"]


async def test_import_refuses_what_is_not_an_export(standin):
    upload = Upload("notes.json", b"not json at all", "application/json")
    outcome = await standin.slash("alice", "general", "scenario import", file=upload)
    assert outcome.ephemeral and "not JSON" in outcome.content
