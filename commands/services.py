"""What handlers need from the process that runs them, as a protocol: no import of `bot/`.

The bot (`bot.client.FlywheelBot`) provides these; handlers reach them from an interaction
through `services_of`, which checks instead of casting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, runtime_checkable

from storage import Store

T = TypeVar("T")


class Workers(Protocol):
    def submit(self, fn: Callable[..., T], /, *args: Any) -> asyncio.Future[T]:
        """Run `fn(*args)` in a worker process, off the event loop."""
        ...


@runtime_checkable
class Services(Protocol):
    @property
    def store(self) -> Store: ...

    @property
    def workers(self) -> Workers: ...


def services_of(client: object) -> Services:
    """The services of the client an interaction came through (`interaction.client`)."""
    if not isinstance(client, Services):
        raise TypeError(f"{type(client).__name__} does not provide a store and workers")
    return client
