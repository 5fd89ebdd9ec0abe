"""One interaction: its kind, where it stands as the user sees it, and the INTERACTION_CREATE
payload Discord sends for it (with the installs and permissions it acts through)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from standin.errors import DiscordError
from standin.messages import Message
from standin.modals import Modal
from standin.world import (
    ALL_PERMISSIONS,
    BOT_DM_CONTEXT,
    DM_PERMISSIONS,
    USER_INSTALL_PERMISSIONS,
    Channel,
    User,
)


class InteractionType(IntEnum):
    APPLICATION_COMMAND = 2
    MESSAGE_COMPONENT = 3
    AUTOCOMPLETE = 4
    MODAL_SUBMIT = 5


class Callback(IntEnum):
    """How the bot answered (the `type` of the interaction callback)."""

    CHANNEL_MESSAGE = 4
    DEFERRED_CHANNEL_MESSAGE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    AUTOCOMPLETE_RESULT = 8
    MODAL = 9


class Status(StrEnum):
    """Where an interaction stands, as the user sees it."""

    PENDING = "pending"  # sent; the bot has not answered yet
    REPLIED = "replied"  # a message the user can see (new, or the clicked message updated)
    MODAL = "modal"  # a form opened
    CHOICES = "choices"  # autocomplete suggestions
    THINKING = "thinking"  # deferred: "<bot> is thinking…" and no answer (yet)
    ACKNOWLEDGED = "acknowledged"  # a click acknowledged with nothing visible (yet)
    NO_RESPONSE = "no_response"  # "The application did not respond"


@dataclass(eq=False)
class Interaction:
    """One interaction from creation to its last followup."""

    id: int
    token: str
    kind: InteractionType
    user: User
    channel: Channel
    data: dict[str, Any]
    created_at: float  # on the stand-in's clock: the 15-minute token lifetime
    owners: dict[str, str]  # authorizing_integration_owners: install type -> guild or user ID
    source_message: Message | None = None  # the message whose component was used
    form_opened_by: Interaction | None = None  # for a form submission: what opened the form
    sent_at: float = 0.0  # time.perf_counter() when dispatched, for timings
    callback: Callback | None = None
    acknowledged_at: float | None = None
    original: Message | None = None  # what @original means for this interaction
    reply: Message | None = None  # the first answer the user could see
    replied_at: float | None = None
    followups: list[Message] = field(default_factory=list)
    modal: Modal | None = None
    choices: list[dict[str, Any]] | None = None
    errors: list[DiscordError] = field(default_factory=list)
    expired: bool = False  # missed the acknowledgement deadline
    token_expired: bool = False
    version: int = 0
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def status(self) -> Status:
        if self.choices is not None:
            return Status.CHOICES
        if self.modal is not None:
            return Status.MODAL
        if self.reply is not None:
            return Status.REPLIED
        if self.callback == Callback.DEFERRED_CHANNEL_MESSAGE:
            return Status.THINKING
        if self.callback == Callback.DEFERRED_UPDATE_MESSAGE:
            return Status.ACKNOWLEDGED
        return Status.NO_RESPONSE if self.expired else Status.PENDING

    @property
    def settled(self) -> bool:
        """Nothing more will change what the user sees first."""
        return self.token_expired or self.status not in (
            Status.PENDING,
            Status.THINKING,
            Status.ACKNOWLEDGED,
        )

    def touch(self) -> None:
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def changed_since(self, version: int) -> None:
        """Return once the interaction has changed after `version`."""
        while self.version <= version:
            await self._changed.wait()

    def payload(self, application: User, size_limit: int) -> dict[str, Any]:
        """INTERACTION_CREATE as Discord sends it: in a guild with `member` and `guild_id`, in a
        DM or group DM with `user` and no guild; `context` and the app's permissions there."""
        channel = self.channel
        payload: dict[str, Any] = {
            "id": str(self.id),
            "application_id": str(application.id),
            "type": int(self.kind),
            "data": self.data,
            "channel_id": str(channel.id),
            "token": self.token,
            "version": 1,
            "app_permissions": app_permissions(channel),
            "locale": self.user.locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": self.owners,
            "context": channel.context,
            "attachment_size_limit": size_limit,
        }
        guild = channel.guild
        if guild is not None:
            payload["channel"] = {**channel.payload(), "permissions": ALL_PERMISSIONS}
            payload |= {
                "guild_id": str(guild.id),
                "guild": {"id": str(guild.id), "locale": "en-US", "features": []},
                "member": guild.member_payload(self.user, permissions=True),
                "guild_locale": "en-US",
            }
        else:
            payload["channel"] = {**channel.payload(), "permissions": DM_PERMISSIONS}
            payload["user"] = self.user.payload()
        if self.source_message is not None:
            payload["message"] = self.source_message.payload()
        return payload

    def metadata(self) -> dict[str, Any]:
        """`interaction_metadata` of the messages this interaction creates."""
        metadata: dict[str, Any] = {
            "id": str(self.id),
            "type": int(self.kind),
            "user": self.user.payload(),
            "authorizing_integration_owners": self.owners,
        }
        if self.kind == InteractionType.MESSAGE_COMPONENT and self.source_message is not None:
            metadata["interacted_message_id"] = str(self.source_message.id)
        if self.form_opened_by is not None:
            metadata["triggering_interaction_metadata"] = self.form_opened_by.metadata()
        return metadata


def guild_install_owners(channel: Channel) -> dict[str, str]:
    """The guild install's owner: the guild where the bot is, "0" in the bot's DM, else none."""
    if channel.context == BOT_DM_CONTEXT:
        return {"0": "0"}
    if channel.guild is not None and channel.guild.bot_installed:
        return {"0": str(channel.guild.id)}
    return {}


def app_permissions(channel: Channel) -> str:
    """What the app may do there: everything where its bot is, DM rights in the bot's DM, the
    few that interaction replies need where only a user install reaches."""
    if channel.guild is not None and channel.guild.bot_installed:
        return ALL_PERMISSIONS
    return DM_PERMISSIONS if channel.context == BOT_DM_CONTEXT else USER_INSTALL_PERMISSIONS
