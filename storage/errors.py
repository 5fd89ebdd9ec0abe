"""Errors the repository raises on purpose. `str(error)` is a message fit to show the user."""

from __future__ import annotations


class StorageError(Exception):
    """Base class: an expected refusal (not a bug), worded for the person who asked."""


class NotFound(StorageError):
    """No scenario by that name or number that the user may see here.

    The message is the same whether it does not exist or is someone else's private one.
    """


class NameTaken(StorageError):
    """The user already has a scenario with that name (names ignore case)."""


class LimitReached(StorageError):
    """The user already keeps as many scenarios as allowed."""


class InvalidInput(StorageError):
    """A bad name, notes, plan or import file."""


class StorageUnavailable(StorageError):
    """The database did not answer in time, or refused the connection.

    The message says what happened to the change: nothing was saved (the transaction was
    abandoned before COMMIT, so the server rolls it back), or, when the deadline passed while
    COMMIT was on its way, that it may have been kept.
    """

    NOTHING_SAVED = "Storage is not answering, nothing was saved: try again in a minute."
    MAYBE_SAVED = (
        "Storage stopped answering while saving, so it may or may not have been kept: "
        "check with /scenario list before trying again."
    )

    def __init__(self, message: str = NOTHING_SAVED) -> None:
        super().__init__(message)
