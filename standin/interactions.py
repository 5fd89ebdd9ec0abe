"""Interactions and Discord's rules for answering them.

One acknowledgement per interaction (a second gets 400, code 40060), within the deadline (later
ones get 404, code 10062); then the token lives 15 minutes for followups and edits (after that,
401, code 50027). Every error answered to the bot is kept on the interaction, so a test or a
person sees what the bot was told.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from standin import errors
from standin.errors import DiscordError, InputError
from standin.messages import (
    CHAT_INPUT_COMMAND_MESSAGE,
    CONTEXT_MENU_COMMAND,
    DEFAULT_MESSAGE,
    EPHEMERAL,
    LOADING,
    Attachment,
    Message,
    MessageBody,
    MessageStore,
)
from standin.modals import Modal
from standin.rules import (
    Problem,
    choices_problems,
    files_too_large,
    message_problems,
    modal_problems,
)
from standin.world import (
    ALL_PERMISSIONS,
    BOT_DM_CONTEXT,
    DM_PERMISSIONS,
    USER_INSTALL_PERMISSIONS,
    Channel,
    User,
    World,
)

TOKEN_LIFETIME = 15 * 60.0
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


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


class Interactions:
    """Creates interactions and applies Discord's rules to every answer the bot sends."""

    def __init__(
        self,
        world: World,
        messages: MessageStore,
        *,
        clock: Callable[[], float] = time.monotonic,
        size_limit: int = ATTACHMENT_SIZE_LIMIT,
    ) -> None:
        self.world = world
        self.messages = messages
        self.clock = clock
        self.size_limit = size_limit
        self.by_id: dict[int, Interaction] = {}
        self.by_token: dict[str, Interaction] = {}

    def create(
        self,
        kind: InteractionType,
        user: User,
        channel: Channel,
        data: dict[str, Any],
        *,
        owners: dict[str, str] | None = None,
        source_message: Message | None = None,
        form_opened_by: Interaction | None = None,
    ) -> Interaction:
        if not channel.can_see(user):
            where = channel.guild.name if channel.guild else str(channel)
            raise InputError(f"{user.name} is not a member of {where}")
        owners = guild_install_owners(channel) if owners is None else owners
        if not owners:
            raise InputError(f"{channel} has no install of the app that {user.name} can use")
        interaction = Interaction(
            id=self.world.new_id(),
            token="aW50ZXJhY3Rpb246" + secrets.token_urlsafe(96),
            kind=kind,
            user=user,
            channel=channel,
            data=data,
            created_at=self.clock(),
            owners=owners,
            source_message=source_message,
            form_opened_by=form_opened_by,
        )
        self.by_id[interaction.id] = interaction
        self.by_token[interaction.token] = interaction
        return interaction

    def upload(self, channel: Channel, filename: str, data: bytes, **details: Any) -> Attachment:
        """A user's file for an attachment option, checked against the upload limit."""
        if len(data) > self.size_limit:
            raise InputError(f"{filename} is over the {self.size_limit} byte upload limit")
        return self.messages.upload(channel, filename, data, ephemeral=True, **details)

    # -- the interaction callback ----------------------------------------------------------------

    def callback(self, interaction_id: int, token: str, body: MessageBody) -> dict[str, Any]:
        """POST /interactions/{id}/{token}/callback: the one acknowledgement."""
        interaction = self.by_id.get(interaction_id)
        if interaction is None or interaction.token != token:
            raise errors.unknown_interaction()
        with _kept_on(interaction):
            if interaction.expired:
                raise errors.unknown_interaction()
            if interaction.callback is not None:
                raise errors.already_acknowledged()
            kind = self._callback_type(interaction, body.fields.get("type"))
            data = body.fields.get("data") or {}
            message = self._answer(interaction, kind, MessageBody(data, body.files))
            interaction.callback = kind
            interaction.acknowledged_at = time.perf_counter()
            if message is not None and kind in (Callback.CHANNEL_MESSAGE, Callback.UPDATE_MESSAGE):
                self._replied(interaction, message)
            return self._callback_response(interaction, kind, message)

    def _callback_type(self, interaction: Interaction, value: Any) -> Callback:
        try:
            kind = Callback(value)
        except ValueError:
            raise errors.invalid_form([_type_problem(f"{value!r} is not a valid type")]) from None
        autocomplete = interaction.kind == InteractionType.AUTOCOMPLETE
        if autocomplete != (kind == Callback.AUTOCOMPLETE_RESULT):
            problem = _type_problem(
                "autocomplete interactions are answered with choices (type 8), and only they are"
            )
            raise errors.invalid_form([problem])
        updates = kind in (Callback.DEFERRED_UPDATE_MESSAGE, Callback.UPDATE_MESSAGE)
        if updates and interaction.source_message is None:
            problem = _type_problem("only a component (or its modal) can update a message")
            raise errors.invalid_form([problem])
        if kind == Callback.MODAL and interaction.kind == InteractionType.MODAL_SUBMIT:
            raise errors.invalid_form([_type_problem("a modal cannot open another modal")])
        return kind

    def _answer(
        self, interaction: Interaction, kind: Callback, body: MessageBody
    ) -> Message | None:
        data = body.fields
        if kind == Callback.AUTOCOMPLETE_RESULT:
            problems = choices_problems(data.get("choices"))
            if problems:
                raise errors.invalid_form(problems)
            interaction.choices = data["choices"]
            return None
        if kind == Callback.MODAL:
            problems = modal_problems(data)
            if problems:
                raise errors.invalid_form(problems)
            interaction.modal = Modal.from_payload(data, interaction)
            return None
        if kind == Callback.DEFERRED_UPDATE_MESSAGE:
            interaction.original = interaction.source_message
            return None
        if kind == Callback.DEFERRED_CHANNEL_MESSAGE:
            flags = LOADING | (data.get("flags") or 0) & EPHEMERAL
            interaction.original = self._new_message(interaction, MessageBody({}), flags=flags)
            return interaction.original
        self.check_message(body, creating=kind == Callback.CHANNEL_MESSAGE)
        if kind == Callback.UPDATE_MESSAGE:
            assert interaction.source_message is not None
            self.messages.edit(interaction.source_message, body)
            interaction.original = interaction.source_message
        else:
            interaction.original = self._new_message(interaction, body)
        return interaction.original

    def _callback_response(
        self, interaction: Interaction, kind: Callback, message: Message | None
    ) -> dict[str, Any]:
        summary: dict[str, Any] = {
            "id": str(interaction.id),
            "type": int(interaction.kind),
            "channel_id": str(interaction.channel.id),
        }
        if interaction.channel.guild is not None:
            summary["guild_id"] = str(interaction.channel.guild.id)
        response: dict[str, Any] = {"interaction": summary}
        if message is not None:
            summary["response_message_id"] = str(message.id)
            summary["response_message_loading"] = message.loading
            summary["response_message_ephemeral"] = message.ephemeral
            if kind in (Callback.CHANNEL_MESSAGE, Callback.UPDATE_MESSAGE):
                response["resource"] = {"type": int(kind), "message": message.payload()}
        return response

    # -- followups and edits through the interaction's webhook ------------------------------------

    def followup(self, application_id: int, token: str, body: MessageBody) -> Message:
        """POST /webhooks/{app}/{token}: after a "thinking" defer the first one replaces it
        (unless the bot deleted "thinking…" first, the way to answer privately after all)."""
        interaction = self._webhook(application_id, token)
        with _kept_on(interaction):
            self.check_message(body, creating=True)
            original = interaction.original
            if original is not None and original.loading and not original.deleted:
                self.messages.edit(original, body)  # keeps the privacy chosen at the defer
                message = original
            else:
                message = self._new_message(interaction, body)
                interaction.followups.append(message)
            self._replied(interaction, message)
            return message

    def message(self, application_id: int, token: str, message_id: str) -> Message:
        """GET …/messages/{id or @original}."""
        interaction = self._webhook(application_id, token)
        with _kept_on(interaction):
            return self._own_message(interaction, message_id)

    def edit(self, application_id: int, token: str, message_id: str, body: MessageBody) -> Message:
        """PATCH …/messages/{id or @original}: an edit of a deferred reply is the answer."""
        interaction = self._webhook(application_id, token)
        with _kept_on(interaction):
            message = self._own_message(interaction, message_id)
            self.check_message(body, creating=False)
            self.messages.edit(message, body)
            self._replied(interaction, message)
            return message

    def delete(self, application_id: int, token: str, message_id: str) -> None:
        interaction = self._webhook(application_id, token)
        with _kept_on(interaction):
            message = self._own_message(interaction, message_id)
            message.deleted = True
            interaction.touch()

    def _webhook(self, application_id: int, token: str) -> Interaction:
        interaction = self.by_token.get(token)
        if interaction is None or application_id != self.world.application.id:
            raise errors.unknown_webhook()
        with _kept_on(interaction):
            if self.clock() - interaction.created_at > TOKEN_LIFETIME:
                interaction.token_expired = True
                raise errors.invalid_webhook_token()
            if interaction.callback is None:
                raise errors.unknown_webhook()  # the webhook exists once the bot acknowledged
        return interaction

    def _own_message(self, interaction: Interaction, message_id: str) -> Message:
        if message_id == "@original":
            message = interaction.original
        else:
            wanted = int(message_id) if message_id.isdigit() else None
            candidates = [interaction.original, *interaction.followups]
            message = next((m for m in candidates if m is not None and m.id == wanted), None)
        if message is None or message.deleted:
            raise errors.unknown_message()
        return message

    def _new_message(
        self, interaction: Interaction, body: MessageBody, flags: int | None = None
    ) -> Message:
        kind = DEFAULT_MESSAGE
        if interaction.kind == InteractionType.APPLICATION_COMMAND:
            slash = interaction.data.get("type", 1) == 1
            kind = CHAT_INPUT_COMMAND_MESSAGE if slash else CONTEXT_MENU_COMMAND
        return self.messages.create(
            interaction.channel,
            self.world.application,
            body,
            kind=kind,
            flags=flags,
            interaction=interaction.metadata(),
        )

    def check_message(self, body: MessageBody, *, creating: bool) -> None:
        sizes = [len(file.data) for file in body.files]
        if files_too_large(sizes, self.size_limit):
            raise errors.request_too_large(self.size_limit)
        problems = message_problems(body.fields, file_sizes=sizes, creating=creating)
        if problems:
            raise errors.invalid_form(problems)

    @staticmethod
    def _replied(interaction: Interaction, message: Message) -> None:
        if interaction.reply is None:
            interaction.reply = message
            interaction.replied_at = time.perf_counter()


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


@contextmanager
def _kept_on(interaction: Interaction) -> Iterator[Interaction]:
    """Keep any DiscordError answered on the interaction, and wake whoever waits on it."""
    try:
        yield interaction
    except DiscordError as error:
        interaction.errors.append(error)
        raise
    finally:
        interaction.touch()


def _type_problem(message: str) -> Problem:
    return Problem(("type",), "INTERACTION_CALLBACK_TYPE_INVALID", message)
