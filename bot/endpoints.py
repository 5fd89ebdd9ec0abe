"""Point discord.py at other Discord endpoints: a REST proxy, or the local stand-in."""

from __future__ import annotations

import re

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import INTERNAL_API_VERSION, Route

DISCORD_API_BASE = Route.BASE
DISCORD_GATEWAY = DiscordWebSocket.DEFAULT_GATEWAY


def use_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Send REST calls to `api_base` and connect the gateway to `gateway_url`; None means Discord's.

    discord.py reads both from class attributes: `Route.BASE` for every REST and webhook call
    (interaction callbacks and followups included), and `DiscordWebSocket.DEFAULT_GATEWAY` for a
    plain `Client`, for a shard started with an explicit count, and after an invalidated session.
    An `AutoShardedClient` asks `GET /gateway/bot`, which the proxy or stand-in answers itself.
    A base given without its API version (`http://proxy:8080`) gets Discord's `/api/v10` added.
    """
    Route.BASE = _with_api_version(api_base) if api_base else DISCORD_API_BASE
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url) if gateway_url else DISCORD_GATEWAY


def _with_api_version(api_base: str) -> str:
    base = api_base.rstrip("/")
    if re.search(r"/api/v\d+$", base):
        return base
    return f"{base}/api/v{INTERNAL_API_VERSION}"
