"""What-ifs without Discord: which lens a sentence asks for, what changed and what moved.

The worker job `headline` computes a lens's figures for the plan before the change; the
texts here say the change (inputs before → after) and the figures that moved.
"""

from __future__ import annotations

import re
from typing import Any

from commands.lens_fields import Field
from commands.lens_registry import LENSES, Lens
from model import FIELDS, Plan
from model.values import Cost, Range, Retention
from model.vocabulary import EXAMPLE, WORDS, known_inputs

# How people name a lens at the start of a message: "@Flywheel margin price 199 …".
LENS_WORDS = {
    "margin": "margin",
    "margins": "margin",
    "services": "services",
    "critical mass": "critical-mass",
    "critical-mass": "critical-mass",
    "direct sales": "direct-sales",
    "direct-sales": "direct-sales",
    "growth": "growth",
}
_LEADING = re.compile(r"^\s*(?:/|what\s+if\b|try\b|show\b|as\b|the\b|[,:\s])*", re.IGNORECASE)
FORM_INPUTS = 5  # a form holds at most five text inputs


def headline(lens_name: str, plan: Plan) -> list[Field]:
    """A worker job: the lens's headline figures of `plan` (no chart)."""
    lens = LENSES[lens_name]
    return lens.fields(lens.compute(plan), plan.currency)


def named_lens(text: str) -> tuple[Lens[Any] | None, str]:
    """The lens a message starts with, and the rest; ("services margin 60%" names an input)."""
    rest = _LEADING.sub("", text, count=1)
    lowered = rest.lower()
    for word in sorted(LENS_WORDS, key=len, reverse=True):
        if not re.match(rf"{re.escape(word)}(?![\w-])", lowered):
            continue
        if any(lowered.startswith(phrase) for phrase in WORDS if len(phrase) > len(word)):
            return None, text  # the start of an input's name, not a lens
        return LENSES[LENS_WORDS[word]], rest[len(word) :]
    return None, text


def moved(before: list[Field], after: list[Field]) -> list[str]:
    """The card's figures that changed: "Break-even (cumulative cash ≥ 0): month 8.1 → 6.4"."""
    earlier = dict(before)
    return [
        f"{name}: {_one_line(earlier[name])} → {_one_line(value)}"
        for name, value in after
        if name in earlier and earlier[name] != value
    ]


def _one_line(text: str) -> str:
    return " · ".join(line for line in text.splitlines() if line)


# The inputs a team argues about first on each lens: a form offers these when no message
# names others (each lens reads many more; a form holds five).
FORM_FIRST = {
    "margin": ("price", "unit_cost", "tooling", "rnd", "volume"),
    "services": ("price", "unit_cost", "services_arpu", "paying_share", "retention"),
    "critical-mass": ("price", "unit_cost", "learning_rate", "launch_volume", "peak_volume"),
    "direct-sales": ("price", "unit_cost", "retail_margin", "distributor_margin", "marketing"),
    "growth": ("market_size", "p", "q", "horizon_months", "critical_share"),
}


def lens_reading(names: list[str] | tuple[str, ...]) -> Lens[Any]:
    """The lens to answer named inputs with no card: the first (cash story first) that reads
    them all, else the one that reads most of them."""
    order = [LENSES[name] for name in ("critical-mass", "margin", "services", "direct-sales")]
    order.append(LENSES["growth"])
    return max(order, key=lambda lens: sum(name in lens.options for name in names))


def form_inputs(lens: Lens[Any], named: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The five inputs a What if… form offers: those named first, then the lens's usual ones;
    all of them inputs the lens reads."""
    ordered = dict.fromkeys([*named, *FORM_FIRST.get(lens.name, ()), *lens.options])
    return [name for name in ordered if name in lens.options][:FORM_INPUTS]


def typed_text(name: str, value: object) -> str:
    """A plan input written so the input language reads it back to the same value."""
    if value is None:
        return ""
    kind = FIELDS[name].kind
    if isinstance(value, Cost):
        if value.basis == "share":
            return _written(value.amount, percent=True)
        return f"{_written(value.amount)}/{'unit' if value.basis == 'per_unit' else 'month'}"
    if isinstance(value, Retention):
        if value.basis == "monthly":
            return _written(value.amount, percent=True)
        return f"{_written(value.amount)}mo"
    if kind == "currency":
        return str(value)
    return _written(value, percent=kind == "rate")


def _written(amount: object, *, percent: bool = False) -> str:
    if isinstance(amount, Range):
        return f"{_written(amount.low, percent=percent)}-{_written(amount.high, percent=percent)}"
    number = float(amount)  # type: ignore[arg-type]
    if percent:
        return f"{round(number * 100, 10):g}%"
    return f"{number:,.10g}" if abs(number) < 1e15 else f"{number:g}"


GUIDE = (
    "**Talk to Flywheel right here** (no slash command needed)\n"
    "• **Reply** to any Flywheel card: `what if price 249?`, `try unit cost 170 and learning "
    "80%`, `price 179, peak 300k`. You get the same view with your change, and what moved.\n"
    "• **Mention** me with a view and numbers: `@Flywheel margin price 199 cost 185 fixed 2M "
    "volume 100k`. Views: margin, services, critical mass, direct sales, growth.\n"
    "• **Right-click** a message → Apps → **What if…** for a form, filled from a card or from "
    "the numbers in the message.\n"
    "• On a shared scenario, **Discuss** opens a thread: what-ifs there apply to it.\n"
    "Numbers: `199`, `$1,999`, `1.2k`, `3.5M`, `15%`, ranges `180-220`.\n"
    f"Inputs: {known_inputs()}.\n"
    "I only see messages that mention me or reply to me with the ping on (Flywheel does not "
    "read the channel): a reply with @ turned off does not reach me."
)


def unknown_words(problems: list[str]) -> str:
    """The short reply to words it cannot use: what was unclear, what it knows, an example."""
    said = "\n".join(f"• {problem}" for problem in problems)
    opening = (
        f"I could not use that:\n{said}"
        if problems
        else "I can only change a plan's inputs, each named with a number."
    )
    return f"{opening}\nInputs I know: {known_inputs()}.\nFor example: `{EXAMPLE}`"
