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
