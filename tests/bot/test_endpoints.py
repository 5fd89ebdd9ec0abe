"""Pointing discord.py at other endpoints, and back."""

from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.endpoints import use_endpoints


def test_endpoints_apply_to_every_route_and_the_gateway():
    try:
        use_endpoints("http://127.0.0.1:8080/api/v10/", "ws://127.0.0.1:8080/gateway")
        assert Route("GET", "/users/@me").url == "http://127.0.0.1:8080/api/v10/users/@me"
        webhook = Route(
            "POST", "/webhooks/{webhook_id}/{webhook_token}", webhook_id=1, webhook_token="t"
        )
        assert webhook.url == "http://127.0.0.1:8080/api/v10/webhooks/1/t"
        assert str(DiscordWebSocket.DEFAULT_GATEWAY) == "ws://127.0.0.1:8080/gateway"
    finally:
        use_endpoints(None, None)
    assert Route("GET", "/users/@me").url == "https://discord.com/api/v10/users/@me"
    assert str(DiscordWebSocket.DEFAULT_GATEWAY) == "wss://gateway.discord.gg/"


def test_a_proxy_base_without_the_api_version_gets_it():
    try:
        use_endpoints("http://proxy:8080", None)
        assert Route.BASE == "http://proxy:8080/api/v10"
        assert str(DiscordWebSocket.DEFAULT_GATEWAY) == "wss://gateway.discord.gg/"
    finally:
        use_endpoints(None, None)
