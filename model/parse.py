"""Read what people type into a plan input: `199`, `$1,999`, `1.2k`, `15%`, `180-220`, ...

One parser for every input; it never evaluates text as code, and rejects NaN, infinity
and absurd magnitudes. The value it returns goes straight into the Plan field.

Separators are read by the user's locale (Discord's `interaction.locale`: "de", "en-US",
...) where they are ambiguous: `2.500` is 2,500 in German and 2.5 in US English. Where the
locale's reading is implausible for the input (2.5 units, a price with three decimals) or
there is no locale, `AmbiguousNumber` carries both readings so the caller can ask; the
parser never guesses. A currency symbol typed with money (`€199`, `199 €`) is returned by
`read_input` so the plan can carry it; a count, a rate or a duration refuses one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from model.errors import AmbiguousNumber, PlanError
from model.fields import CURRENCY_SYMBOLS, FIELDS
from model.format import money, percent
from model.plan import check_field
from model.separators import Digits, decimal_mark, read_digits
from model.values import Cost, CostBasis, Range, Retention

LARGEST = 1e15  # nothing a plan holds is bigger; anything above is a typo
MAX_LENGTH = 60
QUOTED = 20  # characters of a bad value an error message repeats
DEFAULT_LOCALE = "en-US"  # how a caller that passes no locale has always been read


@dataclass(frozen=True)
class Reading:
    """What a text means for one input: the value for the Plan field, and the currency its
    symbol names (None when no symbol was typed)."""

    value: Any
    currency: str | None


_SCALES = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "mm": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
    "t": 1e12, "trillion": 1e12,
}  # fmt: skip
_SYMBOLS = "[$€£¥₹]"
_DIGITS = r"(?:\d+(?:[,.]\d+)*\.?|[.,]\d+)"  # marks only between digits: "180..220" is a range
_NUMBER = (
    rf"[-+]?\s*{_SYMBOLS}?\s*{_DIGITS}(?:e[-+]?\d+)?"
    rf"\s*(?:thousand|million|billion|trillion|mn|mm|bn|[kmbt]|%)?\s*{_SYMBOLS}?"
)
_ONE = re.compile(
    rf"(?P<sign>[-+]?)\s*(?P<symbol>{_SYMBOLS}?)\s*(?P<digits>{_DIGITS})"
    rf"(?P<exponent>e[-+]?\d+)?\s*(?P<suffix>[a-z%]*)\s*(?P<trailing>{_SYMBOLS}?)"
)
_SPACE_GROUPS = re.compile(r"(?<=\d)[ \u00a0\u202f'](?=\d{3}(?!\d))")  # 2 500, 2'500
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


def parse_input(field: str, text: str, locale: str | None = DEFAULT_LOCALE) -> Any:
    """The value `text` means for plan input `field`, validated: float, Range, Cost,
    Retention, int (horizon_months), str (currency) or None (an optional input left out).

    Raises PlanError naming the field, with the accepted forms, when it cannot, and its
    subclass AmbiguousNumber when the text reads two ways the locale does not settle.
    """
    return read_input(field, text, locale).value


def read_input(field: str, text: str, locale: str | None = DEFAULT_LOCALE) -> Reading:
    """As parse_input, with the currency a typed symbol names (`€199` -> EUR)."""
    info = FIELDS.get(field)
    if info is None:
        raise PlanError(field, f"unknown input {_quote(field)}; inputs are: {', '.join(FIELDS)}")
    if not isinstance(text, str):
        raise PlanError(field, f"{field}: expected text, got {type(text).__name__}")
    cleaned = _SPACE_GROUPS.sub("", " ".join(text.strip().lower().split()))
    if not cleaned or len(cleaned) > MAX_LENGTH:
        raise _unreadable(field, text)
    if info.optional and cleaned in _NONE_WORDS:
        return Reading(None, None)
    if info.kind == "currency":
        return Reading(check_field(field, text.strip()), None)
    currency = _currency(field, cleaned, text)
    if currency and info.kind not in ("money", "cost", "marketing"):
        what = {"count": "a number of units", "months": "a number of months"}.get(info.kind)
        raise PlanError(
            field,
            f"{field}: {_quote(text)} is money, but {field} is {what or 'not money'}. "
            f"Use {FORMS[info.kind]}.",
        )
    read = _READERS[info.kind]
    return Reading(check_field(field, read(_Text(field, cleaned, text, locale))), currency)


def describe_input(
    field: str, text: str, locale: str | None = DEFAULT_LOCALE, currency: str = "USD"
) -> str:
    """How `text` is read, for an autocomplete echo: `2.500 → 2,500 units`, or the error."""
    try:
        reading = read_input(field, text, locale)
    except PlanError as error:
        return str(error)
    return f"{text.strip()} → {_shown(field, reading.value, reading.currency or currency)}"


def agreed_currency(plan_currency: str | None, readings: dict[str, Reading]) -> str | None:
    """The currency the typed symbols set: None when none was typed; PlanError when two
    inputs name different currencies, or one differs from the currency the plan was given."""
    typed = {name: reading.currency for name, reading in readings.items() if reading.currency}
    codes = set(typed.values())
    if len(codes) > 1:
        listed = ", ".join(f"{name} in {code}" for name, code in typed.items())
        raise PlanError(next(iter(typed)), f"inputs name different currencies: {listed}")
    code = codes.pop() if codes else None
    if code and plan_currency and code != plan_currency:
        name = next(iter(typed))
        raise PlanError(
            name,
            f"{name} is typed in {code} but the plan is in {plan_currency}: set "
            f"currency:{code}, or type {name} without a symbol",
        )
    return code


@dataclass(frozen=True)
class _Text:
    """The text being read, cleaned and as typed, with the reader's locale."""

    field: str
    cleaned: str
    original: str
    locale: str | None

    def but(self, cleaned: str) -> _Text:
        return _Text(self.field, cleaned, self.original, self.locale)


