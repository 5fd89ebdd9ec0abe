"""The contract check itself: it passes what Discord accepts and catches what it refuses."""

import pytest

from standin.rest import RecordedRequest
from tests.discord_contract import contract, missing_reason

pytestmark = pytest.mark.skipif(missing_reason() is not None, reason=str(missing_reason()))

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
COMMANDS = "/applications/{application_id}/commands"


def sent(route, body, method="POST"):
    return RecordedRequest(method, route, route, {}, body)


def reply(**data):
    return sent(CALLBACK, {"type": 4, "data": {"content": "hi", **data}})


def test_a_reply_as_discord_py_sends_it_passes():
    body = reply(
        embeds=[
            {
                "title": "Break-even",
                "type": "rich",
                "flags": 0,
                "image": {"url": "attachment://c.png"},
            }
        ],
        attachments=[{"id": 0, "filename": "c.png", "description": "cash"}],
        components=[
            {"type": 1, "components": [{"type": 2, "style": 1, "label": "Save", "custom_id": "s"}]}
        ],
        allowed_mentions={"parse": []},
        flags=64,
        tts=False,
    )
    assert contract().request_problems(body) == []


def test_a_misspelt_key_is_caught():
    (problem,) = contract().request_problems(reply(embedz=[]))
    assert "'embedz' was unexpected" in problem


def test_a_wrong_type_is_caught():
    (problem,) = contract().request_problems(reply(content=12))
    assert problem.startswith("data/content: 12 is not of type")


def test_the_embed_total_is_checked():
    embeds = [{"description": "x" * 4000}, {"description": "y" * 2001}]
    assert contract().request_problems(reply(embeds=embeds)) == [
        "embeds hold 6001 characters, over Discord's 6000"
    ]


def test_command_names_are_checked():
    commands = [
        {
            "name": "margin",
            "description": "Margins",
            "options": [{"type": 10, "name": "Unit Cost", "description": "per unit"}],
        },
        {"name": "Fork Scenario", "type": 3},
    ]
    assert contract().request_problems(sent(COMMANDS, commands, "PUT")) == [
        "command or option name 'Unit Cost' breaks Discord's pattern"
    ]


def test_an_unknown_callback_type_is_caught():
    assert contract().request_problems(sent(CALLBACK, {"type": 3})) != []


def test_answers_are_checked_too():
    answered = RecordedRequest(
        "GET",
        "/gateway/bot",
        "/gateway/bot",
        {},
        None,
        status=200,
        response={"url": "ws://127.0.0.1:1/gateway", "shards": 1},
    )
    (problem,) = contract().response_problems(answered)
    assert "'session_start_limit' is a required property" in problem


def test_a_route_the_stand_in_lacks_is_a_problem():
    unknown = RecordedRequest("GET", "/guilds/1/roles", None, {}, None, status=404)
    assert contract().request_problems(unknown) == [
        "no such route in the stand-in (GET /guilds/1/roles)"
    ]
