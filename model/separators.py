"""Decimal and thousands separators as people write them, by locale.

`1,234.5` and `1.234,5` read the same anywhere (the last mark is the decimal one); `1.234.567`
and Indian `1,99,999` group whole numbers. One mark followed by exactly three digits
(`2.500`, `1,999`) is the ambiguous case: a decimal mark in one locale, a thousands
separator in another. `read_digits` reports both readings; the caller settles it by locale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Languages (Discord locale prefixes) that write 2.5 with a point and group with commas;
# every other Discord locale (de, fr, es-ES, pt-BR, ru, ...) writes 2,5.
DECIMAL_POINT_LANGUAGES = {"en", "hi", "th", "zh", "ja", "ko"}

_GROUPED = {  # whole numbers grouped by one mark: 1,234,567 / 1.234.567 / Indian 1,99,999
    ",": re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}"),
    ".": re.compile(r"\d{1,3}(?:\.\d{3})+"),
}
_WHOLE = re.compile(r"\d+")


@dataclass(frozen=True)
class Digits:
    """A digit string's value; when ambiguous, `mark` is read as a decimal mark in `value`
    and as a thousands separator in `grouped`."""

    value: float
    grouped: float | None = None
    mark: str | None = None


def decimal_mark(locale: str | None) -> str | None:
    """The decimal mark a locale writes ("." or ","), None when the locale is unknown."""
    if not locale:
        return None
    return "." if locale.split("-")[0].lower() in DECIMAL_POINT_LANGUAGES else ","


def read_digits(digits: str) -> Digits | None:
    """What digits with `,` and `.` marks can mean; None when no convention reads them."""
    marks = [char for char in digits if char in ",."]
    if not marks:
        return Digits(float(digits))
    if len(set(marks)) == 2:  # both: the last is the decimal mark, the other groups
        decimal = marks[-1]
        whole, _, fraction = digits.rpartition(decimal)
        group = "," if decimal == "." else "."
        if decimal in whole or not _is_whole(whole, group) or not fraction.isdigit():
            return None
        return Digits(float(f"{whole.replace(group, '')}.{fraction}"))
    mark = marks[0]
    if len(marks) > 1:  # one mark, repeated: it groups
        return Digits(float(digits.replace(mark, ""))) if _GROUPED[mark].fullmatch(digits) else None
    whole, _, fraction = digits.partition(mark)
    if not fraction:
        return Digits(float(whole)) if whole else None  # "5." is 5
    as_decimal = float(f"{whole or '0'}.{fraction}")
    if len(fraction) != 3 or not whole or whole.startswith("0"):
        return Digits(as_decimal)  # grouping needs three digits after, and a leading digit
    return Digits(as_decimal, float(whole + fraction), mark)


def _is_whole(text: str, group: str) -> bool:
    return bool(_WHOLE.fullmatch(text) or _GROUPED[group].fullmatch(text))
