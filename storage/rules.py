"""What may be stored: names, notes, plans and how many scenarios. Checked before any write."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Set

from model import Plan, PlanError
from storage.errors import InvalidInput

NAME_MAX = 64
NOTES_MAX = 1000
SCENARIOS_MAX = 200
_KEY_MAX = 4 * NAME_MAX  # compatibility forms can expand a name (a ligature becomes letters)
_ROW_ID_MAX = 2**63 - 1

# "#12" is a scenario's number (autocomplete and scenario cards use it); no name may look like it.
_NUMBER = re.compile(r"#(\d{1,19})")
# Invisible characters that belong in emoji sequences: zero width joiner and the flag tags.
_EMOJI_FORMAT = {"\u200d", *map(chr, range(0xE0020, 0xE0080))}


def clean_name(name: object) -> str:
    """The name as stored: NFC, runs of spaces collapsed, 1-64 visible characters."""
    if not isinstance(name, str):
        raise InvalidInput("A scenario name must be text.")
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not any(unicodedata.category(char)[0] in "LNPS" for char in cleaned):
        raise InvalidInput(f"A scenario name needs 1-{NAME_MAX} visible characters.")
    if any(_invisible(char) for char in cleaned):
        raise InvalidInput("Scenario names can't contain control or invisible characters.")
    if len(cleaned) > NAME_MAX or len(name_key(cleaned)) > _KEY_MAX:
        raise InvalidInput(
            f"Scenario names are at most {NAME_MAX} characters; that one has {len(cleaned)}."
        )
    if _NUMBER.fullmatch(cleaned):
        raise InvalidInput(
            f"'{cleaned}' looks like a scenario number: pick a name that isn't # and digits."
        )
    return cleaned


def name_key(name: str) -> str:
    """What makes two names the same: Unicode caseless matching (case, compatibility forms)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def scenario_number(ref: str) -> int | None:
    """The id in a "#12" reference, or None when `ref` is a name."""
    match = _NUMBER.fullmatch(ref.strip())
    if match is None or int(match[1]) > _ROW_ID_MAX:
        return None
    return int(match[1])


def number_ref(scenario_id: int) -> str:
    return f"#{scenario_id}"


def clean_notes(notes: object) -> str | None:
    """Notes as stored: trimmed, None when empty, at most 1,000 characters, no control codes."""
    if notes is None:
        return None
    if not isinstance(notes, str):
        raise InvalidInput("Notes must be text.")
    cleaned = notes.replace("\r\n", "\n").strip()
    if any(_invisible(char) and char not in "\n\t" for char in cleaned):
        raise InvalidInput("Notes can't contain control characters.")
    if len(cleaned) > NOTES_MAX:
        raise InvalidInput(
            f"Notes are at most {NOTES_MAX:,} characters; yours have {len(cleaned):,}."
        )
    return cleaned or None


def plan_json(plan: object) -> str:
    """The plan's JSON. A `Plan` checked its inputs when it was made and cannot change since,
    so it is not read back to check again: that repeated the work on every reply."""
    if not isinstance(plan, Plan):
        raise InvalidInput("Only a plan can be saved as a scenario.")
    return plan.to_json()


def parse_plan(text: str) -> Plan:
    try:
        return Plan.from_json(text)
    except PlanError as error:
        raise InvalidInput(f"That plan is not valid: {error}") from error


def free_name(base: str, tag: str, taken: Set[str]) -> str:
    """The first of "base (tag)", "base (tag 2)", ... whose key is not in `taken`, cut to fit."""
    number = 1
    while True:
        suffix = f" ({tag})" if number == 1 else f" ({tag} {number})"
        name = base[: NAME_MAX - len(suffix)].rstrip() + suffix
        if name_key(name) not in taken:
            return name
        number += 1


def _invisible(char: str) -> bool:
    return unicodedata.category(char)[0] == "C" and char not in _EMOJI_FORMAT
