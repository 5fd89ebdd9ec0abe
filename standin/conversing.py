"""The users' side of a conversation with the bot: posting and replying, threads, DMs and group
DMs, installs, and message and user commands (a mixin of `StandIn`)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from standin.appcommands import MESSAGE_COMMAND, USER_COMMAND, CommandRegistry, authorizing_owners
from standin.chat import Chat, Posted
from standin.errors import InputError
from standin.gateway import Gateway
from standin.interactions import Interaction, Interactions, InteractionType
from standin.messages import Message
from standin.outcome import Outcome, Waiter
from standin.world import USER_INSTALL, Channel, Guild, User, World


class Conversing:
    """Act as users in channels, threads and DMs; `StandIn` provides the parts declared here."""

    world: World
    chat: Chat
    gateway: Gateway
    registry: CommandRegistry
    interactions: Interactions
    answer_wait: float
    reply_timeout: float
    _waiter: Waiter
    _send: Callable[[Interaction], Awaitable[Outcome]]

    async def post(
        self,
        user: str | User,
        channel: str | Channel,
        content: str,
        *,
        reply_to: Message | Posted | Outcome | None = None,
        ping: bool = True,
        within: float | None = None,
    ) -> Posted:
        """Post a message as typed in Discord (`@Flywheel`, `@bob` become mentions), or reply
        to a message (pinging its author unless `ping` is off); return it with what the bot
        answered in the channel: waits `within` seconds (default `answer_wait`) for an answer
        or for the bot to start typing, then, while it types, up to `reply_timeout`."""
        user, channel = self.world.user(user), self.world.channel(channel)
        replied = None if reply_to is None else _message_of(reply_to)
        started = time.monotonic()
        message = self.chat.compose(user, channel, content, reply_to=replied, ping=ping)
        await self.chat.deliver(message)
        posted = Posted(message, self.chat)
        chat = self.chat
        await chat.wait(
            lambda: bool(posted.answers) or chat.typing_since(channel, started),
            self.answer_wait if within is None else within,
        )
        if not posted.answers and chat.typing_since(channel, started):
            await chat.wait(lambda: bool(posted.answers), self.reply_timeout)
        self._waiter.check()
        return posted

    async def message_command(
        self, user: str | User, message: Message | Posted | Outcome, name: str
    ) -> Outcome:
        """Use the message command `name` (right-click → Apps → "What if…") on a message."""
        user, target = self.world.user(user), _message_of(message)
        if target.deleted or not visible_to(target, user):
            raise InputError(f"{user.name} cannot see that message")
        command = self.registry.context_command(target.channel, user, MESSAGE_COMMAND, name)
        resolved = {"messages": {str(target.id): target.payload()}}
        return await self._context_command(user, target.channel, command, target.id, resolved)

    async def user_command(
        self, user: str | User, channel: str | Channel, target: str | User, name: str
    ) -> Outcome:
        """Use the user command `name` (right-click on a person → Apps) in a channel."""
        user, channel, target = (
            self.world.user(user),
            self.world.channel(channel),
            self.world.user(target),
        )
        command = self.registry.context_command(channel, user, USER_COMMAND, name)
        resolved: dict[str, Any] = {"users": {str(target.id): target.payload()}}
        if channel.guild is not None and target in channel.guild.members:
            member = channel.guild.member_payload(target, permissions=True)
            del member["user"]
            resolved["members"] = {str(target.id): member}
        return await self._context_command(user, channel, command, target.id, resolved)

    async def start_thread(
        self, user: str | User, message: Message | Posted | Outcome, name: str
    ) -> Channel:
        """Start a public thread on a message (the bot gets THREAD_CREATE); post in it next."""
        user, target = self.world.user(user), _message_of(message)
        channel = target.channel
        if channel.guild is None or channel.is_thread or target.ephemeral:
            raise InputError("threads start from messages in a server's text channel")
        if not channel.can_see(user):
            raise InputError(f"{user.name} cannot see {channel}")
        if target.thread is not None:
            raise InputError(f"that message already has a thread: {target.thread.name}")
        if not 1 <= len(name) <= 100:
            raise InputError("a thread name has 1 to 100 characters")
        thread = self.chat.thread_on(target, name, user)
        await self.chat.thread_created(thread)
        return thread

    def dm_channel(self, user: str | User) -> Channel:
        """The user's DM with the bot (opened if need be); their messages there reach it on
        shard 0. Needs a guild shared with the bot or the app installed to the user."""
        user = self.world.user(user)
        if not self.world.can_dm(user):
            raise InputError(f"{user.name} shares no server with the bot and has not installed it")
        return self.world.dm(user)

    def group_dm(self, owner: str | User, *others: str | User, name: str | None = None) -> Channel:
        """A group DM (or a DM between two people): only user-installed commands work there."""
        people = [self.world.user(who) for who in (owner, *others)]
        return self.world.group_dm(*people, name=name)

    def install_app(self, user: str | User) -> None:
        """The user adds the app to their account (a user install): its user-install commands
        work for them anywhere their contexts allow, even where the bot is not."""
        if USER_INSTALL not in self.world.install_types:
            raise InputError("the application's settings do not offer a user install")
        self.world.user(user).app_installed = True

    async def remove_bot(self, guild: str | int | Guild) -> None:
        """The guild removes the bot (GUILD_DELETE): members who installed the app keep its
        user-install commands there, and the bot can no longer post or see messages."""
        guild = self.world.guild(guild)
        guild.bot_installed = False
        session = self.gateway.session_for(guild.id)
        if session is not None:
            await session.dispatch("GUILD_DELETE", {"id": str(guild.id)})

    async def _context_command(
        self,
        user: User,
        channel: Channel,
        command: dict[str, Any],
        target_id: int,
        resolved: dict[str, Any],
    ) -> Outcome:
        data: dict[str, Any] = {
            "id": command["id"],
            "name": command["name"],
            "type": command["type"],
            "target_id": str(target_id),
            "resolved": resolved,
        }
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        owners = authorizing_owners(command, channel, user)
        kind = InteractionType.APPLICATION_COMMAND
        return await self._send(self.interactions.create(kind, user, channel, data, owners=owners))


def _message_of(target: Message | Posted | Outcome) -> Message:
    if isinstance(target, Posted):
        return target.message
    message = target.message if isinstance(target, Outcome) else target
    if message is None:
        raise InputError("there is no message there")
    return message


def visible_to(message: Message, user: User | None) -> bool:
    if not message.ephemeral:
        return True
    owner = (message.interaction or {}).get("user", {}).get("id")
    return user is not None and owner == str(user.id)
