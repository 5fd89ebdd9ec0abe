"""/help, /playbook and /forget-me end to end."""

import model
from standin import Status


async def test_help_lists_every_command_with_a_line_to_copy(standin):
    outcome = await standin.slash("alice", "general", "help")

    assert outcome.ephemeral
    listed = {field["name"] for field in outcome.embed["fields"]}
    commands = standin.commands()
    registered = {f"/{command['name']}" for command in commands if command["type"] == 1}
    assert registered - {"/help"} <= listed
    assert {command["name"] for command in commands if command["type"] == 3} <= listed
    assert all("`" in field["value"] for field in outcome.embed["fields"])


async def test_playbook_shows_five_lessons_with_sourced_figures(standin):
    outcome = await standin.slash("alice", "general", "playbook")

    fields = outcome.embed["fields"]
    assert [f["name"] for f in fields] == [
        f"{n}. {lesson.title}" for n, lesson in enumerate(model.PLAYBOOK, 1)
    ]
    assert all("**Preset:**" in f["value"] for f in fields)
    assert "(record, " in fields[0]["value"] and "(article)" in fields[0]["value"]
    [chart] = outcome.attachments
    assert chart.data.startswith(b"\x89PNG")


async def test_forget_me_asks_first_then_deletes_everything(standin):
    await standin.slash("alice", "general", "margin", price="199", unit_cost="185", save_as="A")
    asked = await standin.slash("alice", "general", "forget-me")
    assert asked.ephemeral
    listed = await standin.slash("alice", "general", "scenario list")
    assert "A" in listed.embed["description"]

    done = await standin.click("alice", asked, "Delete everything about me")
    assert done.status is Status.REPLIED
    assert "deleted 1 scenario" in done.content

    listed = await standin.slash("alice", "general", "scenario list")
    assert listed.embed["title"] == "No scenarios yet"
    saved = await standin.slash("alice", "general", "scenario save", name="B")
    assert "Nothing to save yet" in saved.content
