"""Names, notes and references, checked without a database."""

from __future__ import annotations

import pytest

from storage import InvalidInput
from storage.rules import (
    clean_name,
    clean_notes,
    free_name,
    name_key,
    read_export_file,
    scenario_number,
    shorten_quotes,
    shown,
)


def test_names_are_stored_tidy():
    assert clean_name("  Launch \n  plan\t") == "Launch plan"
    assert clean_name("Cafe\u0301") == "Caf\u00e9"  # NFC: one é however it was typed
    assert clean_name("👩‍💻 launch 🏴󠁧󠁢󠁳󠁣󠁴󠁿") == "👩‍💻 launch 🏴󠁧󠁢󠁳󠁣󠁴󠁿"  # ZWJ and flag tags belong to emoji
    assert clean_name("x" * 64) == "x" * 64


def test_name_keys_ignore_case_and_compatibility_forms():
    assert name_key("Straße") == name_key("STRASSE") == "strasse"
    assert name_key("Ｌａｕｎｃｈ") == name_key("launch")  # full-width letters
    assert name_key("ﬁnal") == name_key("FINAL")  # ligature
    assert name_key("Launch A") != name_key("Launch B")


def test_scenario_numbers_fit_a_bigint():
    assert scenario_number(" #12 ") == 12
    assert scenario_number("#9223372036854775807") == 2**63 - 1
    assert scenario_number("#9223372036854775808") is None
    assert scenario_number("12") is None
    assert scenario_number("#12 launch") is None


def test_notes_keep_lines_and_drop_control_codes():
    assert clean_notes("  line 1\r\nline 2\n") == "line 1\nline 2"
    assert clean_notes("   ") is None
    assert clean_notes(None) is None
    assert clean_notes("👩‍💻 from 🏴󠁧󠁢󠁳󠁣󠁴󠁿") == "👩‍💻 from 🏴󠁧󠁢󠁳󠁣󠁴󠁿"  # emoji sequences stay
    with pytest.raises(InvalidInput, match="control"):
        clean_notes("bell\x07")


def test_free_name_counts_up_and_fits_64_characters():
    assert free_name("Launch", "fork", set()) == "Launch (fork)"
    taken = {name_key("Launch (fork)"), name_key("LAUNCH (FORK 2)")}
    assert free_name("Launch", "fork", taken) == "Launch (fork 3)"
    assert free_name("y" * 64, "imported", set()) == "y" * 53 + " (imported)"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Laun\u200dch", "the zero-width character U+200D"),  # joiner between letters
        ("Laun\u200cch", "the zero-width character U+200C"),
        ("Launch\u200b", "the zero-width character U+200B"),
        ("\ufeffLaunch", "the zero-width character U+FEFF"),
        ("Launch\U000e0041\U000e0042", "the tag character U+E0041"),  # hidden ASCII
        ("🏴\U000e0067\U000e0062 launch", "the tag character U+E0067"),  # no CANCEL TAG
        ("Launch\u202egnp.exe", "the text-direction control U+202E"),
        ("Launch\u2066x\u2069", "the text-direction control U+2066"),
        ("Launch\u200f", "the text-direction control U+200F"),
        ("Laun\u00adch", "the invisible character U+00AD"),  # soft hyphen: Cf
        ("Launch\u2061", "the invisible character U+2061"),  # function application: Cf
        ("Launch \u3164", "the invisible character U+3164"),  # Hangul filler (a letter!)
        ("Launch\ufe0f", "the variation selector U+FE0F"),  # after a letter: invisible
    ],
)
def test_names_with_hidden_characters_are_refused_naming_them(name, problem):
    with pytest.raises(InvalidInput) as error:
        clean_name(name)
    assert str(error.value) == (
        f"Scenario names can't contain invisible characters: {problem} would make "
        "two names that look the same."
    )


def test_emoji_keep_their_joiners_selectors_and_flag_tags():
    for name in ("❤️ plan", "1️⃣ plan", "👩🏽‍🚀 launch", "🏴󠁧󠁢󠁷󠁬󠁳󠁿 Wales"):
        assert clean_name(name) == name


def test_error_messages_quote_a_short_prefix_of_a_bad_value():
    assert shown("x" * 5000) == "x" * 39 + "…"
    assert shown("a\n b") == "a b"
    message = shorten_quotes("currency must be like USD; got '" + "X" * 5000 + "' and 'ok'")
    assert message == "currency must be like USD; got '" + "X" * 39 + "…' and 'ok'"
    assert len(shorten_quotes("unknown input " + "y" * 5000)) == 400


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[" * 100_000, "That file is nested far too deep for an export"),
        (b"[" * 17 + b"]" * 17, "That file nests more than 16 levels deep; an export nests 5"),
        (b'{"version": ' + b"9" * 5000 + b"}", "That file has a number 5,000 characters long"),
        (b'{"price": 1' + b"0" * 400 + b".0}", "That file has a number 403 characters long"),
        (b'{"price": -Infinity}', "That file has -Infinity, which is not a number"),
        (b"\xff\xfe", "That file is not UTF-8 text"),
        (b'{"scenarios": [', "That file is not JSON (Expecting value at line 1, column 16)"),
    ],
)
def test_hostile_export_files_get_a_clear_refusal(raw, message):
    with pytest.raises(InvalidInput) as error:
        read_export_file(raw)
    assert str(error.value).startswith(message)
    assert len(str(error.value)) < 200


def test_an_export_file_reads_back():
    raw = '\ufeff{"scenarios": [{"name": "Ünïcode", "plan": {"price": 1.5e2}}]}'.encode()
    assert read_export_file(raw) == {"scenarios": [{"name": "Ünïcode", "plan": {"price": 150.0}}]}
