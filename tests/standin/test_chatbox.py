"""Lines typed as in Discord's message box."""

import pytest

from standin.chatbox import parse_command_line, parse_fields
from standin.errors import InputError

OPTIONS = {
    "critical-mass": ["price", "unit_cost", "learning_rate", "fixed_monthly", "save_as"],
    "scenario save": ["name"],
    "scenario list": [],
}


def parse(line):
    return parse_command_line(line, lambda command: OPTIONS[command])


def test_options_as_people_type_them():
    typed = parse(
        "/critical-mass price:$1,999 unit_cost:180-220 learning_rate:85% fixed_monthly:1.2k"
    )
    assert typed.command == "critical-mass"
    assert typed.options == {
        "price": "$1,999",
        "unit_cost": "180-220",
        "learning_rate": "85%",
        "fixed_monthly": "1.2k",
    }


def test_a_value_runs_until_the_next_option():
    typed = parse("/critical-mass price:199 save_as:Q3 plan, v2..final  unit_cost:230")
    assert typed.options == {"price": "199", "save_as": "Q3 plan, v2..final", "unit_cost": "230"}


def test_quotes_keep_text_together():
    typed = parse('/scenario save name:"price:199 isn\'t \\"low\\""')
    assert typed.command == "scenario save"
    assert typed.options == {"name": 'price:199 isn\'t "low"'}


def test_a_subcommand_without_options():
    assert parse("/scenario list") == parse("  /scenario   list ")
    assert parse("/scenario list").options == {}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("critical-mass price:1", "a command starts with /"),
        ("/ price:1", "type a command name after /"),
        ("/critical-mass cost:1", r"no option 'cost' \(options: fixed_monthly, learning_rate"),
        ("/critical-mass price:1 price:2", "option 'price' is given twice"),
        ("/critical-mass price:1 cost:2", r"no option 'cost'.*double quotes"),
        ('/scenario save name:"Q3', "is not closed"),
    ],
)
def test_mistakes_are_named(line, message):
    with pytest.raises(InputError, match=message):
        parse(line)


def test_form_fields_by_label_with_spaces_in_any_case():
    fields = parse_fields(
        'new NAME:Q3 launch note:"cheaper: by 10%"', ["New name", "Note"], owner="the form"
    )
    assert fields == {"New name": "Q3 launch", "Note": "cheaper: by 10%"}
    assert parse_fields("", ["Note"], owner="the form") == {}
    with pytest.raises(InputError, match="the form has no option 'Title'"):
        parse_fields("Title:x", ["Note"], owner="the form")


def test_colons_inside_a_value_need_no_quotes_when_not_a_word_start():
    typed = parse("/scenario save name:10:30 plan")
    assert typed.options == {"name": "10:30 plan"}
