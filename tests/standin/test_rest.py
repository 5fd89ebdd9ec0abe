"""The REST API at the HTTP level: what discord.py relies on, and Discord's answers to mistakes."""

from dataclasses import dataclass

import aiohttp
import discord
import pytest

from bot.endpoints import use_endpoints
from standin import ManualClock, StandIn
from standin.interactions import InteractionType


@dataclass
class Api:
    standin: StandIn
    clock: ManualClock
    session: aiohttp.ClientSession

    @property
    def bot_token(self):
        return {"Authorization": f"Bot {self.standin.token}"}

    async def call(self, method, path, **kwargs):
        url = self.standin.api_base + path
        async with self.session.request(method, url, **kwargs) as response:
            body = await response.json() if response.content_type == "application/json" else None
            return response, body

    def new_interaction(self):
        return self.standin.interactions.create(
            InteractionType.APPLICATION_COMMAND,
            self.standin.world.user("alice"),
            self.standin.world.channel("general"),
            {"id": "1", "name": "margin", "type": 1},
        )


@pytest.fixture
async def api():
    clock = ManualClock()
    async with StandIn(clock=clock) as standin, aiohttp.ClientSession() as session:
        yield Api(standin, clock, session)


async def test_json_answers_carry_exactly_application_json(api):
    response, body = await api.call("GET", "/users/@me", headers=api.bot_token)
    assert response.headers["Content-Type"] == "application/json"
    assert body["id"] == str(api.standin.world.application.id)
    assert body["bot"] is True


async def test_a_wrong_token_is_refused_and_discord_py_says_so(api):
    use_endpoints(api.standin.api_base, api.standin.gateway_url)
    try:
        client = discord.Client(intents=discord.Intents.none())
        with pytest.raises(discord.LoginFailure):
            await client.login("not-the-token")
        await client.close()
    finally:
        use_endpoints(None, None)
    assert [(r.path, r.status) for r in api.standin.requests] == [("/users/@me", 401)]


async def test_an_unknown_route_is_a_json_404_recorded_without_a_route(api):
    response, body = await api.call("GET", "/guilds/1/roles", headers=api.bot_token)
    assert (response.status, body) == (404, {"message": "404: Not Found", "code": 0})
    assert api.standin.requests[-1].route is None


async def test_a_rate_limit_looks_like_discords(api):
    api.standin.rate_limit("GET", r"^/users/@me$", retry_after=0.25)
    response, body = await api.call("GET", "/users/@me", headers=api.bot_token)
    assert response.status == 429
    assert response.headers["Via"]
    assert body == {
        "code": 0,
        "message": "You are being rate limited.",
        "retry_after": 0.25,
        "global": False,
    }
    response, _ = await api.call("GET", "/users/@me", headers=api.bot_token)
    assert response.status == 200


async def test_invalid_json_is_refused(api):
    interaction = api.new_interaction()
    path = f"/interactions/{interaction.id}/{interaction.token}/callback"
    response, body = await api.call(
        "POST", path, data=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert (response.status, body["code"]) == (400, 50109)


async def test_the_webhook_exists_once_acknowledged(api):
    interaction = api.new_interaction()
    webhook = f"/webhooks/{api.standin.world.application.id}/{interaction.token}"
    response, body = await api.call("POST", webhook + "?wait=true", json={"content": "early"})
    assert (response.status, body["code"]) == (404, 10015)

    callback = f"/interactions/{interaction.id}/{interaction.token}/callback"
    response, body = await api.call("POST", callback, json={"type": 5, "data": {"flags": 64}})
    assert body["interaction"]["response_message_loading"] is True
    assert body["interaction"]["response_message_ephemeral"] is True
    thinking = body["interaction"]["response_message_id"]

    response, original = await api.call("GET", webhook + "/messages/@original")
    assert (original["id"], original["flags"]) == (thinking, 64 | 128)

    response, first = await api.call("POST", webhook + "?wait=true", json={"content": "ready"})
    assert (first["id"], first["flags"], first["content"]) == (thinking, 64, "ready")
    response, second = await api.call("POST", webhook + "?wait=true", json={"content": "more"})
    assert second["id"] != thinking and second["flags"] == 0

    path = f"{webhook}/messages/{second['id']}"
    response, edited = await api.call("PATCH", path, json={"content": "more, edited"})
    assert edited["edited_timestamp"] is not None
    response, _ = await api.call("DELETE", path)
    assert response.status == 204
    response, body = await api.call("GET", path)
    assert (response.status, body["code"]) == (404, 10008)


async def test_the_token_lives_fifteen_minutes(api):
    interaction = api.new_interaction()
    callback = f"/interactions/{interaction.id}/{interaction.token}/callback"
    await api.call("POST", callback, json={"type": 4, "data": {"content": "hi"}})
    webhook = f"/webhooks/{api.standin.world.application.id}/{interaction.token}"
    api.clock.advance(15 * 60 - 1)
    response, _ = await api.call("PATCH", webhook + "/messages/@original", json={"content": "ok"})
    assert response.status == 200
    api.clock.advance(2)
    response, body = await api.call(
        "PATCH", webhook + "/messages/@original", json={"content": "late"}
    )
    assert (response.status, body["code"]) == (401, 50027)
    assert interaction.token_expired


async def test_callback_types_must_fit_the_interaction(api):
    interaction = api.new_interaction()
    callback = f"/interactions/{interaction.id}/{interaction.token}/callback"
    for kind in (7, 8, 1):
        response, body = await api.call("POST", callback, json={"type": kind})
        assert (response.status, body["code"]) == (400, 50035)
    assert interaction.callback is None  # refused answers do not acknowledge


async def test_files_over_the_upload_limit_are_refused(api):
    api.standin.interactions.size_limit = 1024
    interaction = api.new_interaction()
    form = aiohttp.FormData()
    form.add_field("payload_json", '{"type": 4, "data": {"attachments": [{"id": 0}]}}')
    form.add_field("files[0]", b"x" * 1025, filename="big.png")
    path = f"/interactions/{interaction.id}/{interaction.token}/callback"
    response, body = await api.call("POST", path, data=form)
    assert (response.status, body["code"]) == (413, 40005)


async def test_attachments_are_served_by_name_only(api):
    channel = api.standin.world.channel("general")
    attachment = api.standin.messages.upload(channel, "chart.png", b"png bytes")
    async with api.session.get(attachment.url) as response:
        assert (response.status, await response.read()) == (200, b"png bytes")
        assert response.content_type == "image/png"
    async with api.session.get(attachment.url.replace("chart.png", "other.png")) as response:
        assert response.status == 404


async def test_deleting_thinking_lets_a_private_answer_follow(api):
    interaction = api.new_interaction()
    callback = f"/interactions/{interaction.id}/{interaction.token}/callback"
    await api.call("POST", callback, json={"type": 5})
    webhook = f"/webhooks/{api.standin.world.application.id}/{interaction.token}"
    response, _ = await api.call("DELETE", webhook + "/messages/@original")
    assert response.status == 204
    _, private = await api.call(
        "POST", webhook + "?wait=true", json={"content": "psst", "flags": 64}
    )
    assert private["id"] != str(interaction.original.id)
    assert private["flags"] == 64
    assert interaction.reply.content == "psst" and interaction.reply.ephemeral
