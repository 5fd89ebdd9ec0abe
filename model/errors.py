"""The one error the model raises for anything a user typed or saved."""

from __future__ import annotations


class PlanError(ValueError):
    """A plan input is missing, unreadable or out of range.

    `field` names the input (e.g. "learning_rate") so the bot can point at the option;
    the message says what was wrong and what would be accepted.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __reduce__(self) -> tuple[type[PlanError], tuple[str, str]]:
        # Lenses run in worker processes: the error must survive the trip back by pickle.
        return type(self), (self.field, str(self))
