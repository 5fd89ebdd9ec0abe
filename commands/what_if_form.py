"""The "What if…" message command (right-click a message → Apps) and its form.

On a Flywheel card the form is filled with the card's plan inputs for its lens; on any other
message with the named numbers in its text (the command receives the message's content
without any intent). Submitting answers in the channel with the changed card and what moved.
The form's custom id says where its plan is (`CardRef.args`), so any process takes it.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from commands import replies, whatif
from commands._buttons import PersistentForm
from commands._options import shared_here
from commands.cards import DEFAULTS, CardRef, card_ref
from commands.errors import UserFacingError
from commands.lens_registry import LENSES
from commands.services import services_of
from commands.what_if_answers import answer_what_if, base_of
from model import FIELDS, Plan, PlanError, parse_input
from model.vocabulary import read_words

TITLE_MAX = 45  # Discord's limit for a form's title and a text input's label


class WhatIfForm(PersistentForm, title="What if…"):
    """Up to five plan inputs, pre-filled; each text input's custom_id is the input's name."""

    prefix = "whatif:form"

    def fill(self, lens_name: str, inputs: dict[str, str]) -> WhatIfForm:
        self.title = f"What if… ({lens_name})"[:TITLE_MAX]
        for name, typed in inputs.items():
            self.add_item(
                discord.ui.TextInput(
                    label=FIELDS[name].label[:TITLE_MAX],
                    custom_id=name,
                    default=typed or None,
                    placeholder=FIELDS[name].description[:100],
                    required=False,
                    max_length=60,
                )
            )
        return self

    async def submitted(self, interaction: discord.Interaction, values: dict[str, str]) -> None:
        ref = CardRef.from_args(*self.args)
        services = services_of(interaction.client)
        base = await base_of(services, ref, interaction.user.id, shared_here(interaction))
        lens = LENSES[ref.lens] if ref.lens else None
        changes = _read(values, base.plan if base else Plan())

        def within_deadline(work: Any) -> Any:
            return replies.within_deadline(interaction, work, ephemeral=False)

        sent = await answer_what_if(
            services, base, lens, changes, actor=interaction.user.id, wait=within_deadline
        )
        await replies.send(interaction, **sent)


def _read(values: dict[str, str], before: Plan) -> dict[str, object]:
    """What the form changes: each filled input read by the input language; all problems at
    once. An emptied optional input is left out; an emptied required one stays as it was."""
    changes: dict[str, object] = {}
    problems = []
    for name, typed in values.items():
        if name not in FIELDS:
            continue
        if not typed.strip():
            if FIELDS[name].optional:
                changes[name] = None
            continue
        try:
            changes[name] = parse_input(name, typed)
        except PlanError as error:
            problems.append(str(error))
    if problems:
        raise UserFacingError("\n".join(problems))
    return {name: value for name, value in changes.items() if value != getattr(before, name)}


@app_commands.context_menu(name="What if…")
async def what_if_menu(interaction: discord.Interaction, message: discord.Message) -> None:
    """A form for a what-if on this message: a card's plan, or the numbers its text names."""
    me = interaction.client.user
    ours = me is not None and message.author.id == me.id
    ref = card_ref(message) if ours else None
    if ours and ref is None:  # its own guide or a short reply: their numbers are examples
        raise UserFacingError(
            "That Flywheel message is not a card: use What if… on a card (one with a Save, "
            "Fork or Discuss button), or on a message that names numbers."
        )
    if ref is not None:
        services = services_of(interaction.client)
        base = await base_of(services, ref, interaction.user.id, shared_here(interaction))
        if base is None:
            raise UserFacingError("That card has no plan to change.")
        names = whatif.form_inputs(base.lens)
        inputs = {name: whatif.typed_text(name, getattr(base.plan, name)) for name in names}
        ref = CardRef(ref.source, ref.number, base.lens.name, ref.version)
        lens_name = base.lens.name
    else:
        named_lens, text = whatif.named_lens(message.content)
        reading = read_words(text)
        lens = named_lens or whatif.lens_reading(list(reading.typed))
        names = whatif.form_inputs(lens, list(reading.typed))
        defaults = Plan()
        inputs = {
            name: reading.typed.get(name) or whatif.typed_text(name, getattr(defaults, name))
            for name in names
        }
        ref = CardRef(DEFAULTS, 0, lens.name)
        lens_name = lens.name
    await WhatIfForm(*ref.args()).fill(lens_name, inputs).open(interaction)
