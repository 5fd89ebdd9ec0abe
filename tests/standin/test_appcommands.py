"""Registered commands and typed options, converted the way Discord's client converts them."""

import pytest

from standin.appcommands import CommandRegistry, Upload, command_data, convert
from standin.errors import DiscordError, InputError
from standin.messages import MessageStore
from standin.world import World

SCENARIO = {
    "name": "scenario",
    "description": "Saved plans",
    "options": [
        {
            "type": 1,
            "name": "save",
            "description": "Save a plan",
            "options": [{"type": 3, "name": "name", "description": "its name", "required": True}],
        },
        {
            "type": 2,
            "name": "share",
            "description": "Share plans",
            "options": [
                {
                    "type": 1,
                    "name": "link",
                    "description": "A link",
                    "options": [{"type": 5, "name": "public", "description": "for all?"}],
                }
            ],
        },
        {
            "type": 1,
            "name": "import",
            "description": "Import a file",
            "options": [{"type": 11, "name": "file", "description": "JSON", "required": True}],
        },
    ],
}
MARGIN = {
    "name": "margin",
    "description": "Margins",
    "options": [
        {"type": 10, "name": "price", "description": "p", "required": True, "min_value": 0},
        {"type": 4, "name": "volume", "description": "v", "max_value": 10**9},
        {"type": 3, "name": "scenario", "description": "s", "autocomplete": True},
        {
            "type": 3,
            "name": "metric",
            "description": "m",
            "choices": [
                {"name": "Break-even month", "value": "break_even"},
                {"name": "Break-even units", "value": "break_even_units"},
            ],
        },
    ],
}


@pytest.fixture
def world():
    return World.default()


@pytest.fixture
def registry(world):
    registry = CommandRegistry(world.new_id, world.application.id)
    registry.overwrite(None, [SCENARIO, MARGIN])
    return registry


def no_uploads(upload):
    raise AssertionError("no file expected")


def test_a_command_keeps_its_id_when_registered_again(registry):
    first = {c["name"]: c["id"] for c in registry.listing(None)}
    again = registry.overwrite(None, [MARGIN])
    assert again[0]["id"] == first["margin"]
    assert again[0]["application_id"] == str(registry.application_id)
    assert [c["name"] for c in registry.listing(None)] == ["margin"]


def test_a_refused_list_changes_nothing(registry):
    with pytest.raises(DiscordError) as refused:
        registry.overwrite(None, [{"name": "Margin", "description": "x"}])
    assert (refused.value.status, refused.value.code) == (400, 50035)
    assert [c["name"] for c in registry.listing(None)] == ["scenario", "margin"]


def test_guild_commands_shadow_global_ones(registry, world):
    hq = world.guild("Flywheel HQ")
    registry.overwrite(hq.id, [{**MARGIN, "description": "HQ margins"}])
    seen = {c["name"]: c["description"] for c in registry.available_in(hq)}
    assert seen == {"margin": "HQ margins", "scenario": "Saved plans"}
    other = world.guild("Side Project")
    assert {c["name"]: c["description"] for c in registry.available_in(other)}[
        "margin"
    ] == "Margins"


def test_subcommands_nest_in_the_interaction_data(registry, world):
    guild = world.guilds[0]
    invocation = registry.invocation(guild, "/scenario share link")
    data = command_data(invocation, {"public": "false"}, upload=no_uploads)
    assert data["name"] == "scenario"
    assert data["options"] == [
        {
            "type": 2,
            "name": "share",
            "options": [
                {
                    "type": 1,
                    "name": "link",
                    "options": [{"type": 5, "name": "public", "value": False}],
                }
            ],
        }
    ]


def test_typed_values_become_discord_types(registry, world):
    invocation = registry.invocation(world.guilds[0], "margin")
    data = command_data(
        invocation,
        {"price": "199.5", "volume": "120000", "metric": "break-even m"},
        upload=no_uploads,
    )
    assert data["options"] == [
        {"type": 10, "name": "price", "value": 199.5},
        {"type": 4, "name": "volume", "value": 120000},
        {"type": 3, "name": "metric", "value": "break_even"},
    ]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("price", "$199", "price must be a number"),
        ("price", "nan", "price must be a finite number"),
        ("price", "-1", "price must be at least 0"),
        ("volume", "1.5k", "volume must be a whole number"),
        ("volume", str(10**10), "volume must be at most 1000000000"),
        ("metric", "npv", "metric must be one of: Break-even month, Break-even units"),
        ("metric", "break-even", "metric must be one of: Break-even month, Break-even units"),
    ],
)
def test_values_discords_client_refuses(registry, world, name, value, message):
    invocation = registry.invocation(world.guilds[0], "margin")
    with pytest.raises(InputError, match=message):
        command_data(invocation, {"price": "1", name: value}, upload=no_uploads)


def test_booleans_read_as_people_type_them():
    schema = {"type": 5, "name": "public"}
    assert [convert(schema, word) for word in ("true", "Yes", "on", "false", "no", False)] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    with pytest.raises(InputError, match="public must be true or false"):
        convert(schema, "maybe")


def test_an_attachment_option_carries_the_uploaded_file(registry, world):
    store = MessageStore(world)
    channel = world.channel("general")
    invocation = registry.invocation(world.guilds[0], "scenario import")

    def upload(file):
        return store.upload(channel, file.filename, file.data, ephemeral=True)

    data = command_data(invocation, {"file": Upload("plan.json", b"{}")}, upload=upload)
    ((attachment_id, attachment),) = data["resolved"]["attachments"].items()
    assert data["options"][0]["options"] == [{"type": 11, "name": "file", "value": attachment_id}]
    assert attachment["filename"] == "plan.json"
    assert attachment["content_type"] == "application/json"
    assert attachment["url"].endswith(f"/attachments/{channel.id}/{attachment_id}/plan.json")


def test_a_missing_file_is_said_plainly(tmp_path):
    with pytest.raises(InputError, match=r"cannot attach .*nothing\.json"):
        convert({"type": 11, "name": "file"}, str(tmp_path / "nothing.json"))


def test_autocomplete_sends_the_focused_value_as_typed(registry, world):
    invocation = registry.invocation(world.guilds[0], "margin")
    data = command_data(
        invocation, {"price": "19", "scenario": "Q"}, upload=no_uploads, focused="scenario"
    )
    assert data["options"] == [
        {"type": 10, "name": "price", "value": "19"},
        {"type": 3, "name": "scenario", "value": "Q", "focused": True},
    ]
    with pytest.raises(InputError, match="has no autocomplete"):
        command_data(invocation, {"price": "1"}, upload=no_uploads, focused="price")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type a command"),
        ("/scenario", "/scenario needs a subcommand: save, share, import"),
        (
            "/scenario rename",
            r"/scenario has no subcommand 'rename' \(choose: import, save, share\)",
        ),
        ("/margin extra", "/margin has no subcommand 'extra'"),
        ("/growth", r"unknown command /growth \(commands: /margin, /scenario\)"),
    ],
)
def test_unknown_commands_are_named(registry, world, typed, message):
    with pytest.raises(InputError, match=message):
        registry.invocation(world.guilds[0], typed)
