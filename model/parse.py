"""Read what people type into a plan input: `199`, `$1,999`, `1.2k`, `15%`, `180-220`, ...

One parser for every input; it never evaluates text as code, and rejects NaN, infinity
and absurd magnitudes. The value it returns goes straight into the Plan field.
"""

from __future__ import annotations

import math
import re
from typing import Any

from model.errors import PlanError
from model.plan import CURRENCY_SYMBOLS, FIELDS, check_field
from model.values import Cost, Range, Retention

LARGEST = 1e15  # nothing a plan holds is bigger; anything above is a typo
MAX_LENGTH = 60

_SCALES = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "mm": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
    "t": 1e12, "trillion": 1e12,
}  # fmt: skip
_NUMBER = (
    r"[-+]?\s*[$€£¥₹]?\s*"
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
    r"\s*(?:thousand|million|billion|trillion|mn|mm|bn|[kmbt]|%)?"
)
_ONE = re.compile(
    r"(?P<sign>[-+]?)\s*(?P<symbol>[$€£¥₹]?)\s*(?P<digits>[\d,.]+(?:e[-+]?\d+)?)\s*(?P<suffix>[a-z%]*)"
)
_RANGE = re.compile(rf"(?P<low>{_NUMBER})\s*(?:\.\.|-|–|—|\bto\b)\s*(?P<high>{_NUMBER})")
_NUMBER_ONLY = re.compile(_NUMBER)

_PER_UNIT = re.compile(r"\s*(?:/|\bper\b|\ba\b|\ban\b)\s*(?:unit|u|pc|piece|device)s?\s*$|\s+each$")
_PER_MONTH = re.compile(r"\s*(?:/|\bper\b|\ba\b)\s*(?:mo|mon|month)s?\.?\s*$|\s+monthly$")
_OF_WHAT = re.compile(r"\s*\bof\s+(?:the\s+)?(?:revenue|sales|price)$")
_IN_MONTHS = re.compile(r"\s*(?:m|mo|mos|mon|month|months)\.?$")
_IN_YEARS = re.compile(r"\s*(?:y|yr|yrs|year|years)\.?$")
_NONE_WORDS = {"none", "auto", "default", "off"}

FORMS = {
    "money": "a number like 199, $1,999, 1.2k, 3.5M or 2.5e6, or a range like 180-220",
    "count": "a number like 5000, 1.2k, 3.5M or 2.5e6, or a range like 8k-12k",
    "rate": "a share like 15% or 0.15, or a range like 10%-20%",
    "months": "a number of months like 12, 12mo or 2y, or a range like 6-12",
    "cost": "money per unit like 8 or $8/unit, a share of price like 4%, or a range like 6-10",
    "marketing": (
        "money per month like 50k or 50k/month, per unit like 12/unit, "
        "a share of revenue like 8%, or a range like 5%-8%"
    ),
    "retention": (
        "a monthly share still active like 97% or 0.97, a lifetime like 24mo, "
        "or a range like 95%-98%"
    ),
    "currency": "a three-letter code like USD, EUR or CNY, or a symbol: "
    + " ".join(CURRENCY_SYMBOLS),
}


def parse_input(field: str, text: str) -> Any:
    """The value `text` means for plan input `field`, validated: float, Range, Cost,
    Retention, int (horizon_months), str (currency) or None (an optional input left out).

    Raises PlanError naming the field, with the accepted forms, when it cannot.
    """
    info = FIELDS.get(field)
    if info is None:
        raise PlanError(field, f"unknown input {field!r}; inputs are: {', '.join(FIELDS)}")
    if not isinstance(text, str):
        raise PlanError(field, f"{field}: expected text, got {type(text).__name__}")
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned or len(cleaned) > MAX_LENGTH:
        raise _unreadable(field, text)
    if info.optional and cleaned in _NONE_WORDS:
        return None
    if info.kind == "currency":
        return check_field(field, text.strip())
    read = _READERS[info.kind]
    return check_field(field, read(field, cleaned, text))


def _money_or_count(field: str, text: str, original: str) -> float | Range:
    value, percent = _amount(field, text, original)
    if percent:
        kind = FIELDS[field].kind
        raise PlanError(
            field,
            f"{field}: {original.strip()!r} is a percentage, but {field} is "
            f"{'money' if kind == 'money' else 'a number of units'}. Use {FORMS[kind]}.",
        )
    return value


def _rate(field: str, text: str, original: str) -> float | Range:
    _no_money(field, text, original)
    value, _ = _amount(field, text, original)
    return value


