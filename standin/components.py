"""Message components (buttons, select menus, containers): read them as a user sees them, and
number them as Discord serves them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

STRING_SELECT = 3  # component type


@dataclass(frozen=True)
class Button:
    label: str | None
    custom_id: str | None
    style: int
    disabled: bool = False
    url: str | None = None
    emoji: str | None = None

    @property
    def text(self) -> str:
        """How the button reads on screen: emoji and label."""
        return " ".join(part for part in (self.emoji, self.label) if part) or "(button)"


def buttons_in(components: list[dict[str, Any]]) -> Iterator[Button]:
    for component in components:
        if component.get("type") == 2:
            emoji = component.get("emoji") or {}
            yield Button(
                label=component.get("label"),
                custom_id=component.get("custom_id"),
                style=component.get("style", 1),
                disabled=bool(component.get("disabled")),
                url=component.get("url"),
                emoji=emoji.get("name"),
            )
        yield from buttons_in(component.get("components") or [])
        accessory = component.get("accessory")
        if accessory:
            yield from buttons_in([accessory])


def flattened(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        yield component
        yield from flattened(component.get("components") or [])


def number_components(components: list[dict[str, Any]], ids: Iterator[int]) -> list[dict[str, Any]]:
    """Discord numbers every component of a message (depth first) that has no `id`, and drops
    `required` (it means something in forms only)."""
    numbered = []
    for component in components:
        served = {**component, "id": component.get("id") or next(ids)}
        served.pop("required", None)
        if "components" in component:
            served["components"] = number_components(component["components"], ids)
        numbered.append(served)
    return numbered
