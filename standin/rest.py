"""Discord's REST API v10 (the part a slash-command bot uses) and the CDN, on aiohttp.

Every request is recorded with its JSON body (or a multipart request's decoded `payload_json`
and files) and the answer, so tests can check both against Discord's OpenAPI description.
JSON answers carry exactly `Content-Type: application/json`: discord.py parses nothing else.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import hdrs, web

from standin.appcommands import CommandRegistry
from standin.channel_routes import ChannelRoutes
from standin.chat import Chat
from standin.errors import DiscordError
from standin.gateway import Gateway
from standin.interactions import Interactions
from standin.messages import MessageStore, UploadedFile
from standin.wire import (
    BODY,
    FILES,
    JSON,
    answer,
    message_body,
    message_id,
    read_body,
    snowflake,
    webhook,
)
from standin.world import GUILD_INSTALL, USER_INSTALL, World

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class RecordedRequest:
    """One request the bot sent, and what the stand-in answered."""

    method: str
    path: str  # without the /api/v10 prefix
    route: str | None  # the matching OpenAPI path template, None when no route matched
    query: dict[str, str]
    body: Any = None  # JSON body, or the decoded payload_json of a multipart body
    files: list[UploadedFile] = field(default_factory=list)
    status: int = 0
    response: Any = None

    def __str__(self) -> str:
        return f"{self.method} {self.route or self.path} -> {self.status}"


@dataclass
class RateLimit:
    """An injected 429 for requests matching `method` and the `path` regex, `count` times."""

    method: str
    path: re.Pattern[str]
    retry_after: float
    count: int = 1
    is_global: bool = False


class RestApi(ChannelRoutes):
    """The REST routes, backed by the stand-in's state."""

    def __init__(
        self,
        world: World,
        token: str,
        registry: CommandRegistry,
        interactions: Interactions,
        messages: MessageStore,
        gateway: Gateway,
        chat: Chat,
    ) -> None:
        self.world = world
        self.token = token
        self.registry = registry
        self.interactions = interactions
        self.messages = messages
        self.gateway = gateway
        self.chat = chat
        self.requests: list[RecordedRequest] = []
        self.rate_limits: list[RateLimit] = []
        self.verify_key = secrets.token_hex(32)

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self._record], client_max_size=64 * 1024 * 1024)
        api = API_PREFIX
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/resume", self.gateway.handle)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self.cdn)
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self.me),
            ("GET", "/oauth2/applications/@me", self.application_info),
            ("GET", "/gateway", self.gateway_url),
            ("GET", "/gateway/bot", self.gateway_bot),
            ("GET", "/applications/{application_id}/commands", self.commands),
            ("PUT", "/applications/{application_id}/commands", self.put_commands),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self.commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self.put_commands),
            ("POST", "/interactions/{interaction_id}/{interaction_token}/callback", self.callback),
            ("POST", "/webhooks/{webhook_id}/{webhook_token}", self.followup),
        ]
        for message_route in (
            "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
            "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        ):
            routes += [
                ("GET", message_route, self.webhook_message),
                ("PATCH", message_route, self.edit_webhook_message),
                ("DELETE", message_route, self.delete_webhook_message),
            ]
        routes += [
            ("POST", "/users/@me/channels", self.open_dm),
            ("POST", "/channels/{channel_id}/typing", self.typing),
            ("POST", "/channels/{channel_id}/messages/{message_id}/threads", self.start_thread),
            ("POST", "/channels/{channel_id}/messages", self.post_channel_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_channel_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_channel_message),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, api + path, handler)
        return app

    # -- recording, errors, authentication, injected rate limits ----------------------------------

    @web.middleware
    async def _record(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX + "/"):
            return await handler(request)
        resource = request.match_info.route.resource
        template = resource.canonical if resource is not None else None
        record = RecordedRequest(
            method=request.method,
            path=request.path.removeprefix(API_PREFIX),
            route=template.removeprefix(API_PREFIX) if template else None,
            query=dict(request.query),
        )
        self.requests.append(record)
        try:
            record.body, record.files = await read_body(request)
            request[BODY], request[FILES] = record.body, record.files
            self._check_authorization(request, record)
            response = self._rate_limited(record) or await handler(request)
        except DiscordError as error:
            response = answer(error.payload(), error.status)
        except web.HTTPException as error:
            status = error.status
            response = answer({"message": f"{status}: {error.reason}", "code": 0}, status)
        except Exception as error:
            # A bug in the stand-in. Not a 500: discord.py would retry it for 25 s.
            log.exception("stand-in failed on %s %s", request.method, request.path)
            response = answer({"message": f"stand-in error: {error!r}", "code": 0}, 400)
        record.status = response.status
        record.response = response.get(JSON)
        return response

    def _check_authorization(self, request: web.Request, record: RecordedRequest) -> None:
        """Bot-token routes need `Authorization: Bot <token>`; interaction webhooks do not."""
        if record.route is None or record.route.startswith(("/interactions/", "/webhooks/")):
            return
        if record.route == "/gateway":
            return
        if request.headers.get(hdrs.AUTHORIZATION) != f"Bot {self.token}":
            raise DiscordError(401, 0, "401: Unauthorized")

    def _rate_limited(self, record: RecordedRequest) -> web.Response | None:
        for limit in self.rate_limits:
            if limit.count > 0 and limit.method == record.method and limit.path.search(record.path):
                limit.count -= 1
                body = {
                    "code": 0,
                    "message": "You are being rate limited.",
                    "retry_after": limit.retry_after,
                    "global": limit.is_global,
                }
                headers = {
                    "Via": "1.1 google",
                    "Retry-After": str(max(1, round(limit.retry_after))),
                    "X-RateLimit-Scope": "global" if limit.is_global else "user",
                }
                return answer(body, 429, headers)
        return None

    # -- login and gateway discovery ---------------------------------------------------------------

    async def me(self, request: web.Request) -> web.Response:
        user = self.world.application.payload()
        return answer({**user, "verified": True, "mfa_enabled": False, "locale": "en-US"})

    async def application_info(self, request: web.Request) -> web.Response:
        application = self.world.application
        return answer(
            {
                "id": str(application.id),
                "name": application.name,
                "icon": None,
                "description": "",
                "type": None,
                "bot": application.payload(),
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": self.verify_key,
                "flags": 0,
                "flags_new": "0",
                "owner": self.world.users[0].payload(),
                "team": None,
                "redirect_uris": [],
                "interactions_endpoint_url": None,
                "role_connections_verification_url": None,
                "approximate_guild_count": sum(g.bot_installed for g in self.world.guilds),
                "approximate_user_install_count": sum(u.app_installed for u in self.world.users),
                "integration_types_config": self._install_settings(),
                "approximate_user_authorization_count": 0,
                "explicit_content_filter": 0,
                "eligible_oauth2_scopes": [],
            }
        )

    def _install_settings(self) -> dict[str, Any]:
        """How the app can be installed: to a guild (with its bot) and to a user's account."""
        scopes = {
            GUILD_INSTALL: ["applications.commands", "bot"],
            USER_INSTALL: ["applications.commands"],
        }
        return {
            str(kind): {"oauth2_install_params": {"scopes": scopes[kind], "permissions": "0"}}
            for kind in sorted(self.world.install_types)
        }

    async def gateway_url(self, request: web.Request) -> web.Response:
        return answer({"url": self.gateway.url})

    async def gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 86_400_000, "max_concurrency": 1}
        return answer(
            {
                "url": self.gateway.url,
                "shards": self.gateway.shard_count,
                "session_start_limit": limit,
            }
        )

    # -- application commands ------------------------------------------------------------------

    async def commands(self, request: web.Request) -> web.Response:
        return answer(self.registry.listing(self._command_scope(request)))

    async def put_commands(self, request: web.Request) -> web.Response:
        scope = self._command_scope(request)
        return answer(self.registry.overwrite(scope, request[BODY]))

    def _command_scope(self, request: web.Request) -> int | None:
        if snowflake(request, "application_id") != self.world.application.id:
            raise DiscordError(403, 50001, "Missing Access")
        if "guild_id" not in request.match_info:
            return None
        guild_id = snowflake(request, "guild_id")
        if all(guild.id != guild_id for guild in self.world.guilds):
            raise DiscordError(403, 50001, "Missing Access")
        return guild_id

    # -- interactions ------------------------------------------------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        body = message_body(request)
        interaction_id = snowflake(request, "interaction_id")
        token = request.match_info["interaction_token"]
        return answer(self.interactions.callback(interaction_id, token, body))

    async def followup(self, request: web.Request) -> web.Response:
        message = self.interactions.followup(*webhook(request), message_body(request))
        if request.query.get("wait", "false").lower() in ("true", "1"):
            return answer(message.payload())
        return web.Response(status=204)

    async def webhook_message(self, request: web.Request) -> web.Response:
        message = self.interactions.message(*webhook(request), message_id(request))
        return answer(message.payload())

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        body = message_body(request)
        message = self.interactions.edit(*webhook(request), message_id(request), body)
        return answer(message.payload())

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        self.interactions.delete(*webhook(request), message_id(request))
        return web.Response(status=204)

    # -- the CDN -----------------------------------------------------------------------------------

    async def cdn(self, request: web.Request) -> web.Response:
        attachment = self.messages.attachments.get(snowflake(request, "attachment_id"))
        if attachment is None or attachment.filename != request.match_info["filename"]:
            raise web.HTTPNotFound()
        return web.Response(
            body=attachment.data, content_type=attachment.content_type or "application/octet-stream"
        )