def _money_or_count(t: _Text) -> float | Range:
    value, in_percent = _amount(t)
    if in_percent:
        kind = FIELDS[t.field].kind
        raise PlanError(
            t.field,
            f"{t.field}: {_quote(t.original)} is a percentage, but {t.field} is "
            f"{'money' if kind == 'money' else 'a number of units'}. Use {FORMS[kind]}.",
        )
    return value


def _rate(t: _Text) -> float | Range:
    return _amount(t)[0]


def _months(t: _Text) -> float | Range:
    scale = 1.0
    if _IN_YEARS.search(t.cleaned):
        t, scale = t.but(_IN_YEARS.sub("", t.cleaned)), 12.0
    else:
        t = t.but(_IN_MONTHS.sub("", t.cleaned))
    value, in_percent = _amount(t)
    if in_percent:
        raise _unreadable(t.field, t.original)
    return _scaled(value, scale)


def _cost(t: _Text) -> Cost:
    kind = FIELDS[t.field].kind
    basis: CostBasis = "per_unit" if kind == "cost" else "per_month"
    if kind == "marketing" and _PER_MONTH.search(t.cleaned):
        t = t.but(_PER_MONTH.sub("", t.cleaned))
    elif _PER_UNIT.search(t.cleaned):
        t, basis = t.but(_PER_UNIT.sub("", t.cleaned)), "per_unit"
    value, in_percent = _amount(t.but(_OF_WHAT.sub("", t.cleaned)))
    return Cost(value, "share") if in_percent else Cost(value, basis)


