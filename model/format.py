"""How numbers read in every reply, verdict and chart: money, shares, units, months."""

from __future__ import annotations

import math

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "RMB": "¥", "JPY": "¥", "INR": "₹"}
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def money(value: float, currency: str = "USD", *, exact: bool = False) -> str:
    """`$1.2M`, `-$12.50`, `€980`; other codes as a suffix: `1.2M CHF`.

    Compact by default (charts, headlines); `exact` keeps every unit: `$1,234,567`.
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as money")
    number = _grouped(abs(value)) if exact else compact(abs(value))
    sign = "-" if value < 0 and number != "0" else ""  # no "-$0" from float noise
    symbol = SYMBOLS.get(currency.upper())
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {currency.upper()}"


def compact(value: float) -> str:
    """`12.50`, `1,999`, `12.5k`, `3.5M`: in full below 10,000, else three significant figures."""
    magnitude = abs(value)
    if magnitude < 10_000:
        return _grouped(value)
    for scale, suffix in _SCALES:
        if magnitude >= scale * 0.9995:
            return f"{_significant(value / scale)}{suffix}"
    raise AssertionError("unreachable: magnitudes >= 10,000 always match a scale")


def percent(share: float, *, signed: bool = False) -> str:
    """0.125 -> `12.5%`; whole numbers drop the decimal (`20%`)."""
    if not math.isfinite(share):
        raise ValueError(f"cannot format {share!r} as a percentage")
    text = f"{share * 100:.1f}".removesuffix(".0")
    if text == "-0":
        text = "0"
    return f"+{text}%" if signed and share > 0 else f"{text}%"


def units(value: float) -> str:
    """Unit counts: `1,250 units`, `3.5M units`."""
    return f"{_grouped(value) if abs(value) < 1e6 else compact(value)} units"


def month(value: float) -> str:
    """`month 14`, or `month 13.6` when interpolated."""
    text = f"{value:.1f}".removesuffix(".0")
    return f"month {text}"


def months(count: float) -> str:
    """A duration: `1 month`, `36 months`, `13.5 months`."""
    text = f"{count:.1f}".removesuffix(".0")
    return f"{text} month" if text == "1" else f"{text} months"


def _significant(value: float) -> str:
    digits = 3 - len(str(int(abs(value)))) if abs(value) >= 1 else 2
    text = f"{value:.{max(digits, 0)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _grouped(value: float) -> str:
    """Thousands separators at 100 and up; below, cents (dropped when whole), and below 1 as
    many decimals as two significant digits need: `0.50`, `0.023`, `0.0038`."""
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude < 1e-12:
        return "0"
    decimals = 2 if magnitude >= 1 else max(2, 1 - math.floor(math.log10(magnitude)))
    whole, _, fraction = f"{value:.{decimals}f}".partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return whole if fraction == "00" else f"{whole}.{fraction}"


def short_label(label: str) -> str:
    """A label without its unit note: "break-even month (months…)" -> "Break-even month"."""
    short = label.split(" (")[0]
    return short[0].upper() + short[1:]


def by_unit(value: float, unit: str, currency: str = "USD") -> str:
    """A figure in its unit (model.headlines units): `$12.50/unit`, `15%`, `month 14`,
    `1,250 units`, `0.03 a year`. A month figure is a point in time (`month 14`)."""
    if unit == "money":
        return money(value, currency)
    if unit == "money per unit":
        return f"{money(value, currency)}/unit"
    if unit == "money per month":
        return f"{money(value, currency)}/month"
    if unit == "share":
        return percent(value)
    if unit == "months":
        return month(value)
    if unit == "units":
        return units(value)
    if unit == "per year":
        return f"{value:.3g} a year"
    raise ValueError(f"unknown unit {unit!r}")


def change_by_unit(change: float, unit: str, currency: str = "USD") -> str:
    """A difference of a figure in its unit: shares move in percentage points (`8.2 pts`),
    months as a duration (`3.5 months`), money and units as themselves."""
    if unit == "share":
        return f"{abs(change) * 100:.1f}".removesuffix(".0") + " pts"
    if unit == "months":
        return months(abs(change))
    return by_unit(abs(change), unit, currency)
