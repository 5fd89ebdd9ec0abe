"""Messages and their attachments, built from what the bot sends and served back as Discord does."""

from __future__ import annotations

import itertools
import mimetypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from standin.world import Channel, Snowflakes, User, World

EPHEMERAL = 1 << 6
LOADING = 1 << 7
STRING_SELECT = 3  # component type
DEFAULT_MESSAGE, REPLY, CHAT_INPUT_COMMAND_MESSAGE, CONTEXT_MENU_COMMAND = 0, 19, 20, 23
HAS_THREAD = 1 << 5
USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request (`files[n]`), as the client sent it."""

    index: int
    filename: str
    data: bytes
    content_type: str | None = None


@dataclass
class MessageBody:
    """A message as the bot sent it: the JSON (or multipart `payload_json`) and its files."""

    fields: dict[str, Any]
    files: list[UploadedFile] = field(default_factory=list)


@dataclass(eq=False)
class Attachment:
    id: int
    filename: str
    data: bytes
    url: str
    content_type: str | None = None
    description: str | None = None
    ephemeral: bool = False

    @property
    def size(self) -> int:
        return len(self.data)

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": self.size,
            "url": self.url,
            "proxy_url": self.url,
        }
        if self.content_type:
            payload["content_type"] = self.content_type
        if self.description:
            payload["description"] = self.description
        if self.ephemeral:
            payload["ephemeral"] = True
        return payload


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


@dataclass(eq=False)
class Message:
    """A message in a channel; edits change it in place (`edited_at` tells when)."""

    id: int
    channel: Channel
    author: User
    created_at: datetime
    kind: int = DEFAULT_MESSAGE
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    flags: int = 0
    allowed_mentions: dict[str, Any] | None = None
    interaction: dict[str, Any] | None = None  # interaction_metadata when a command made it
    reference: Message | None = None  # the message this one replies to
    mentions: list[User] = field(default_factory=list)  # the users it pings
    thread: Channel | None = None  # the thread started from it
    edited_at: datetime | None = None
    deleted: bool = False

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        """A deferred reply still showing "<bot> is thinking…"."""
        return bool(self.flags & LOADING)

    @property
    def buttons(self) -> list[Button]:
        return list(_buttons(self.components))

    def button(self, which: str) -> Button:
        """The button with this custom_id, or label (case-insensitive), or the one label that
        starts so ("Delete" for "Delete everything"); LookupError otherwise."""
        wanted = which.casefold()
        labelled = [button for button in self.buttons if button.label]
        for matches in (
            [button for button in self.buttons if which == button.custom_id],
            [button for button in labelled if wanted == button.label.casefold()],
            [button for button in labelled if button.label.casefold().startswith(wanted)],
        ):
            if len(matches) == 1:
                return matches[0]
        labels = ", ".join(repr(button.text) for button in self.buttons) or "none"
        raise LookupError(f"no button {which!r} on this message (buttons: {labels})")

    def select_menu(self, which: str) -> dict[str, Any]:
        """The string select with this custom_id, or whose placeholder starts so (any case)."""
        menus = [c for c in _flattened(self.components) if c.get("type") == STRING_SELECT]
        for matches in (
            [menu for menu in menus if menu.get("custom_id") == which],
            [m for m in menus if m.get("placeholder", "").casefold().startswith(which.casefold())],
        ):
            if len(matches) == 1:
                return matches[0]
        shown = ", ".join(repr(menu.get("placeholder", menu["custom_id"])) for menu in menus)
        raise LookupError(f"no select menu {which!r} on this message (menus: {shown or 'none'})")

    @property
    def pinged_user_ids(self) -> list[int]:
        """Users this message notifies, after the sender's `allowed_mentions`: those mentioned
        in its content, and the replied-to author unless the reply's ping is off."""
        mentioned = list(dict.fromkeys(int(found) for found in USER_MENTION.findall(self.content)))
        allowed = self.allowed_mentions
        if allowed is not None and "users" not in (allowed.get("parse") or []):
            permitted = {int(user_id) for user_id in allowed.get("users") or []}
            mentioned = [user_id for user_id in mentioned if user_id in permitted]
        replied = self.reference.author if self.reference is not None else None
        pings_reply = allowed is None or bool(allowed.get("replied_user"))
        if pings_reply and replied not in (None, self.author) and replied.id not in mentioned:
            mentioned.append(replied.id)
        return mentioned

    @property
    def pings_everyone(self) -> bool:
        if "@everyone" not in self.content and "@here" not in self.content:
            return False
        return self.allowed_mentions is None or "everyone" in (
            self.allowed_mentions.get("parse") or []
        )

    @property
    def pinged_role_ids(self) -> list[int]:
        mentioned = [int(found) for found in ROLE_MENTION.findall(self.content)]
        allowed = self.allowed_mentions
        if allowed is None or "roles" in (allowed.get("parse") or []):
            return mentioned
        permitted = {int(role_id) for role_id in allowed.get("roles") or []}
        return [role_id for role_id in mentioned if role_id in permitted]

    def sent_payload(self) -> dict[str, Any]:
        """The message as the bot defined it: content, embeds, components, flags, attachments."""
        return {
            "content": self.content,
            "embeds": self.embeds,
            "components": self.components,
            "flags": self.flags,
            "attachments": [
                {"filename": a.filename, "description": a.description} for a in self.attachments
            ],
        }

    def payload(self, *, referenced: bool = True) -> dict[str, Any]:
        """The message as Discord returns it (MessageResponse); a replied-to message inside
        another comes without its own `referenced_message` (BasicMessageResponse)."""
        by_name = {attachment.filename: attachment for attachment in self.attachments}
        payload: dict[str, Any] = {
            "id": str(self.id),
            "type": self.kind,
            "channel_id": str(self.channel.id),
            "author": self.author.payload(),
            "content": self.content,
            "timestamp": self.created_at.isoformat(),
            "edited_timestamp": self.edited_at.isoformat() if self.edited_at else None,
            "tts": False,
            "mention_everyone": self.pings_everyone,
            "mentions": [user.payload() for user in self.mentions],
            "mention_roles": [str(role_id) for role_id in self.pinged_role_ids],
            "attachments": [attachment.payload() for attachment in self.attachments],
            "embeds": [_embed_as_served(embed, by_name) for embed in self.embeds],
            "components": _numbered(self.components, itertools.count(1)),
            "pinned": False,
            "flags": self.flags,
        }
        if self.author.bot:
            payload["application_id"] = str(self.author.id)
        if self.interaction is not None:  # sent through the interaction's webhook
            payload["webhook_id"] = str(self.author.id)
            payload["interaction_metadata"] = self.interaction
        if self.reference is not None:
            reference = self.reference
            payload["message_reference"] = {
                "type": 0,
                "channel_id": str(reference.channel.id),
                "message_id": str(reference.id),
            }
            if reference.channel.guild is not None:
                payload["message_reference"]["guild_id"] = str(reference.channel.guild.id)
            if referenced:
                shown = None if reference.deleted else reference.payload(referenced=False)
                payload["referenced_message"] = shown
        if self.thread is not None:
            payload["thread"] = self.thread.payload()
        return payload


