"""REST routes for channel messages the bot sends with its token: posts and replies, edits,
deletes, typing, its DMs and threads (a mixin of `RestApi`)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from standin import errors
from standin.chat import Chat
from standin.errors import DiscordError
from standin.interactions import Interactions
from standin.messages import Message, MessageStore
from standin.rules import Problem
from standin.wire import BODY, answer, message_body, snowflake
from standin.world import BOT_DM_CONTEXT, Channel, World


class ChannelRoutes:
    """Channel routes; `RestApi` provides the state declared here."""

    world: World
    chat: Chat
    messages: MessageStore
    interactions: Interactions

    async def post_channel_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        body = message_body(request)
        self.interactions.check_message(body, creating=True)
        if channel.context == BOT_DM_CONTEXT and not self.world.can_dm(channel.recipients[0]):
            raise DiscordError(403, 50007, "Cannot send messages to this user")
        reference = self._replied_to(channel, body.fields.get("message_reference"))
        message = self.messages.create(channel, self.world.application, body, reference=reference)
        return answer(message.payload())

    def _replied_to(self, channel: Channel, reference: Any) -> Message | None:
        """The message a reply answers; Discord refuses an unknown one unless told not to."""
        if not isinstance(reference, dict) or reference.get("type", 0) != 0:
            return None
        replied = self.messages.messages.get(int(reference.get("message_id") or 0))
        if replied is not None and replied.channel is channel and not replied.deleted:
            return replied
        if reference.get("fail_if_not_exists") is False:
            return None
        message = "Unknown message"
        problem = Problem(("message_reference",), "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", message)
        raise errors.invalid_form([problem])

    async def typing(self, request: web.Request) -> web.Response:
        self.chat.started_typing(self._channel(request))
        return web.Response(status=204)

    async def open_dm(self, request: web.Request) -> web.Response:
        """POST /users/@me/channels: the bot's DM with a user (the same one every time)."""
        recipient = (request[BODY] or {}).get("recipient_id")
        try:
            user = self.world.user(int(recipient))
        except (LookupError, TypeError, ValueError):
            raise DiscordError(400, 50033, "Invalid Recipient(s)") from None
        return answer(self.world.dm(user).payload())

    async def start_thread(self, request: web.Request) -> web.Response:
        """POST /channels/{id}/messages/{id}/threads: a public thread on a message."""
        channel = self._channel(request)
        message = self.messages.messages.get(snowflake(request, "message_id"))
        if message is None or message.deleted or message.channel is not channel:
            raise errors.unknown_message()
        if channel.guild is None or channel.is_thread:
            raise DiscordError(400, 50024, "Cannot execute action on this channel type")
        if message.thread is not None:
            raise DiscordError(400, 160004, "A thread has already been created for this message")
        name = (request[BODY] or {}).get("name")
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            message_text = "Must be between 1 and 100 in length."
            raise errors.invalid_form([Problem(("name",), "BASE_TYPE_BAD_LENGTH", message_text)])
        thread = self.chat.thread_on(message, name, self.world.application)
        await self.chat.thread_created(thread)
        return answer(thread.payload(), 201)

    async def edit_channel_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        body = message_body(request)
        self.interactions.check_message(body, creating=False)
        self.messages.edit(message, body)
        return answer(message.payload())

    async def delete_channel_message(self, request: web.Request) -> web.Response:
        self._channel_message(request).deleted = True
        return web.Response(status=204)

    def _channel(self, request: web.Request) -> Channel:
        """The channel, if the bot can see it: not in guilds that have not installed it, nor in
        private channels other than its DMs."""
        try:
            channel = self.world.channel(snowflake(request, "channel_id"))
        except LookupError:
            raise DiscordError(404, 10003, "Unknown Channel") from None
        if not channel.can_see(self.world.application):
            raise DiscordError(403, 50001, "Missing Access")
        return channel

    def _channel_message(self, request: web.Request) -> Message:
        channel = self._channel(request)
        message = self.messages.messages.get(snowflake(request, "message_id"))
        if (
            message is None
            or message.deleted
            or message.channel is not channel
            or message.ephemeral
        ):
            raise errors.unknown_message()
        if message.author is not self.world.application:
            raise DiscordError(403, 50005, "Cannot edit a message authored by another user")
        return message
