"""People talking in channels: their messages reach the bot as MESSAGE_CREATE under Discord's
intent rules, and what the bot posts back (or starts typing) is what they wait for.

Delivery: guild messages need the GUILD_MESSAGES intent, messages in the bot's DMs
DIRECT_MESSAGES; the bot never sees group DMs or guilds it is not in. Without MESSAGE_CONTENT,
`content`, `embeds`, `attachments` and `components` arrive empty unless the message mentions the
bot, is in its DM, or is its own (a reply with the ping off does not mention it).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Coroutine
from typing import Any

from standin.errors import InputError
from standin.gateway import (
    DIRECT_MESSAGES,
    GUILD_MESSAGES,
    GUILDS,
    MESSAGE_CONTENT,
    Gateway,
)
from standin.messages import HAS_THREAD, Message, MessageBody, MessageStore
from standin.world import BOT_DM_CONTEXT, Channel, User, World

TYPED_MENTION = re.compile(r"(?<![\w<])@([\w.-]+)")
CONTENT_FIELDS = {"content": "", "embeds": [], "attachments": [], "components": []}
NO_REPLY_PING = {"parse": ["users", "roles", "everyone"], "replied_user": False}


class Posted:
    """A message a person posted, and what the bot answered since (live): its messages in that
    channel, and in a thread started on the posted message."""

    def __init__(self, message: Message, chat: Chat) -> None:
        self.message = message
        self._chat = chat

    @property
    def answers(self) -> list[Message]:
        """The bot's messages in the channel after this one, oldest first."""
        return self._chat.bot_messages_after(self.message)

    @property
    def answer(self) -> Message | None:
        """The first of them, or None when the bot said nothing."""
        answers = self.answers
        return answers[0] if answers else None

    async def next_answer(self, within: float = 5.0) -> Message | None:
        """Wait up to `within` seconds for one more answer; None if none came."""
        seen = len(self.answers)
        await self._chat.wait(lambda: len(self.answers) > seen, within)
        answers = self.answers
        return answers[seen] if len(answers) > seen else None

    def __repr__(self) -> str:
        return f"<Posted {self.message.content[:40]!r} answers={len(self.answers)}>"


