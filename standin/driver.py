"""The driver: start the stand-in, act as users (commands, autocomplete, clicks, forms), and see
what each of them would see.

    async with StandIn() as discord, running_bot(discord.bot_settings(settings)):
        outcome = await discord.slash("alice", "general", "margin", price="199", unit_cost="150")
        outcome.status, outcome.embed["title"], outcome.attachments[0].data
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
import secrets
import time
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from bot.settings import Settings
from standin.appcommands import (
    MESSAGE_COMMAND,
    USER_COMMAND,
    CommandRegistry,
    Upload,
    authorizing_owners,
    command_data,
)
from standin.chat import Chat, Posted
from standin.chatbox import TypedCommand, parse_command_line
from standin.errors import InputError, NotConnected
from standin.gateway import GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT, Gateway
from standin.interactions import (
    ATTACHMENT_SIZE_LIMIT,
    Interaction,
    Interactions,
    InteractionType,
    Modal,
    Status,
    guild_install_owners,
)
from standin.messages import STRING_SELECT, Attachment, Message, MessageStore
from standin.outcome import Choice, Outcome, Unanswered, Waiter, at_most
from standin.rest import RateLimit, RecordedRequest, RestApi
from standin.world import USER_INSTALL, Channel, Guild, User, World

ACK_DEADLINE = 3.0
REPLY_TIMEOUT = 15.0
ANSWER_WAIT = 1.5
BUTTON_COMPONENT = 2
PRIVILEGED = {
    "message_content": MESSAGE_CONTENT,
    "members": GUILD_MEMBERS,
    "presences": GUILD_PRESENCES,
}


class StandIn:
    """Discord on 127.0.0.1 for one application: REST, Gateway, CDN, and the users' side.

    `ack_deadline` is Discord's 3 seconds to acknowledge; `reply_timeout` bounds how long a
    driver call waits after a defer for the answer; `clock` measures the 15-minute token
    lifetime (pass a `ManualClock` to test it); `shard_count` is what `GET /gateway/bot`
    recommends; `privileged_intents` are those enabled for the application in its settings
    ("message_content", "members", "presences"): asking for others is refused (close 4014);
    `answer_wait` is how long a posted message waits for the bot to answer or start typing.
    """

    def __init__(
        self,
        world: World | None = None,
        *,
        shard_count: int = 1,
        ack_deadline: float = ACK_DEADLINE,
        reply_timeout: float = REPLY_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
        size_limit: int = ATTACHMENT_SIZE_LIMIT,
        privileged_intents: Collection[str] = (),
        answer_wait: float = ANSWER_WAIT,
    ) -> None:
        self.world = world or World.default()
        for name in privileged_intents:
            self.world.privileged_intents |= PRIVILEGED[name]
        self.answer_wait = answer_wait
        self.token = "standin." + secrets.token_urlsafe(32)
        self.ack_deadline = ack_deadline
        self.reply_timeout = reply_timeout
        self.messages = MessageStore(self.world)
        self.registry = CommandRegistry(self.world.new_id, self.world.application.id)
        self.interactions = Interactions(
            self.world, self.messages, clock=clock, size_limit=size_limit
        )
        self.gateway = Gateway(self.world, self.token, shard_count=shard_count)
        self.chat = Chat(self.world, self.messages, self.gateway)
        self.rest = RestApi(
            self.world,
            self.token,
            self.registry,
            self.interactions,
            self.messages,
            self.gateway,
            self.chat,
        )
        self._waiter = Waiter()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifetime ----------------------------------------------------------------------------------

    async def __aenter__(self) -> StandIn:
        self._runner = web.AppRunner(self.rest.application(), handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.messages.cdn_base = f"http://127.0.0.1:{self.port}"
        self.gateway.url = f"ws://127.0.0.1:{self.port}/gateway"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.gateway.url

    def bot_settings(self, settings: Settings | None = None) -> Settings:
        """`settings` pointed at this stand-in, with its token."""
        return dataclasses.replace(
            settings or Settings(),
            api_base=self.api_base,
            gateway_url=self.gateway_url,
            token=self.token,
        )

    def bot_environment(self) -> dict[str, str]:
        """The environment variables that point a `flywheel run` process at this stand-in."""
        return {
            "DISCORD_TOKEN": self.token,
            "DISCORD_API_BASE": self.api_base,
            "DISCORD_GATEWAY_URL": self.gateway_url,
        }

    def watch(self, task: asyncio.Future[Any]) -> None:
        """Fail driver calls with BotStopped as soon as `task` (the bot's gateway) ends."""
        self._waiter.watched.append(task)

    # -- what was registered and sent --------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every REST request the bot sent, in order, with the stand-in's answer."""
        return self.rest.requests

    def commands(self, guild: str | int | None = None) -> list[dict[str, Any]]:
        """The commands the bot registered: global ones, or a guild's own."""
        return self.registry.listing(None if guild is None else self.world.guild(guild).id)

    def channel_messages(
        self, channel: str | Channel, user: str | User | None = None
    ) -> list[Message]:
        """The channel's messages as everyone sees them, or as `user` (their private ones too)."""
        channel = self.world.channel(channel)
        viewer = None if user is None else self.world.user(user)
        return [m for m in self.messages.in_channel(channel) if _visible_to(m, viewer)]

    # -- acting as users -------------------------------------------------------------------------

    async def slash(
        self, user: str | User, channel: str | Channel, command: str, /, **options: Any
    ) -> Outcome:
        """Run `/command` (subcommands space-separated: "scenario save") with typed options."""
        user, channel = self.world.user(user), self.world.channel(channel)
        invocation = self.registry.invocation(channel, command, user)
        data = command_data(invocation, options, upload=self._uploader(channel))
        owners = authorizing_owners(invocation.command, channel, user)
        kind = InteractionType.APPLICATION_COMMAND
        return await self._send(self.interactions.create(kind, user, channel, data, owners=owners))

    async def command_line(self, user: str | User, channel: str | Channel, line: str) -> Outcome:
        """Run a line typed as in Discord's box: `/critical-mass price:199 learning_rate:85%`."""
        typed = self.typed(channel, line, user)
        return await self.slash(user, channel, typed.command, **typed.options)

    async def suggestions_for(
        self, user: str | User, channel: str | Channel, line: str
    ) -> list[Choice]:
        """Autocomplete for the last option of a half-typed line: `/margin scenario:Pho`."""
        typed = self.typed(channel, line, user)
        if not typed.options:
            raise InputError("type the option to complete, e.g. /margin scenario:Ph")
        focused = list(typed.options)[-1]
        return await self.autocomplete(user, channel, typed.command, focused, **typed.options)

    def typed(
        self, channel: str | Channel, line: str, user: str | User | None = None
    ) -> TypedCommand:
        """A typed line split by the options of the command `user` is offered in the channel."""
        place = self.world.channel(channel)
        who = None if user is None else self.world.user(user)

        def option_names(command: str) -> list[str]:
            invocation = self.registry.invocation(place, command, who)
            return [option["name"] for option in invocation.options]

        return parse_command_line(line, option_names)

    async def autocomplete(
        self,
        user: str | User,
        channel: str | Channel,
        command: str,
        focused: str,
        /,
        **options: Any,
    ) -> list[Choice]:
        """The suggestions for option `focused` while `options` are typed so far."""
        user, channel = self.world.user(user), self.world.channel(channel)
        invocation = self.registry.invocation(channel, command, user)
        options.setdefault(focused, "")
        data = command_data(invocation, options, upload=self._uploader(channel), focused=focused)
        owners = authorizing_owners(invocation.command, channel, user)
        kind = InteractionType.AUTOCOMPLETE
        interaction = self.interactions.create(kind, user, channel, data, owners=owners)
        outcome = await self._send(interaction)
        if outcome.status is not Status.CHOICES:
            errors = "; ".join(str(error) for error in outcome.errors) or "no answer in time"
            raise Unanswered(f"Loading options failed ({errors})")
        return outcome.choices

    async def click(self, user: str | User, message: Message | Outcome, button: str) -> Outcome:
        """Press the button with this label or custom_id on `message` (or an outcome's message)."""
        user, target = self.world.user(user), self._seen_by(user, message)
        pressed = target.button(button)
        if pressed.url:
            raise InputError(f"{pressed.text!r} opens {pressed.url} in a browser, not the bot")
        if pressed.disabled:
            raise InputError(f"the {pressed.text!r} button is disabled")
        data = {"custom_id": pressed.custom_id, "component_type": BUTTON_COMPONENT}
        return await self._use_component(user, target, data)

    async def choose(
        self, user: str | User, message: Message | Outcome, menu: str, *options: str
    ) -> Outcome:
        """Pick `options` (by value or label) in the select menu with this custom_id or
        placeholder, as many as the menu allows, and close it."""
        user, target = self.world.user(user), self._seen_by(user, message)
        select = target.select_menu(menu)
        offered = select.get("options") or []
        values = []
        for option in options:
            found = [o["value"] for o in offered if option in (o["value"], o["label"])]
            if not found:
                labels = ", ".join(repr(o["label"]) for o in offered)
                raise InputError(f"no option {option!r} in that menu (options: {labels})")
            values.append(found[0])
        low, high = select.get("min_values", 1), select.get("max_values", 1)
        if select.get("disabled") or not low <= len(set(values)) <= high:
            raise InputError(f"that menu takes {low} to {high} options, not {len(set(values))}")
        data = {"custom_id": select["custom_id"], "component_type": STRING_SELECT, "values": values}
        return await self._use_component(user, target, data)

    def _seen_by(self, user: str | User, message: Message | Outcome) -> Message:
        user = self.world.user(user)
        target = message.message if isinstance(message, Outcome) else message
        if target is None:
            raise InputError("there is no message to use")
        if target.deleted or not _visible_to(target, user):
            raise InputError(f"{user.name} cannot see that message")
        return target

    async def _use_component(self, user: User, target: Message, data: dict[str, Any]) -> Outcome:
        kind = InteractionType.MESSAGE_COMPONENT
        owners = _owners_of(target)
        used = self.interactions.create(
            kind, user, target.channel, data, owners=owners, source_message=target
        )
        return await self._send(used)

    async def submit_modal(
        self,
        user: str | User,
        modal: Modal | Outcome,
        values: Mapping[str, str] | None = None,
        /,
        **more: str,
    ) -> Outcome:
        """Fill in and submit a form; fields by custom_id or label (`{"Scenario name": "Q3"}`)."""
        user = self.world.user(user)
        form = modal.modal if isinstance(modal, Outcome) else modal
        if form is None:
            raise InputError("there is no open form to fill in")
        if form.opened_by.user is not user:
            raise InputError(f"the form {form.title!r} was opened by {form.opened_by.user.name}")
        data = form.submission({**(values or {}), **more})
        opened_by = form.opened_by
        submission = self.interactions.create(
            InteractionType.MODAL_SUBMIT,
            user,
            opened_by.channel,
            data,
            owners=opened_by.owners,
            source_message=opened_by.source_message,
            form_opened_by=opened_by,
        )
        return await self._send(submission)

    # -- conversation: messages, replies, threads, DMs, message and user commands ---------------

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
        if target.deleted or not _visible_to(target, user):
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

    # -- faults ----------------------------------------------------------------------------------

    async def reconnect(self) -> None:
        """Ask the bot's gateway connections to reconnect (op 7); discord.py RESUMEs."""
        await self.gateway.reconnect()

    @asynccontextmanager
    async def outage(self, shard_id: int) -> AsyncIterator[None]:
        """Cut the shard off from Discord until the block ends: its connection is dropped and
        every RESUME or IDENTIFY refused. discord.py keeps retrying and is back after the block.
        """
        self.gateway.refused.add(shard_id)
        try:
            await self.gateway.drop(shard_id)
            yield
        finally:
            self.gateway.refused.discard(shard_id)

    def rate_limit(
        self, method: str, path: str, *, retry_after: float = 0.05, count: int = 1
    ) -> None:
        """Answer the next `count` requests matching `method` and the `path` regex with a 429."""
        self.rest.rate_limits.append(RateLimit(method, re.compile(path), retry_after, count))

    # -- internals -------------------------------------------------------------------------------

    def _uploader(self, channel: Channel) -> Callable[[Upload], Attachment]:
        def upload(file: Upload) -> Attachment:
            return self.interactions.upload(
                channel,
                file.filename,
                file.data,
                content_type=file.content_type,
                description=file.description,
            )

        return upload

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

    async def _send(self, interaction: Interaction) -> Outcome:
        """Deliver the interaction and wait, as the user does, for what comes back."""
        channel = interaction.channel
        async with at_most(self.ack_deadline):
            await self.gateway.connected_session(channel.shard_key)
        session = self.gateway.session_for(channel.shard_key)  # connected, or awaiting a RESUME
        if session is None:
            where = channel.guild.name if channel.guild else "DMs (shard 0)"
            raise NotConnected(f"the bot has no gateway session for {where}: is it running?")
        interaction.sent_at = time.perf_counter()
        size_limit = self.interactions.size_limit
        await session.dispatch(
            "INTERACTION_CREATE", interaction.payload(self.world.application, size_limit)
        )
        async with at_most(self.ack_deadline):
            await self._waiter.until(interaction, lambda: interaction.callback is not None)
        if interaction.callback is None:
            interaction.expired = True  # "The application did not respond"
            interaction.touch()
            return Outcome(interaction, self._waiter)
        async with at_most(self.reply_timeout):
            await self._waiter.until(interaction, lambda: interaction.settled)
        return Outcome(interaction, self._waiter)


def _message_of(target: Message | Posted | Outcome) -> Message:
    if isinstance(target, Posted):
        return target.message
    message = target.message if isinstance(target, Outcome) else target
    if message is None:
        raise InputError("there is no message there")
    return message


def _owners_of(message: Message) -> dict[str, str]:
    """The installs a component on this message acts through: those of the interaction that
    made it, else the guild's install (the bot posted it there, or in its DM: "0")."""
    if message.interaction is not None:
        return dict(message.interaction["authorizing_integration_owners"])
    return guild_install_owners(message.channel)


def _visible_to(message: Message, user: User | None) -> bool:
    if not message.ephemeral:
        return True
    owner = (message.interaction or {}).get("user", {}).get("id")
    return user is not None and owner == str(user.id)
