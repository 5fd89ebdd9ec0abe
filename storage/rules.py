"""What may be stored: names, notes, plans and how many scenarios. Checked before any write."""

from __future__ import annotations

import json
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
QUOTED_MAX = 40  # characters of a bad value an error message repeats
MESSAGE_MAX = 400  # a whole refusal, well inside Discord's 2,000-character message
IMPORT_DEPTH_MAX = 16  # an export file nests 5 deep (file, scenarios, scenario, plan, range)
NUMBER_CHARS_MAX = 40  # a plan figure is written in far fewer (1e9, 0.123456789012345678)

_ZWJ, _EMOJI_SELECTORS, _KEYCAPS, _BLACK_FLAG = (
    "\u200d",
    "\ufe0e\ufe0f",
    "#*0123456789",
    "\U0001f3f4",
)
_FLAG_TAGS = re.compile("\U0001f3f4[\U000e0020-\U000e007e]{1,8}\U000e007f")
_ZERO_WIDTH = {"\u200b", "\u200c", _ZWJ, "\u2060", "\ufeff"}
_BIDI = {
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
}
# Default-ignorable code points (Unicode's DerivedCoreProperties) that are not format
# characters (Cf): fillers and selectors that render as nothing, and the blank braille cell.
_BLANK = {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u2800", "\u3164", "\uffa0"}


def clean_name(name: object) -> str:
    """The name as stored: NFC, runs of spaces collapsed, 1-64 visible characters."""
    if not isinstance(name, str):
        raise InvalidInput("A scenario name must be text.")
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not any(unicodedata.category(char)[0] in "LNPS" for char in cleaned):
        raise InvalidInput(f"A scenario name needs 1-{NAME_MAX} visible characters.")
    if any(unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs") for char in cleaned):
        raise InvalidInput("Scenario names can't contain control or invisible characters.")
    hidden = _hidden_character(cleaned)
    if hidden is not None:
        raise InvalidInput(
            f"Scenario names can't contain invisible characters: {hidden} would make "
            "two names that look the same."
        )
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
    if any(_invisible(char) and char not in _NOTES_FORMAT for char in cleaned):
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
    """The plan in `text`, or InvalidInput whose message repeats at most a prefix of a bad value."""
    try:
        return Plan.from_json(text)
    except PlanError as error:
        raise InvalidInput(f"That plan is not valid: {shorten_quotes(str(error))}") from error
    except RecursionError:
        raise InvalidInput("That plan is not valid: it is nested far too deep.") from None


def read_export_file(raw: bytes) -> object:
    """The JSON of an uploaded export file, or InvalidInput saying plainly what is wrong.

    Hostile files (nesting 100,000 deep, a 5,000-digit number) are refused here rather than
    surfacing as RecursionError or ValueError, and bounded so later steps can recurse safely.
    """
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(
            text, parse_int=_number(int), parse_float=_number(float), parse_constant=_no_constant
        )
    except UnicodeDecodeError:
        raise InvalidInput(f"That file is not UTF-8 text: {_EXPORT_HINT}") from None
    except RecursionError:
        raise InvalidInput(
            f"That file is nested far too deep for an export: {_EXPORT_HINT}"
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"That file is not JSON ({error.msg} at line {error.lineno}, column {error.colno}): "
            f"{_EXPORT_HINT}"
        ) from None
    if _depth(data) > IMPORT_DEPTH_MAX:
        raise InvalidInput(
            f"That file nests more than {IMPORT_DEPTH_MAX} levels deep; an export nests 5: "
            f"{_EXPORT_HINT}"
        )
    return data


def shown(value: object, limit: int = QUOTED_MAX) -> str:
    """A value as an error message may quote it: one line, at most `limit` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten_quotes(message: str) -> str:
    """`message` with each quoted value cut to QUOTED_MAX characters, and cut to MESSAGE_MAX."""
    message = _LONG_QUOTE.sub(lambda m: m[1] + shown(m[2]) + m[1], message)
    return shown(message, MESSAGE_MAX)


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
    return unicodedata.category(char)[0] == "C"


# Notes are never compared, so look-alikes do not matter there: emoji keep their joiners.
_NOTES_FORMAT = {"\n", "\t", _ZWJ, *map(chr, range(0xE0020, 0xE0080))}


def _hidden_character(name: str) -> str | None:
    """What names a hidden character in `name`, or None; only emoji may use invisible ones.

    Allowed: a zero width joiner between two emoji (👩‍💻), a variation selector after a
    symbol or in a keycap (❤️, 1️⃣), and the tags of a subdivision flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿: a black flag, tag
    letters, CANCEL TAG). Anywhere else they, and every other format (Cf) or blank
    character, hide inside a name that looks like another.
    """
    name = _FLAG_TAGS.sub(_BLACK_FLAG, name)
    for index, char in enumerate(name):
        before = name[index - 1] if index else ""
        after = name[index + 1 : index + 2]
        if char == _ZWJ and _emoji(before) and _emoji(after):
            continue
        if char in _EMOJI_SELECTORS and (
            _emoji(before) or (before in _KEYCAPS and after == "\u20e3")
        ):
            continue
        if char in _BIDI:
            return f"the text-direction control {_code(char)}"
        if char in _ZERO_WIDTH:
            return f"the zero-width character {_code(char)}"
        if 0xE0000 <= ord(char) <= 0xE007F:
            return f"the tag character {_code(char)}"
        if 0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF:
            return f"the variation selector {_code(char)}"
        if unicodedata.category(char) == "Cf" or char in _BLANK:
            return f"the invisible character {_code(char)}"
    return None


def _emoji(char: str) -> bool:
    """A pictograph or skin tone (So, Sk), or one already made emoji by a selector."""
    return char in _EMOJI_SELECTORS or (bool(char) and unicodedata.category(char) in ("So", "Sk"))


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


_EXPORT_HINT = "use the flywheel-scenarios.json that /scenario export gives."
_LONG_QUOTE = re.compile(rf"""(['"])((?:(?!\1).){{{QUOTED_MAX + 1},}})\1""")


def _number(kind: type[int] | type[float]):
    def parse(literal: str) -> int | float:
        if len(literal) > NUMBER_CHARS_MAX:
            raise InvalidInput(
                f"That file has a number {len(literal):,} characters long ({shown(literal)}); "
                "plan figures are at most a billion."
            )
        return kind(literal)

    return parse


def _no_constant(name: str) -> None:
    raise InvalidInput(f"That file has {name}, which is not a number a plan can hold.")


def _depth(data: object) -> int:
    """How deeply `data` nests lists and objects, found without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth <= IMPORT_DEPTH_MAX:
                children = value.values() if isinstance(value, dict) else value
                stack.extend((child, depth + 1) for child in children)
    return deepest