class Chat:
    """Messages from people and the bot, delivered over the gateway as Discord delivers them."""

    def __init__(self, world: World, messages: MessageStore, gateway: Gateway) -> None:
        self.world = world
        self.messages = messages
        self.gateway = gateway
        self.typing: dict[int, float] = {}  # channel ID -> when the bot last started typing
        self._changed = asyncio.Event()
        self._deliveries: set[asyncio.Task[None]] = set()
        messages.on_create.append(self._created)
        messages.on_edit.append(self._edited)

    def compose(
        self, user: User, channel: Channel, content: str, *, reply_to: Message | None, ping: bool
    ) -> Message:
        """The message a person sends, as Discord's client builds it: `@name` typed for a
        known user or the app becomes a mention; a reply pings its author unless `ping` is off."""
        if not channel.can_see(user):
            raise InputError(f"{user.name} cannot post in {channel}")
        if reply_to is not None and (reply_to.channel is not channel or reply_to.ephemeral):
            raise InputError("a reply must answer a message everyone can see in the same channel")
        if not content.strip():
            raise InputError("a message needs some text")
        fields: dict[str, Any] = {"content": self.with_mentions(content)}
        if reply_to is not None and not ping:
            fields["allowed_mentions"] = NO_REPLY_PING
        return self.messages.create(channel, user, MessageBody(fields), reference=reply_to)

    def with_mentions(self, content: str) -> str:
        people = {
            user.name.casefold(): user for user in [*self.world.users, self.world.application]
        }

        def mention(match: re.Match[str]) -> str:
            user = people.get(match[1].casefold())
            return f"<@{user.id}>" if user is not None else match[0]

        return TYPED_MENTION.sub(mention, content)

    async def deliver(self, message: Message, event: str = "MESSAGE_CREATE") -> None:
        """The message (or, MESSAGE_UPDATE, its edit) to the bot, if its intents and the place
        let it see the message."""
        session = self.gateway.session_for(message.channel.shard_key)
        if session is None or not self._reaches_bot(message.channel):
            return
        payload = self.gateway_payload(message, session.intents)
        if payload is not None:
            await session.dispatch(event, payload)

    def thread_on(self, message: Message, name: str, owner: User) -> Channel:
        """A public thread started from `message` (it takes the message's ID)."""
        thread = self.world.add_thread(message.channel, name, owner, id=message.id)
        message.thread = thread
        message.flags |= HAS_THREAD
        return thread

    async def thread_created(self, thread: Channel) -> None:
        """THREAD_CREATE to the bot (GUILDS intent), as for any thread it can see."""
        session = self.gateway.session_for(thread.shard_key)
        if session is not None and session.intents & GUILDS:
            await session.dispatch("THREAD_CREATE", {**thread.payload(), "newly_created": True})

    def gateway_payload(self, message: Message, intents: int) -> dict[str, Any] | None:
        """The message as a bot with these intents receives it, or None if it receives nothing."""
        guild = message.channel.guild
        if not intents & (GUILD_MESSAGES if guild is not None else DIRECT_MESSAGES):
            return None
        payload = self._with_content_rules(message, intents)
        if guild is not None:
            payload["guild_id"] = str(guild.id)
            if message.author in guild.members:
                member = guild.member_payload(message.author)
                del member["user"]
                payload["member"] = member
        return payload

    def bot_messages_after(self, message: Message) -> list[Message]:
        """The bot's visible messages after this one, in its channel or a thread started on it."""
        places = [message.channel] + ([message.thread] if message.thread else [])
        application = self.world.application
        return sorted(
            (
                m
                for place in places
                for m in self.messages.in_channel(place)
                if m.author is application and m.id > message.id and not m.ephemeral
            ),
            key=lambda m: m.id,
        )

    def typing_since(self, channel: Channel, moment: float) -> bool:
        return self.typing.get(channel.id, float("-inf")) >= moment

    def started_typing(self, channel: Channel) -> None:
        self.typing[channel.id] = time.monotonic()
        self._notify()

    async def wait(self, condition: Callable[[], bool], within: float) -> bool:
        """Wait up to `within` seconds for `condition()`, checked whenever something happens."""
        try:
            async with asyncio.timeout(within):
                while not condition():
                    changed = self._changed
                    await changed.wait()
        except TimeoutError:
            return condition()
        return True

    def _reaches_bot(self, channel: Channel) -> bool:
        if channel.guild is not None:
            return channel.guild.bot_installed
        return channel.context == BOT_DM_CONTEXT

    def _with_content_rules(self, message: Message, intents: int) -> dict[str, Any]:
        payload = message.payload()
        if not self._content_visible(message, intents):
            payload |= CONTENT_FIELDS
        referenced = message.reference
        if referenced is not None and payload.get("referenced_message") is not None:
            shown = payload["referenced_message"]
            if not self._content_visible(referenced, intents):
                payload["referenced_message"] = shown | CONTENT_FIELDS
        return payload

    def _content_visible(self, message: Message, intents: int) -> bool:
        application = self.world.application
        return bool(
            intents & MESSAGE_CONTENT
            or message.author is application
            or message.channel.context == BOT_DM_CONTEXT
            or application in message.mentions
        )

    def _created(self, message: Message) -> None:
        """Every new message wakes the waiters; the bot's own visible ones reach it too."""
        self._notify()
        if message.author is self.world.application and not message.ephemeral:
            self._in_background(self.deliver(message))

    def _edited(self, message: Message) -> None:
        if not message.ephemeral:
            self._in_background(self.deliver(message, "MESSAGE_UPDATE"))

    def _in_background(self, delivery: Coroutine[Any, Any, None]) -> None:
        """Deliver in order, after the REST answer that made the change (as Discord does)."""
        task = asyncio.get_running_loop().create_task(delivery)
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
