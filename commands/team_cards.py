"""Cards of team estimates and the decision log: the question, the revealed spread, decisions
and how they are tracking. Building embeds only: no storage calls, no numpy.

Names people typed or go by are escaped (`_render.safe`): the display name someone answered or
decided under, which storage keeps until they use /forget-me. Replies allow no mentions.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import discord

from commands import _render
from model import FIELDS, Plan
from model.format import compact, money, percent
from model.values import Cost, Retention

if TYPE_CHECKING:
    from commands.outputs import Chart
    from model.estimates import EstimateRange
    from model.tracking import Gap, Tracking
    from storage import DecisionRecord, EstimateRequestRecord
    from storage.decisions import DecisionPage
    from storage.estimates import Revealed

TRACKING_FILE = "tracking.png"
MIDPOINTS = " Plan vs actual reads each ranged input at its midpoint, as the lenses do."
_LIST_MAX = 3600  # characters of a revealed list before "and n more"


def input_label(field: str) -> str:
    return FIELDS[field].label.lower()


def question(request: EstimateRequestRecord) -> str:
    if request.question:
        return request.question
    return (
        f"What's your estimate of {input_label(request.input_field)} for {request.scenario_name}?"
    )


def in_plan_form(plan: Plan, field: str, amount: Any) -> Any:
    """`amount` (a number or Range) held the way the plan holds `field` (with its basis)."""
    current = getattr(plan, field)
    if isinstance(current, Cost | Retention):
        return dataclasses.replace(current, amount=amount)
    return amount


def shown_value(plan: Plan, field: str, amount: Any) -> str:
    return _render.value_text(field, in_plan_form(plan, field, amount), plan.currency)


def asked_card(request: EstimateRequestRecord) -> discord.Embed:
    """The open question: how many answered, never what."""
    answers = request.answers
    card = _render.embed(
        _render.safe(question(request)),
        [("Answers so far", f"{answers} {'person' if answers == 1 else 'people'}")],
        description=(
            f"Scenario **{_render.safe(request.scenario_name)}**, "
            f"{input_label(request.input_field)}. "
            "Press **Add my estimate** and type one number the way you would in a command "
            "(`170`, `$1.2k`, `15%`). Answers stay hidden until the person who asked reveals "
            "them, so nobody anchors on the first number; your latest answer counts."
        ),
        footer=f"Estimate #{request.id} · only the person who asked can reveal.",
    )
    return card


def revealed_card(revealed: Revealed, spread: EstimateRange) -> discord.Embed:
    """Every estimate with its author, and the range they make."""
    request, plan, field = revealed.request, revealed.request.plan, revealed.request.input_field
    lines: list[str] = []
    for count, estimate in enumerate(revealed.estimates):
        author = _render.safe(estimate.author or "a teammate")
        line = f"• **{author}**: {shown_value(plan, field, estimate.amount)}"
        if sum(len(text) for text in lines) + len(line) > _LIST_MAX:
            lines.append(f"…and {len(revealed.estimates) - count} more")
            break
        lines.append(line)
    lowest, highest = revealed.estimates[0].amount, revealed.estimates[-1].amount
    fields = [  # the estimates' own low and high; the range to plan with may leave tails out
        ("Low", shown_value(plan, field, lowest)),
        ("Median", shown_value(plan, field, spread.median)),
        ("High", shown_value(plan, field, highest)),
        (
            f"Range to plan with: {spread.method}",
            f"{shown_value(plan, field, spread.amount)}: {spread.reason}.",
        ),
    ]
    return _render.embed(
        _render.safe(question(request)),
        fields,
        description=f"Revealed: {spread.count} estimates of {input_label(field)} for "
        f"**{_render.safe(request.scenario_name)}**.\n" + "\n".join(lines),
        footer=f"Estimate #{request.id} · Use as range saves a copy of the scenario with this "
        "range in your scenarios and shows its P10/P50/P90.",
    )


def copy_name(scenario_name: str) -> str:
    """ "<scenario> (team estimate)", the scenario's name shortened to fit 64 characters."""
    suffix = " (team estimate)"
    base = scenario_name[: 64 - len(suffix)].rstrip()
    return base + suffix


