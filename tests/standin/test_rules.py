"""Discord's rules, on the examples its documentation gives."""

import pytest

from standin.rules import (
    command_list_problems,
    embed_text_size,
    form_errors,
    is_valid_name,
    message_problems,
)


@pytest.mark.parametrize(
    "name",
    ["critical-mass", "forget-me", "save_as", "a", "x" * 32, "ñandú", "名前", "नमस्ते", "it's"],
)
def test_valid_command_names(name):
    assert is_valid_name(name)


@pytest.mark.parametrize(
    "name", ["", "x" * 33, "Critical-Mass", "two words", "cash$", "a.b", "rocket🚀", None, 7]
)
def test_invalid_command_names(name):
    assert not is_valid_name(name)


def test_context_menu_names_may_have_capitals_and_spaces():
    assert is_valid_name("Fork Scenario", slash=False)
    assert not is_valid_name("Fork Scenario")
    assert not is_valid_name(" ", slash=False)


def command(**overrides):
    return {"name": "margin", "description": "Margins per unit", "type": 1, **overrides}


def option(name, kind=3, **overrides):
    return {"name": name, "description": f"the {name}", "type": kind, **overrides}


def paths(problems):
    return [(problem.path, problem.code) for problem in problems]


def test_a_good_command_list_has_no_problems():
    scenario = command(
        name="scenario",
        options=[
            option("save", 1, options=[option("name", required=True)]),
            option("share", 2, options=[option("link", 1)]),
        ],
    )
    assert (
        command_list_problems(
            [command(options=[option("price", required=True)]), scenario], scope_is_global=True
        )
        == []
    )


def test_what_discord_rejects_in_commands():
    problems = command_list_problems(
        [
            command(name="Margin", description=""),
            command(options=[option(f"o{i}") for i in range(26)]),
            command(name="dup"),
            command(name="dup"),
            command(name="order", options=[option("a"), option("b", required=True)]),
            command(
                name="both",
                options=[option("x", choices=[{"name": "a", "value": "a"}], autocomplete=True)],
            ),
            command(
                name="deep",
                options=[option("g", 2, options=[option("h", 2, options=[option("s", 1)])])],
            ),
        ],
        scope_is_global=True,
    )
    assert paths(problems) == [
        ((0, "name"), "APPLICATION_COMMAND_INVALID_NAME"),
        ((0, "description"), "BASE_TYPE_BAD_LENGTH"),
        ((1, "options"), "BASE_TYPE_MAX_LENGTH"),
        ((3, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME"),
        ((4, "options", 1), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID"),
        ((5, "options", 0, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID"),
        ((6, "options", 0, "options", 0, "type"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID"),
        (
            (6, "options", 0, "options", 0, "options", 0, "type"),
            "APPLICATION_COMMAND_OPTION_TYPE_INVALID",
        ),
        ((6, "options", 0, "options"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID"),
    ]


def test_a_command_over_8000_characters_is_too_large():
    options = [
        option(
            f"o{i}",
            description="d" * 100,
            choices=[{"name": "n" * 100, "value": "v" * 100} for _ in range(25)],
        )
        for i in range(2)
    ]
    (problem,) = command_list_problems([command(options=options)], scope_is_global=False)
    assert problem.code == "APPLICATION_COMMAND_TOO_LARGE"
    assert "10226 > 8000" in problem.message


def test_at_most_100_global_slash_commands():
    many = [command(name=f"c{i}") for i in range(101)]
    assert paths(command_list_problems(many, scope_is_global=True)) == [
        ((), "APPLICATION_COMMAND_TOO_MANY")
    ]
    assert command_list_problems(many, scope_is_global=False) == []


def test_form_errors_nest_like_discords():
    problems = command_list_problems([command(name="Bad")], scope_is_global=True)
    assert form_errors(problems) == {
        "0": {
            "name": {
                "_errors": [
                    {"code": "APPLICATION_COMMAND_INVALID_NAME", "message": problems[0].message}
                ]
            }
        }
    }


def test_embed_total_counts_titles_descriptions_fields_footers_and_authors():
    embed = {
        "title": "ab",
        "description": "cde",
        "fields": [{"name": "f", "value": "gh"}],
        "footer": {"text": "ijkl"},
        "author": {"name": "m"},
        "image": {"url": "attachment://chart.png"},
    }
    assert embed_text_size([embed, embed]) == 2 * 13


def test_six_thousand_characters_across_all_embeds():
    embeds = [{"description": "x" * 4000}, {"description": "y" * 2001}]
    problems = message_problems({"embeds": embeds}, file_sizes=[], creating=True)
    assert paths(problems) == [(("embeds",), "MESSAGE_EMBED_SIZE_EXCEEDED")]
    embeds[1]["description"] = "y" * 2000
    assert message_problems({"embeds": embeds}, file_sizes=[], creating=True) == []


def test_what_discord_rejects_in_messages():
    row = {
        "type": 1,
        "components": [{"type": 2, "style": 1, "label": "Go", "custom_id": "c" * 101}],
    }
    body = {
        "content": "x" * 2001,
        "embeds": [{"title": "t" * 257, "fields": [{"name": "n", "value": ""}]}],
        "components": [row] * 6,
        "attachments": [{"id": 0, "description": "d" * 1025}],
    }
    assert paths(message_problems(body, file_sizes=[1], creating=True)) == [
        (("content",), "BASE_TYPE_MAX_LENGTH"),
        (("embeds", 0, "title"), "BASE_TYPE_MAX_LENGTH"),
        (("embeds", 0, "fields", 0, "value"), "BASE_TYPE_BAD_LENGTH"),
        (("components",), "BASE_TYPE_MAX_LENGTH"),
        (("components", 0, "components", 0, "custom_id"), "BASE_TYPE_BAD_LENGTH"),
        (("components", 1, "components", 0, "custom_id"), "BASE_TYPE_BAD_LENGTH"),
        (("components", 1, "components", 0, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED"),
        *[
            (("components", i, "components", 0, "custom_id"), code)
            for i in range(2, 6)
            for code in ("BASE_TYPE_BAD_LENGTH", "COMPONENT_CUSTOM_ID_DUPLICATED")
        ],
        (("attachments", 0, "description"), "BASE_TYPE_MAX_LENGTH"),
    ]


def test_an_empty_message_cannot_be_sent_but_an_edit_may_clear_it():
    assert paths(message_problems({"content": ""}, file_sizes=[], creating=True)) == [
        ((), "MESSAGE_EMPTY")
    ]
    assert message_problems({"content": ""}, file_sizes=[], creating=False) == []