def _months(field: str, text: str, original: str) -> float | Range:
    scale = 1.0
    if _IN_YEARS.search(text):
        text, scale = _IN_YEARS.sub("", text), 12.0
    else:
        text = _IN_MONTHS.sub("", text)
    _no_money(field, text, original)
    value, percent = _amount(field, text, original)
    if percent:
        raise _unreadable(field, original)
    return _scaled(value, scale)


def _cost(field: str, text: str, original: str) -> Cost:
    kind = FIELDS[field].kind
    basis = "per_unit" if kind == "cost" else "per_month"
    if kind == "marketing" and _PER_MONTH.search(text):
        text = _PER_MONTH.sub("", text)
    elif _PER_UNIT.search(text):
        text, basis = _PER_UNIT.sub("", text), "per_unit"
    text = _OF_WHAT.sub("", text)
    value, percent = _amount(field, text, original)
    return Cost(value, "share") if percent else Cost(value, basis)


def _retention(field: str, text: str, original: str) -> Retention:
    if _IN_MONTHS.search(text):
        value, percent = _amount(field, _IN_MONTHS.sub("", text), original)
        if percent:
            raise _unreadable(field, original)
        return Retention(value, "lifetime")
    _no_money(field, text, original)
    value, percent = _amount(field, text, original)
    if not percent and (value.high if isinstance(value, Range) else value) >= 1:
        raise PlanError(
            field,
            f"retention: {original.strip()!r} is not a monthly share. Write 97% or 0.97 for the "
            "share still active each month, or 24mo for a lifetime in months.",
        )
    return Retention(value, "monthly")


_READERS = {
    "money": _money_or_count,
    "count": _money_or_count,
    "rate": _rate,
    "months": _months,
    "cost": _cost,
    "marketing": _cost,
    "retention": _retention,
}


def _amount(field: str, text: str, original: str) -> tuple[float | Range, bool]:
    """A number or a range, and whether it was written as a percentage (already / 100)."""
    if _NUMBER_ONLY.fullmatch(text):
        value, percent = _number(field, text, original)
        return value, percent
    match = _RANGE.fullmatch(text)
    if match is None:
        raise _unreadable(field, original)
    low_text, high_text = match["low"], match["high"]
    high_suffix = _ONE.fullmatch(high_text.strip())["suffix"]
    if high_suffix and not _ONE.fullmatch(low_text.strip())["suffix"]:
        # "10-15%" and "5-10k" share the high end's suffix, unless that makes no sense
        # ("500-1.5k" is 500 to 1,500).
        shared = _number(field, low_text + high_suffix, original)[0]
        if shared <= _number(field, high_text, original)[0]:
            low_text += high_suffix
    (low, low_percent), (high, high_percent) = (
        _number(field, low_text, original),
        _number(field, high_text, original),
    )
    if low_percent != high_percent:
        raise PlanError(
            field,
            f"{field}: write both ends of {original.strip()!r} the same way "
            f"(both as %, or neither). Use {FORMS[FIELDS[field].kind]}.",
        )
    low, high = sorted((low, high))
    return (low if low == high else Range(low, high)), low_percent


def _number(field: str, text: str, original: str) -> tuple[float, bool]:
    match = _ONE.fullmatch(text.strip())
    if match is None:
        raise _unreadable(field, original)
    digits, suffix = match["digits"].replace(",", ""), match["suffix"]
    if suffix and suffix != "%" and suffix not in _SCALES:
        raise _unreadable(field, original)
    try:
        value = float(digits)
    except ValueError:
        raise _unreadable(field, original) from None
    value = value / 100 if suffix == "%" else value * _SCALES.get(suffix, 1.0)
    if match["sign"] == "-":
        value = -value
    if not math.isfinite(value) or abs(value) > LARGEST:
        raise PlanError(
            field,
            f"{field}: {original.strip()!r} is too large to be a real "
            f"figure. Use {FORMS[FIELDS[field].kind]}.",
        )
    return value, suffix == "%"


def _scaled(value: float | Range, scale: float) -> float | Range:
    if isinstance(value, Range):
        return Range(value.low * scale, value.high * scale)
    return value * scale


def _no_money(field: str, text: str, original: str) -> None:
    if any(symbol in text for symbol in CURRENCY_SYMBOLS):
        kind = FIELDS[field].kind
        raise PlanError(
            field, f"{field}: {original.strip()!r} is money, but {field} is not. Use {FORMS[kind]}."
        )


def _unreadable(field: str, original: str) -> PlanError:
    form = FORMS[FIELDS[field].kind]
    return PlanError(field, f"{field}: could not read {original.strip()!r}. Use {form}.")
