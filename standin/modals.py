"""Forms (modals) the bot opens, and what a user's submission of one sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from standin.errors import InputError

if TYPE_CHECKING:
    from standin.interactions import Interaction

ACTION_ROW, TEXT_INPUT, LABEL = 1, 4, 18


@dataclass(frozen=True)
class ModalField:
    custom_id: str
    label: str
    style: int = 1  # 1 short, 2 paragraph
    required: bool = True
    min_length: int = 0
    max_length: int = 4000
    value: str | None = None
    placeholder: str | None = None
    in_label: bool = False  # wrapped in a Label component rather than an action row


@dataclass(frozen=True)
class Modal:
    """A form the bot opened, and the interaction that opened it."""

    custom_id: str
    title: str
    fields: tuple[ModalField, ...]
    opened_by: Interaction = field(repr=False, compare=False)

    @classmethod
    def from_payload(cls, data: dict[str, Any], opened_by: Interaction) -> Modal:
        fields = []
        for component in data.get("components") or []:
            if component.get("type") == ACTION_ROW:
                inputs = [(child, child.get("label")) for child in component.get("components", [])]
            elif component.get("type") == LABEL:
                inputs = [(component.get("component") or {}, component.get("label"))]
            else:
                continue
            for text_input, label in inputs:
                if text_input.get("type") != TEXT_INPUT:
                    continue
                fields.append(
                    ModalField(
                        custom_id=text_input["custom_id"],
                        label=label or text_input.get("label") or text_input["custom_id"],
                        style=text_input.get("style", 1),
                        required=text_input.get("required", True),
                        min_length=text_input.get("min_length", 0),
                        max_length=text_input.get("max_length", 4000),
                        value=text_input.get("value"),
                        placeholder=text_input.get("placeholder"),
                        in_label=component.get("type") == LABEL,
                    )
                )
        return cls(data["custom_id"], data["title"], tuple(fields), opened_by)

    def field(self, key: str) -> ModalField:
        """A field by custom_id or label (case-insensitive)."""
        for candidate in self.fields:
            if key == candidate.custom_id or key.casefold() == candidate.label.casefold():
                return candidate
        labels = ", ".join(repr(candidate.label) for candidate in self.fields)
        raise InputError(f"the form {self.title!r} has no field {key!r} (fields: {labels})")

    def submission(self, values: dict[str, str]) -> dict[str, Any]:
        """The MODAL_SUBMIT data for these values, checked as Discord's form checks them."""
        given = {self.field(key).custom_id: str(value) for key, value in values.items()}
        components = []
        for entry in self.fields:
            value = given.get(entry.custom_id, entry.value or "")
            if entry.required and not value:
                raise InputError(f"{entry.label!r} is required")
            if value and not entry.min_length <= len(value) <= entry.max_length:
                raise InputError(
                    f"{entry.label!r} must be {entry.min_length} to {entry.max_length} "
                    f"characters long, got {len(value)}"
                )
            text_input = {"type": TEXT_INPUT, "custom_id": entry.custom_id, "value": value}
            if entry.in_label:
                components.append({"type": LABEL, "component": text_input})
            else:
                components.append({"type": ACTION_ROW, "components": [text_input]})
        return {"custom_id": self.custom_id, "components": components}