def _buttons(components: list[dict[str, Any]]) -> Iterator[Button]:
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
        yield from _buttons(component.get("components") or [])
        accessory = component.get("accessory")
        if accessory:
            yield from _buttons([accessory])


def _flattened(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for component in components:
        yield component
        yield from _flattened(component.get("components") or [])


def _numbered(components: list[dict[str, Any]], ids: Iterator[int]) -> list[dict[str, Any]]:
    """Discord numbers every component of a message (depth first) that has no `id`, and drops
    `required` (it means something in forms only)."""
    numbered = []
    for component in components:
        served = {**component, "id": component.get("id") or next(ids)}
        served.pop("required", None)
        if "components" in component:
            served["components"] = _numbered(component["components"], ids)
        numbered.append(served)
    return numbered


def _embed_as_served(embed: dict[str, Any], attachments: dict[str, Attachment]) -> dict[str, Any]:
    """Discord marks embeds `rich`, fills `inline`, and points `attachment://` images at files."""
    served = {"type": "rich", **embed}
    if "fields" in embed:
        served["fields"] = [{"inline": False, **field} for field in embed["fields"]]
    for key in ("image", "thumbnail"):
        url = (embed.get(key) or {}).get("url", "")
        if url.startswith("attachment://") and url.removeprefix("attachment://") in attachments:
            attachment = attachments[url.removeprefix("attachment://")]
            served[key] = {**embed[key], "url": attachment.url, "proxy_url": attachment.url}
    return served


def _content_type(filename: str, declared: str | None) -> str | None:
    """Discord tells a file's type by its name when the client declares none (or a generic one)."""
    if declared and declared != "application/octet-stream":
        return declared
    return mimetypes.guess_type(filename)[0] or declared


class MessageStore:
    """Every message and attachment, and the local CDN URLs attachments are served from."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.new_id: Snowflakes = world.new_id
        self.on_create: list[Callable[[Message], None]] = []  # told of every new message
        self.on_edit: list[Callable[[Message], None]] = []  # and of every edit
        self.cdn_base = "http://127.0.0.1"
        self.messages: dict[int, Message] = {}
        self.attachments: dict[int, Attachment] = {}

    def create(
        self,
        channel: Channel,
        author: User,
        body: MessageBody,
        *,
        kind: int = DEFAULT_MESSAGE,
        flags: int | None = None,
        interaction: dict[str, Any] | None = None,
        reference: Message | None = None,
    ) -> Message:
        """A new message from the body; `flags` overrides the body's (a defer decides privacy)."""
        fields = body.fields
        message = Message(
            id=self.new_id(),
            channel=channel,
            author=author,
            created_at=datetime.now(UTC),
            kind=REPLY if reference is not None and kind == DEFAULT_MESSAGE else kind,
            interaction=interaction,
            reference=reference,
        )
        message.flags = (fields.get("flags") or 0) if flags is None else flags
        self._apply(message, body)
        self.messages[message.id] = message
        for listener in self.on_create:
            listener(message)
        return message

    def edit(self, message: Message, body: MessageBody) -> None:
        """Change what the body gives; attachments not listed in `attachments` are removed.

        An edit cannot make a message private or public. The first one of a deferred reply
        replaces "thinking…": the user sees an answer, not an edit.
        """
        self._apply(message, body)
        flags = body.fields.get("flags")
        if flags is not None:
            message.flags = flags & ~EPHEMERAL | message.flags & EPHEMERAL
        if message.loading:
            message.flags &= ~LOADING
        else:
            message.edited_at = datetime.now(UTC)
        for listener in self.on_edit:
            listener(message)

    def upload(
        self,
        channel: Channel,
        filename: str,
        data: bytes,
        *,
        content_type: str | None = None,
        description: str | None = None,
        ephemeral: bool = False,
    ) -> Attachment:
        """Store a file on the local CDN, as a user's upload or a bot's attachment."""
        attachment_id = self.new_id()
        attachment = Attachment(
            id=attachment_id,
            filename=filename,
            data=data,
            url=f"{self.cdn_base}/attachments/{channel.id}/{attachment_id}/{filename}",
            content_type=_content_type(filename, content_type),
            description=description,
            ephemeral=ephemeral,
        )
        self.attachments[attachment_id] = attachment
        return attachment

    def in_channel(self, channel: Channel) -> list[Message]:
        return [m for m in self.messages.values() if m.channel is channel and not m.deleted]

    def _apply(self, message: Message, body: MessageBody) -> None:
        fields = body.fields
        if "content" in fields:
            message.content = fields["content"] or ""
        if "embeds" in fields:
            message.embeds = list(fields["embeds"] or [])
        if "components" in fields:
            message.components = list(fields["components"] or [])
        if "allowed_mentions" in fields:
            message.allowed_mentions = fields["allowed_mentions"]
        people = {user.id: user for user in [*self.world.users, self.world.application]}
        message.mentions = [people[i] for i in message.pinged_user_ids if i in people]
        message.attachments = self._attachments(message, body)

    def _attachments(self, message: Message, body: MessageBody) -> list[Attachment]:
        listed = body.fields.get("attachments")
        if listed is None:
            kept, described = list(message.attachments), {}
        else:
            ids = {str(entry.get("id")) for entry in listed}
            kept = [a for a in message.attachments if str(a.id) in ids]
            described = {str(entry.get("id")): entry for entry in listed}
        for file in body.files:
            entry = described.get(str(file.index), {})
            kept.append(
                self.upload(
                    message.channel,
                    entry.get("filename") or file.filename,
                    file.data,
                    content_type=file.content_type,
                    description=entry.get("description"),
                    ephemeral=message.ephemeral,
                )
            )
        return kept
