"""Lines typed as in Discord's message box."""

import pytest

from bot.standin.chatbox import parse_command_line
from bot.standin.errors import InputError

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
        ('/scenario save name:"Q3', "is not closed"),
    ],
)
def test_mistakes_are_named(line, message):
    with pytest.raises(InputError, match=message):
        parse(line)
