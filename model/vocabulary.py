"""Plan inputs by the words people use for them, and what-ifs in words read into typed values.

`VOCABULARY` sits beside `FIELDS`: each input's own name and label are words for it, plus the
synonyms below. `read_words` finds the named numbers in a sentence ("try unit cost 170 and
learning 80%", "we could sell at 179 with 500k volume") and reads each value with the input
language (`parse_input`, ranges included). What it cannot tell for sure it reports in words
(a number for no input, an input given twice, a word that names several inputs): it never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from model.errors import PlanError
from model.parse import parse_input
from model.plan import FIELDS

# Words for each input besides its own name ("unit_cost" → "unit cost") and its label.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "price": ("sell at", "sell for", "sell it at", "sell it for", "selling price", "priced at"),
    "unit_cost": ("cost", "costs", "unit costs", "cost per unit", "cogs", "bom", "build cost"),
    "tooling": ("tools", "moulds", "molds"),
    "rnd": ("r&d", "r and d", "research", "research and development", "development"),
    "fixed_monthly": ("fixed", "fixed costs", "fixed cost", "monthly fixed", "overhead", "opex"),
    "selling_cost": ("selling costs", "fulfilment", "fulfillment", "fees"),
    "learning_rate": ("learning", "learning curve", "experience curve"),
    "reference_volume": ("reference", "anchor volume"),
    "launch_volume": ("launch units", "first month volume"),
    "peak_volume": ("peak", "peak units", "monthly volume", "run rate"),
    "ramp_months": ("ramp", "ramp up", "ramp-up"),
    "market_size": ("market", "tam"),
    "p": ("innovation",),
    "q": ("imitation", "word of mouth"),
    "services_arpu": ("arpu", "services revenue", "service revenue", "service arpu"),
    "paying_share": ("paying", "paying users", "attach rate", "conversion"),
    "services_margin": ("service margin",),
    "retention": (),
    "retail_margin": ("retail", "retailer margin", "retailer"),
    "distributor_margin": ("distributor", "distributors", "distribution margin"),
    "marketing": ("ads", "ad spend", "advertising"),
    "direct_costs": ("direct cost", "direct selling cost"),
    "horizon_months": ("horizon", "months"),
    "discount_rate": ("discount", "wacc"),
    "currency": (),
    "volume": ("units", "total volume", "volume total"),
    "critical_share": ("critical mass share",),
}

# Words that name several inputs: asked about, never guessed.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "margin": ("retail_margin", "distributor_margin", "services_margin"),
    "share": ("paying_share", "critical_share"),
    "rate": ("learning_rate", "discount_rate"),
}


def _own_words(name: str) -> tuple[str, ...]:
    return (name.replace("_", " "), FIELDS[name].label.lower())


VOCABULARY: dict[str, tuple[str, ...]] = {
    name: tuple(dict.fromkeys((*_own_words(name), *SYNONYMS.get(name, ())))) for name in FIELDS
}
WORDS: dict[str, str] = {word: name for name, words in VOCABULARY.items() for word in words}
assert not WORDS.keys() & AMBIGUOUS.keys(), "a word names one input or is ambiguous, not both"

EXAMPLE = "what if price 249 and unit cost 170?"

# A number as the input language writes it: $1,999 · 1.2k · 3.5 million · 15% · 2e6.
_NUMBER = (
    r"[-+]?[$€£¥₹]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?"
    r"(?:\s?(?:thousand|million|billion|trillion)\b|(?:mn|mm|bn|[kmbt])\b)?%?"
)
_QUALIFIER = (
    r"(?:\s*/\s*(?:unit|u|pc|piece|device|mo|mon|month)s?\b|\s+per\s+(?:unit|month)s?\b"
    r"|\s+a\s+(?:unit|month)\b|\s+each\b|\s+monthly\b|\s+of\s+(?:the\s+)?(?:price|revenue|sales)\b"
    r"|\s?(?:mos|mo|months|month|yrs|yr|years|year|y)\b)?"
)
_VALUE = rf"{_NUMBER}(?:\s*(?:-|–|—|\.\.|\bto\b)\s*{_NUMBER})?{_QUALIFIER}"
_CURRENCY_CODE = r"[a-z]{3}|[$€£¥₹]"


def _phrase_pattern(words: list[str]) -> str:
    longest_first = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word) for word in longest_first)


_TOKEN = re.compile(  # matched on the lower-cased text; spans give back what was typed
    rf"(?P<value>(?<![\w.]){_VALUE}(?![\w]))"
    rf"|(?P<phrase>(?<![\w&])(?:{_phrase_pattern([*WORDS, *AMBIGUOUS])})(?![\w&]))"
    r"|(?P<word>[\w&'’]+)"
    r"|(?P<stop>[^\s\w=:→>-])"
)
_FROM_TO = re.compile(
    rf"^(?P<from>{_NUMBER})\s*\bto\b\s*(?P<to>{_NUMBER}{_QUALIFIER})$", re.IGNORECASE
)

# Words that may sit between an input and its number: "price of 249", "cost would be 170".
FILLERS = frozenset(
    [
        "to",
        "at",
        "of",
        "is",
        "be",
        "was",
        "were",
        "would",
        "will",
        "could",
        "goes",
        "go",
        "drops",
        "drop",
        "falls",
        "fall",
        "rises",
        "rise",
        "down",
        "up",
        "set",
        "just",
        "only",
        "around",
        "about",
        "roughly",
        "maybe",
        "say",
        "something",
        "like",
        "from",
        "becomes",
        "become",
        "the",
        "a",
        "an",
        "with",
        "and",
    ]
)
MAX_FILLERS = 3


@dataclass
class Reading:
    """What a sentence says about plan inputs: typed text and values by input, and problems."""

    typed: dict[str, str] = field(default_factory=dict)  # input -> the text it was given as
    values: dict[str, Any] = field(default_factory=dict)  # input -> what parse_input made of it
    problems: list[str] = field(default_factory=list)  # what it could not tell, in words

    @property
    def named_anything(self) -> bool:
        return bool(self.typed or self.problems)


@dataclass(frozen=True)
class _Token:
    kind: str  # value, phrase, word, stop
    text: str  # lower case, as matched
    typed: str  # as written


def read_words(text: str) -> Reading:
    """The named numbers in `text`, read into plan inputs; problems say what was unclear."""
    tokens = [
        _Token(str(match.lastgroup), match.group(), text[match.start() : match.end()])
        for match in _TOKEN.finditer(text.lower())
    ]
    reading = Reading()
    claimed: set[int] = set()
    pairs: list[tuple[str, int]] = []  # (word, token index of its value)
    for index, token in enumerate(tokens):
        if token.kind != "phrase":
            continue
        value = _value_after(tokens, index, claimed) if token.text != "currency" else None
        if token.text == "currency":
            value = _currency_after(tokens, index)
        if value is None:
            value = _value_before(tokens, index, claimed)
        if value is None:
            reading.problems.append(f"“{token.text}” has no number next to it.")
            continue
        claimed.add(value)
        pairs.append((token.text, value))
    for index, token in enumerate(tokens):
        if token.kind == "value" and index not in claimed:
            reading.problems.append(
                f"I can't tell which input {token.typed} is for: name it, like "
                f"“price {token.typed}”."
            )
    for word, index in pairs:
        typed = tokens[index].typed
        if index and tokens[index - 1].text == "from":
            typed = _from_to(typed)
        _take(reading, word, typed)
    return reading


def _take(reading: Reading, word: str, typed: str) -> None:
    if word in AMBIGUOUS:
        *others, last = (_said(name) for name in AMBIGUOUS[word])
        options = f"{', '.join(others)} or {last}"
        reading.problems.append(f"“{word}” could be {options}: say which.")
        return
    name = WORDS[word]
    if name in reading.typed and reading.typed[name] != typed:
        reading.problems.append(
            f"{_said(name)} is given twice ({reading.typed[name]} and {typed}): give it once."
        )
        return
    try:
        reading.values[name] = parse_input(name, typed)
    except PlanError as error:
        reading.problems.append(str(error))
        return
    reading.typed[name] = typed


def _from_to(typed: str) -> str:
    """ "from 199 to 249" in a what-if is a change to 249, not a range (write 199-249 for that)."""
    match = _FROM_TO.match(typed)
    return match["to"] if match else typed


def _value_after(tokens: list[_Token], index: int, claimed: set[int]) -> int | None:
    for step, token in enumerate(tokens[index + 1 :], start=index + 1):
        if token.kind == "value":
            return step if step not in claimed else None
        if token.text not in FILLERS or step - index > MAX_FILLERS:
            return None
    return None


def _value_before(tokens: list[_Token], index: int, claimed: set[int]) -> int | None:
    step = index - 1
    while step >= 0 and index - step <= MAX_FILLERS:
        token = tokens[step]
        if token.kind == "value":
            return step if step not in claimed else None
        if token.text not in {"of", "in", "the"}:
            return None
        step -= 1
    return None


def _currency_after(tokens: list[_Token], index: int) -> int | None:
    following = index + 1
    if following < len(tokens) and re.fullmatch(_CURRENCY_CODE, tokens[following].text):
        return following
    return None


def _said(name: str) -> str:
    """An input as people say it: its label, and its name when that differs."""
    label = FIELDS[name].label.lower()
    spoken = name.replace("_", " ")
    return label if label == spoken else f"{label} ({spoken})"


# How the short reply names an input when its own name is not what people say.
HEADWORDS = {
    "rnd": "r&d",
    "fixed_monthly": "fixed",
    "learning_rate": "learning",
    "peak_volume": "peak",
    "ramp_months": "ramp",
    "services_arpu": "arpu",
    "horizon_months": "horizon",
}


def known_inputs() -> str:
    """Every input as the short reply names it: "price, unit cost, tooling, r&d, fixed, …"."""
    return ", ".join(HEADWORDS.get(name, name.replace("_", " ")) for name in FIELDS)
