"""The words for plan inputs, and what-ifs in words read into values with the input language."""

from __future__ import annotations

import pytest

from model import FIELDS, Cost, Range, Retention, parse_input
from model.vocabulary import AMBIGUOUS, VOCABULARY, WORDS, known_inputs, read_words


def test_every_input_has_its_own_name_and_label_as_words():
    assert VOCABULARY.keys() == FIELDS.keys()
    for name, info in FIELDS.items():
        assert WORDS[name.replace("_", " ")] == name
        assert WORDS[info.label.lower()] == name


@pytest.mark.parametrize(
    ("word", "field"),
    [
        ("cost", "unit_cost"),
        ("learning", "learning_rate"),
        ("peak", "peak_volume"),
        ("arpu", "services_arpu"),
        ("r&d", "rnd"),
        ("fixed", "fixed_monthly"),
        ("volume", "volume"),
        ("tooling", "tooling"),
        ("sell at", "price"),
    ],
)
def test_common_synonyms_name_one_input(word, field):
    assert WORDS[word] == field


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("what if price 249?", {"price": "249"}),
        ("try unit cost 170 and learning 80%", {"unit_cost": "170", "learning_rate": "80%"}),
        ("price 179, peak 300k", {"price": "179", "peak_volume": "300k"}),
        (
            "we could sell at 179 with unit cost 160 and 500k volume",
            {"price": "179", "unit_cost": "160", "volume": "500k"},
        ),
        (
            "price 199 cost 185 fixed 2M volume 100k",
            {"price": "199", "unit_cost": "185", "fixed_monthly": "2M", "volume": "100k"},
        ),
        ("what if the price was $1,999", {"price": "$1,999"}),
        ("price from 199 to 249", {"price": "249"}),  # a change, not a range
    ],
)
def test_named_numbers_are_read_as_typed_and_valued_by_the_input_language(text, typed):
    reading = read_words(text)
    assert reading.problems == []
    assert reading.typed == typed
    assert reading.values == {name: parse_input(name, value) for name, value in typed.items()}


def test_values_keep_their_forms_ranges_shares_and_bases():
    reading = read_words(
        "price 180-220, learning 80%-90%, selling cost 4%, marketing 50k/month, retention 24mo"
    )
    assert reading.problems == []
    assert reading.values == {
        "price": Range(180, 220),
        "learning_rate": Range(0.8, 0.9),
        "selling_cost": Cost(0.04, "share"),
        "marketing": Cost(50_000, "per_month"),
        "retention": Retention(24, "lifetime"),
    }


def test_words_it_does_not_know_name_nothing():
    reading = read_words("what if we hire a CFO?")
    assert (reading.typed, reading.problems, reading.named_anything) == ({}, [], False)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("what if 249?", "I can't tell which input 249 is for"),
        ("margin 20%", "“margin” could be retail margin, distributor margin or services margin"),
        ("rate 10%", "“rate” could be learning rate or discount rate"),
        ("price 199 and price 249", "price is given twice (199 and 249)"),
        ("price cost 199", "“price” has no number next to it"),
        ("learning 180%", "learning_rate must be in (0, 1]"),
        ("price 20%", "'20%' is a percentage, but price is money"),
    ],
)
def test_what_it_cannot_tell_is_reported_not_guessed(text, problem):
    reading = read_words(text)
    assert any(problem in said for said in reading.problems), reading.problems
    assert reading.named_anything


def test_an_ambiguous_word_keeps_the_clear_ones_but_says_what_is_unclear():
    reading = read_words("price 249 and margin 20%")
    assert reading.typed == {"price": "249"}
    assert len(reading.problems) == 1


def test_the_ambiguous_words_are_not_also_synonyms():
    assert not AMBIGUOUS.keys() & WORDS.keys()
    for names in AMBIGUOUS.values():
        assert set(names) <= FIELDS.keys()


def test_the_short_list_names_every_input_in_words_it_reads():
    names = known_inputs().split(", ")
    assert len(names) == len(FIELDS)
    assert [WORDS[word] for word in names] == list(FIELDS)
