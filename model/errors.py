"""The one error the model raises for anything a user typed or saved."""

from __future__ import annotations

from typing import Any


class PlanError(ValueError):
    """A plan input is missing, unreadable or out of range.

    `field` names the input (e.g. "learning_rate") so the bot can point at the option;
    the message says what was wrong and what would be accepted.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __reduce__(self) -> tuple[type[PlanError], tuple[Any, ...]]:
        # Lenses run in worker processes: the error must survive the trip back by pickle.
        return type(self), (self.field, str(self))


class AmbiguousNumber(PlanError):
    """`text` reads two ways (`2.500`: 2.5 or 2,500) and the locale does not settle it:
    `readings` holds both values (decimal mark first), so the caller can ask which."""

    def __init__(self, field: str, text: str, readings: tuple[float, float]) -> None:
        first, second = (f"{value:,.12g}" for value in readings)
        quoted = text.strip()[:20]
        super().__init__(
            field,
            f"{field}: {quoted!r} could mean {first} or {second}. Type it without the "
            f"ambiguous separator, e.g. {readings[0]:.12g} or {readings[1]:.12g}.",
        )
        self.text = text
        self.readings = readings

    def __reduce__(self) -> tuple[type[AmbiguousNumber], tuple[str, str, tuple[float, float]]]:
        return type(self), (self.field, self.text, self.readings)
