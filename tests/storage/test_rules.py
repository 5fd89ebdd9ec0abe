"""Names, notes and references, checked without a database."""

from __future__ import annotations

import pytest

from storage import InvalidInput
from storage.rules import clean_name, clean_notes, free_name, name_key, scenario_number


def test_names_are_stored_tidy():
    assert clean_name("  Launch \n  plan\t") == "Launch plan"
    assert clean_name("Cafe\u0301") == "Caf\u00e9"  # NFC: one é however it was typed
    assert clean_name("👩‍💻 launch 🏴󠁧󠁢󠁳󠁣󠁴󠁿") == "👩‍💻 launch 🏴󠁧󠁢󠁳󠁣󠁴󠁿"  # ZWJ and flag tags belong to emoji
    assert clean_name("x" * 64) == "x" * 64


def test_right_to_left_overrides_are_refused():
    with pytest.raises(InvalidInput, match="invisible"):
        clean_name("Launch\u202egnp.exe")


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
    with pytest.raises(InvalidInput, match="control"):
        clean_notes("bell\x07")


def test_free_name_counts_up_and_fits_64_characters():
    assert free_name("Launch", "fork", set()) == "Launch (fork)"
    taken = {name_key("Launch (fork)"), name_key("LAUNCH (FORK 2)")}
    assert free_name("Launch", "fork", taken) == "Launch (fork 3)"
    assert free_name("y" * 64, "imported", set()) == "y" * 53 + " (imported)"
