"""The Gateway handshake over a raw websocket, and dispatch by shard with two real clients."""

import asyncio
import json
import zlib

import aiohttp
import pytest

from bot.settings import Settings
from standin import StandIn
from standin.world import shard_of
from tests.e2e import bot_in_standin
from tests.standin.toybot import running_toy_bot


class RawClient:
    """A websocket client speaking the gateway protocol by hand."""

    def __init__(self, socket, *, compressed):
        self.socket = socket
        self.inflator = zlib.decompressobj() if compressed else None

    async def receive(self):
        message = await self.socket.receive(timeout=2)
        if message.type == aiohttp.WSMsgType.BINARY:
            return json.loads(self.inflator.decompress(message.data))
        if message.type == aiohttp.WSMsgType.TEXT:
            return json.loads(message.data)
        return message

    async def send(self, op, data):
        await self.socket.send_str(json.dumps({"op": op, "d": data}))


@pytest.fixture
async def connect():
    async with StandIn() as standin, aiohttp.ClientSession() as session:

        async def connect(compress="zlib-stream", url=None):
            socket = await session.ws_connect(
                f"{url or standin.gateway_url}?v=10&compress={compress}"
            )
            return RawClient(socket, compressed=compress == "zlib-stream")

        connect.standin = standin
        yield connect


async def identify(client, standin, shard=(0, 1)):
    await client.send(
        2, {"token": standin.token, "intents": 1, "properties": {}, "shard": list(shard)}
    )
    ready = await client.receive()
    return ready, [await client.receive() for _ in ready["d"]["guilds"]]


async def test_hello_identify_ready_guild_create_over_zlib_stream(connect):
    client = await connect()
    hello = await client.receive()
    assert hello == {"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}
    await client.send(1, None)
    assert (await client.receive())["op"] == 11
    ready, guilds = await identify(client, connect.standin)
    assert (ready["t"], ready["s"]) == ("READY", 1)
    assert ready["d"]["resume_gateway_url"] == connect.standin.gateway_url + "/resume"
    assert ready["d"]["application"]["id"] == str(connect.standin.world.application.id)
    assert [(g["t"], g["d"]["name"]) for g in guilds] == [
        ("GUILD_CREATE", "Flywheel HQ"),
        ("GUILD_CREATE", "Side Project"),
    ]
    assert guilds[1]["d"]["id"] == str(2**63 - 1)


async def test_plain_text_frames_when_no_zlib_stream_is_asked(connect):
    client = await connect(compress="zstd-stream")
    assert (await client.receive())["op"] == 10


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"op": 2, "d": {"token": "wrong", "intents": 1}}, 4004),
        ({"op": 2, "d": {"token": "TOKEN", "intents": 1, "shard": [2, 2]}}, 4010),
        ({"op": 3, "d": {}}, 4003),
        ("not json", 4002),
    ],
)
async def test_bad_handshakes_are_closed_with_discords_codes(connect, payload, code):
    client = await connect()
    await client.receive()
    text = payload if isinstance(payload, str) else json.dumps(payload)
    text = text.replace("TOKEN", connect.standin.token)
    await client.socket.send_str(text)
    closed = await client.receive()
    assert closed.type == aiohttp.WSMsgType.CLOSE
    assert closed.data == code


async def test_an_unknown_opcode_closes_the_session(connect):
    client = await connect()
    await client.receive()
    await identify(client, connect.standin)
    await client.send(99, None)
    assert (await client.receive()).data == 4001


async def test_resume_replays_missed_events(connect):
    standin = connect.standin
    first = await connect()
    await first.receive()
    ready, _ = await identify(first, standin)
    await first.socket.close()
    await asyncio.sleep(0.05)
    (session,) = standin.gateway.sessions.values()
    assert not session.connected
    await session.dispatch("TEST_EVENT", {"n": 1})  # missed while disconnected

    second = await connect(url=ready["d"]["resume_gateway_url"])
    await second.receive()
    await second.send(6, {"token": standin.token, "session_id": session.id, "seq": 3})
    replayed = await second.receive()
    assert (replayed["t"], replayed["s"], replayed["d"]) == ("TEST_EVENT", 4, {"n": 1})
    assert (await second.receive())["t"] == "RESUMED"
    assert session.connected


async def test_an_unknown_session_cannot_resume(connect):
    client = await connect()
    await client.receive()
    await client.send(6, {"token": connect.standin.token, "session_id": "nope", "seq": 1})
    assert await client.receive() == {"op": 9, "d": False, "s": None, "t": None}


async def test_an_outage_drops_the_shard_and_refuses_it_until_it_ends(connect):
    standin = connect.standin
    shard_1 = await connect()
    await shard_1.receive()
    ready, _ = await identify(shard_1, standin, shard=(1, 2))
    session_id = ready["d"]["session_id"]

    async with standin.outage(1):
        closed = await shard_1.receive()
        assert (closed.type, closed.data) == (aiohttp.WSMsgType.CLOSE, 1001)
        resuming = await connect(url=ready["d"]["resume_gateway_url"])
        await resuming.receive()
        await resuming.send(6, {"token": standin.token, "session_id": session_id, "seq": 2})
        assert (await resuming.receive())["op"] == 9
        identifying = await connect()
        await identifying.receive()
        await identifying.send(2, {"token": standin.token, "intents": 1, "shard": [1, 2]})
        assert await identifying.receive() == {"op": 9, "d": False, "s": None, "t": None}
        shard_0 = await connect()
        await shard_0.receive()
        ready_0, _ = await identify(shard_0, standin, shard=(0, 2))
        assert ready_0["t"] == "READY"

    back = await connect()
    await back.receive()
    _, guilds = await identify(back, standin, shard=(1, 2))
    assert [g["d"]["name"] for g in guilds] == ["Side Project"]


def test_the_default_guilds_sit_on_different_shards():
    standin = StandIn()
    assert [shard_of(g.id, 2) for g in standin.world.guilds] == [0, 1]


async def test_each_shard_answers_for_its_own_guilds(tmp_path):
    settings = Settings(shard_count=2, shard_ids=(0,))
    async with bot_in_standin(running_toy_bot, settings, shard_count=2) as (standin, _):
        second = standin.bot_settings(Settings(shard_count=2, shard_ids=(1,)))
        async with running_toy_bot(second):
            hq = await standin.slash("alice", "general", "shard")
            side = await standin.slash(
                "alice", standin.world.channel("general", "Side Project"), "shard"
            )
        assert (hq.content, side.content) == ("shard 0", "shard 1")
        async with aiohttp.ClientSession() as session:
            headers = {"Authorization": f"Bot {standin.token}"}
            async with session.get(f"{standin.api_base}/gateway/bot", headers=headers) as answer:
                assert (await answer.json())["shards"] == 2