def _retention(t: _Text) -> Retention:
    if _IN_MONTHS.search(t.cleaned):
        value, in_percent = _amount(t.but(_IN_MONTHS.sub("", t.cleaned)))
        if in_percent:
            raise _unreadable(t.field, t.original)
        return Retention(value, "lifetime")
    value, in_percent = _amount(t)
    if not in_percent and (value.high if isinstance(value, Range) else value) >= 1:
        raise PlanError(
            t.field,
            f"retention: {_quote(t.original)} is not a monthly share. Write 97% or 0.97 for "
            "the share still active each month, or 24mo for a lifetime in months.",
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


def _amount(t: _Text) -> tuple[float | Range, bool]:
    """A number or a range, and whether it was written as a percentage (already / 100).
    A range is never reordered: a high end below the low end is an error."""
    if _NUMBER_ONLY.fullmatch(t.cleaned):
        return _number(t, t.cleaned)
    match = _RANGE.fullmatch(t.cleaned)
    if match is None:
        raise _unreadable(t.field, t.original)
    low_text, high_text = match["low"].strip(), match["high"].strip()
    high_suffix = _suffix(high_text)
    # "10-15%" and "5-10k" share the high end's suffix, unless that makes no sense
    # ("500-1.5k" is 500 to 1,500).
    shares_suffix = high_suffix and not _suffix(low_text)
    if shares_suffix and _number(t, low_text + high_suffix)[0] <= _number(t, high_text)[0]:
        low_text += high_suffix
    (low, low_percent), (high, high_percent) = _number(t, low_text), _number(t, high_text)
    if low_percent != high_percent:
        raise PlanError(
            t.field,
            f"{t.field}: write both ends of {_quote(t.original)} the same way "
            f"(both as %, or neither). Use {FORMS[FIELDS[t.field].kind]}.",
        )
    if low > high:
        raise PlanError(
            t.field,
            f"{t.field}: {_quote(t.original)} reads as {low:,.12g} to {high:,.12g}, a range "
            "going down. Write the low end first, or give both ends their suffix (5k-10k).",
        )
    return (low if low == high else Range(low, high)), low_percent


def _number(t: _Text, text: str) -> tuple[float, bool]:
    match = _ONE.fullmatch(text.strip())
    if match is None or (match["symbol"] and match["trailing"]):
        raise _unreadable(t.field, t.original)
    suffix = match["suffix"]
    if suffix and suffix != "%" and suffix not in _SCALES:
        raise _unreadable(t.field, t.original)
    digits = read_digits(match["digits"])
    if digits is None:
        raise _unreadable(t.field, t.original)
    exponent = float("1" + match["exponent"]) if match["exponent"] else 1.0  # 1e400: inf
    scale = (-1.0 if match["sign"] == "-" else 1.0) * exponent * _SCALES.get(suffix, 1.0)
    value = digits.value * scale if digits.grouped is None else _settle(t, digits, scale, suffix)
    if suffix == "%":
        value /= 100
    if not math.isfinite(value) or abs(value) > LARGEST:
        raise PlanError(
            t.field,
            f"{t.field}: {_quote(t.original)} is too large to be a real "
            f"figure. Use {FORMS[FIELDS[t.field].kind]}.",
        )
    return value, suffix == "%"


def _suffix(number: str) -> str:
    """The scale or % suffix of text that matched _NUMBER: _ONE reads every such text whole."""
    match = _ONE.fullmatch(number)
    assert match is not None, f"{number!r} matched _NUMBER, which _ONE's pattern contains"
    return match["suffix"]


def _settle(t: _Text, digits: Digits, scale: float, suffix: str) -> float:
    """The locale's reading of an ambiguous mark, unless the locale is unknown or its reading
    is implausible for the input (a fraction of a unit, money to three decimals): then
    AmbiguousNumber with both readings."""
    assert digits.grouped is not None, "only digits with two readings need settling"
    as_decimal, as_grouped = digits.value * scale, digits.grouped * scale
    mark = decimal_mark(t.locale)
    if mark is not None:
        chosen = as_decimal if digits.mark == mark else as_grouped
        kind = FIELDS[t.field].kind
        part_of_a_unit = kind == "count" and chosen != round(chosen)
        cents = chosen * 100  # money to a third decimal is a thousands separator misread
        mills = (
            kind in ("money", "cost", "marketing")
            and not suffix
            and abs(cents - round(cents)) > 1e-6
        )
        if not (part_of_a_unit or mills):
            return chosen
    held = 100 if suffix == "%" else 1  # the readings as the input holds them: 15% is 0.15
    raise AmbiguousNumber(t.field, t.original, (as_decimal / held, as_grouped / held))


def _currency(field: str, cleaned: str, original: str) -> str | None:
    symbols = set(re.findall(_SYMBOLS, cleaned))
    if len(symbols) > 1:
        raise PlanError(field, f"{field}: {_quote(original)} names two currencies; use one")
    return CURRENCY_SYMBOLS[symbols.pop()] if symbols else None


def _shown(field: str, value: Any, currency: str) -> str:
    """A parsed value in words for the echo: `2,500 units`, `€1,999`, `15%`, `24 months`."""
    if value is None:
        return "left out (the default)"
    if isinstance(value, Cost | Retention):
        kind, suffix = _BASES[value.basis]
        return _shown_amount(kind, value.amount, currency) + suffix
    return _shown_amount(FIELDS[field].kind, value, currency)


_BASES = {  # basis -> (how its amount reads, what follows it)
    "per_unit": ("money", " per unit"),
    "per_month": ("money", " per month"),
    "share": ("rate", " of price"),
    "monthly": ("rate", " still active each month"),
    "lifetime": ("months", " lifetime"),
}


def _shown_amount(kind: str, amount: Any, currency: str) -> str:
    if isinstance(amount, Range):
        low, high = (_shown_amount(kind, end, currency) for end in (amount.low, amount.high))
        return f"{low} to {high}"
    if kind == "money":
        return money(amount, currency, exact=True)
    if kind == "rate":
        return percent(amount)
    return f"{amount:,.12g} {'units' if kind == 'count' else 'months'}"


def _scaled(value: float | Range, scale: float) -> float | Range:
    if isinstance(value, Range):
        return Range(value.low * scale, value.high * scale)
    return value * scale


def _quote(text: str) -> str:
    """A bad value as an error message repeats it: at most QUOTED characters."""
    text = text.strip()
    return repr(text if len(text) <= QUOTED else text[:QUOTED] + "…")


def _unreadable(field: str, original: str) -> PlanError:
    form = FORMS[FIELDS[field].kind]
    return PlanError(field, f"{field}: could not read {_quote(original)}. Use {form}.")
