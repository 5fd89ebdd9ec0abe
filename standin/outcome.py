"""What a user sees after an interaction (`Outcome`), and waiting on it as a user waits."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from standin.errors import BotStopped, DiscordError
from standin.interactions import Interaction, Status
from standin.messages import Attachment, Button, Message
from standin.modals import Modal


@dataclass(frozen=True)
class Choice:
    name: str
    value: str | int | float


class Unanswered(Exception):
    """Autocomplete got no choices in time: Discord shows "Loading options failed"."""


class ManualClock:
    """A clock tests move by hand, for rules measured in minutes (the 15-minute token)."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Outcome:
    """What the user sees after an interaction. Live: later edits and followups show up here.

    `message` is the answer as the user sees it: the reply, the followup or edit that ended a
    "thinking…" defer, or the clicked message as the bot updated it.
    """

    def __init__(self, interaction: Interaction, waiter: Waiter) -> None:
        self.interaction = interaction
        self._waiter = waiter
        self._seen = interaction.version

    @property
    def status(self) -> Status:
        return self.interaction.status

    @property
    def message(self) -> Message | None:
        return self.interaction.reply

    @property
    def ephemeral(self) -> bool:
        """Only the user who acted can see it ("Only you can see this")."""
        shown = self.interaction.reply or self.interaction.original
        return shown is not None and shown.ephemeral

    @property
    def content(self) -> str:
        return self.message.content if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message else []

    @property
    def embed(self) -> dict[str, Any] | None:
        """The first embed, the one a reply usually has."""
        return self.embeds[0] if self.embeds else None

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.components if self.message else []

    @property
    def buttons(self) -> list[Button]:
        return self.message.buttons if self.message else []

    @property
    def attachments(self) -> list[Attachment]:
        return self.message.attachments if self.message else []

    @property
    def modal(self) -> Modal | None:
        return self.interaction.modal

    @property
    def choices(self) -> list[Choice]:
        return [Choice(c["name"], c["value"]) for c in self.interaction.choices or []]

    @property
    def followups(self) -> list[Message]:
        """Messages sent after the answer (the answer itself excluded)."""
        return [m for m in self.interaction.followups if m is not self.message and not m.deleted]

    @property
    def errors(self) -> list[DiscordError]:
        """Errors Discord answered the bot for this interaction (40060, 10062, 50027, 50035…)."""
        return list(self.interaction.errors)

    @property
    def acknowledged_after(self) -> float | None:
        """Seconds from sending the interaction to the bot's acknowledgement."""
        acknowledged = self.interaction.acknowledged_at
        return None if acknowledged is None else acknowledged - self.interaction.sent_at

    @property
    def replied_after(self) -> float | None:
        """Seconds from sending the interaction to the answer the user sees."""
        replied = self.interaction.replied_at
        return None if replied is None else replied - self.interaction.sent_at

    async def next_change(self, within: float = 5.0) -> bool:
        """Wait for the next edit, followup, deletion or error; False if none came in time."""
        seen = self._seen
        async with at_most(within):
            await self._waiter.until(self.interaction, lambda: self.interaction.version > seen)
        self._seen = self.interaction.version
        return self._seen > seen

    def __repr__(self) -> str:
        title = (self.embed or {}).get("title")
        return (
            f"<Outcome {self.status.value} ephemeral={self.ephemeral} "
            f"content={self.content[:40]!r} embed={title!r} errors={len(self.errors)}>"
        )


class Waiter:
    """Waits on an interaction while watching the bot: a dead bot fails fast, not by timeout."""

    def __init__(self) -> None:
        self.watched: list[asyncio.Future[Any]] = []

    def check(self) -> None:
        for task in self.watched:
            if not task.done():
                continue
            if task.cancelled():
                raise BotStopped("the bot's gateway task was cancelled")
            error = task.exception()
            if error is not None:
                raise BotStopped(f"the bot's gateway task died: {error!r}") from error
            raise BotStopped("the bot's gateway task ended")

    async def until(self, interaction: Interaction, condition: Callable[[], bool]) -> None:
        """Return once `condition()` holds; raise BotStopped if a watched task ends first."""
        self.check()
        while not condition():
            change = asyncio.ensure_future(interaction.changed_since(interaction.version))
            try:
                await asyncio.wait([change, *self.watched], return_when=asyncio.FIRST_COMPLETED)
            finally:
                change.cancel()
            self.check()


@asynccontextmanager
async def at_most(seconds: float) -> AsyncIterator[None]:
    """Run the body for up to `seconds`, then carry on (no TimeoutError)."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            yield