# --- decisions ----------------------------------------------------------------------------------


def decided_by(record: DecisionRecord) -> str:
    if record.author_id is None:
        who = "a former member"
    else:
        who = f"**{_render.safe(record.author_name or 'a member')}**"
    return f"decided by {who} {discord.utils.format_dt(record.created_at, 'R')}"


def decision_card(
    record: DecisionRecord, tracking: Tracking | None, chart: Chart | None
) -> discord.Embed:
    """The decision with its frozen figures; with actuals, plan against actual too."""
    figures = record.figures
    frozen = [(str(name), str(value)) for name, value in figures.get("fields", [])][:12]
    card = _render.embed(
        f"Decision: {_render.safe(_first_line(record.text))}",
        frozen + tracking_fields(tracking, record.plan.currency),
        description=f"{_render.safe(record.text)}\n\n**Scenario:** "
        f"{_render.safe(record.scenario_name)} · {decided_by(record)}\n"
        f"**Inputs (frozen):** {_render.plan_summary(record.plan)}",
        footer=f"Decision #{record.id} · figures frozen when decided ({figures.get('title', '')}"
        f"); later edits of the scenario do not change them. "
        f"Record what happened with /actuals scenario:{record.scenario_name} month:<n>."
        + (MIDPOINTS if tracking and record.plan.ranged_inputs else ""),
    )
    if chart is not None:
        card.set_image(url=f"attachment://{TRACKING_FILE if tracking else _render.CHART_FILE}")
    return card


def tracking_fields(tracking: Tracking | None, currency: str) -> list[tuple[str, str]]:
    """The verdict and, for units, unit cost and cash, the latest month recorded."""
    if tracking is None or not tracking.months:
        return []
    fields = [("Tracking", f"**{tracking.verdict or 'no verdict yet'}**: {tracking.basis}")]
    for label, figure, fmt in (
        ("Units sold", "units", compact),
        ("Unit cost", "unit_cost", lambda v: money(v, currency)),
        ("Price", "price", lambda v: money(v, currency)),
        ("Cash to date", "cash", lambda v: money(v, currency)),
    ):
        latest = [(m.month, getattr(m, figure)) for m in tracking.months if getattr(m, figure)]
        if latest:
            month, gap = latest[-1]
            fields.append((f"{label}, month {month}", gap_text(gap, fmt)))
    return fields


def gap_text(gap: Gap, fmt) -> str:
    sign = "+" if gap.error > 0 else ""
    share = f" ({percent(gap.error_share, signed=True)})" if gap.error_share is not None else ""
    return f"plan {fmt(gap.plan)} · actual {fmt(gap.actual)} · error {sign}{fmt(gap.error)}{share}"


def decisions_list(page: DecisionPage, trackings: list[Tracking | None]) -> discord.Embed:
    """A page of the server's decisions, newest first, each with how it is tracking."""
    if not page.decisions:
        return _render.embed(
            "No decisions in this server yet",
            [],
            description="Record one with `/decide scenario:<name> decision:<what you decided>`.",
        )
    fields = []
    for record, tracking in zip(page.decisions, trackings, strict=True):
        lines = [f"{_render.safe(record.scenario_name)} · {decided_by(record)}"]
        if tracking is None:
            lines.append("No actuals yet.")
        else:
            lines += [f"{name}: {value}" for name, value in tracking_fields(tracking, _cur(record))]
        name = f"#{record.id} {_render.safe(_first_line(record.text))}"
        fields.append((name[:256], "\n".join(lines)[:1024]))
    first, last = page.offset + 1, page.offset + len(page.decisions)
    card = _render.embed(
        f"Decisions in this server ({first}–{last} of {page.total}), newest first",
        [],
        footer="Plan figures are frozen when decided. Record what happened with /actuals.",
    )
    for name, value in fields:
        card.add_field(name=name, value=value, inline=False)
    return card


def _cur(record: DecisionRecord) -> str:
    return record.plan.currency


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"
