"""The Gateway: HELLO, IDENTIFY, READY, GUILD_CREATE, heartbeats, RESUME, and dispatch by shard.

A session belongs to one shard; a guild's events go to the session of shard
(guild_id >> 22) % shard_count, as Discord routes them. A session outlives its socket so a
client can RESUME it and get the events it missed. A shard can be cut off (`drop`, `refused`)
to see how the bot copes with losing Discord.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from standin.world import World, shard_of

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE = 0, 1, 2, 3
VOICE_STATE_UPDATE, RESUME, RECONNECT, REQUEST_GUILD_MEMBERS = 4, 6, 7, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11
IGNORED_OPS = {PRESENCE_UPDATE, VOICE_STATE_UPDATE, REQUEST_GUILD_MEMBERS}
HEARTBEAT_INTERVAL_MS = 41_250
UNKNOWN_OPCODE, DECODE_ERROR, NOT_AUTHENTICATED = 4001, 4002, 4003
AUTHENTICATION_FAILED, ALREADY_AUTHENTICATED, INVALID_SHARD = 4004, 4005, 4010
DISALLOWED_INTENTS = 4014
REPLAY_LIMIT = 1000
GUILDS, GUILD_MEMBERS, GUILD_PRESENCES = 1 << 0, 1 << 1, 1 << 8
GUILD_MESSAGES, DIRECT_MESSAGES, MESSAGE_CONTENT = 1 << 9, 1 << 12, 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


class Connection:
    """One websocket; frames are zlib-stream compressed when the client asked for it."""

    def __init__(self, socket: web.WebSocketResponse, *, zlib_stream: bool) -> None:
        self.socket = socket
        self._compressor = zlib.compressobj() if zlib_stream else None
        self._lock = asyncio.Lock()

    async def send(self, frame: dict[str, Any]) -> None:
        text = json.dumps(frame, separators=(",", ":"))
        async with self._lock:
            if self._compressor is None:
                await self.socket.send_str(text)
            else:
                data = self._compressor.compress(text.encode())
                await self.socket.send_bytes(data + self._compressor.flush(zlib.Z_SYNC_FLUSH))

    async def close(self, code: int, reason: str) -> None:
        await self.socket.close(code=code, message=reason.encode())


@dataclass(eq=False)
class Session:
    id: str
    shard_id: int
    shard_count: int
    intents: int = 0  # what the client asked for at IDENTIFY
    sequence: int = 0
    connection: Connection | None = None
    sent: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=REPLAY_LIMIT))

    @property
    def connected(self) -> bool:
        return self.connection is not None

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event now, or keep it for the RESUME if the socket is down."""
        self.sequence += 1
        frame = {"op": DISPATCH, "t": event, "s": self.sequence, "d": data}
        self.sent.append(frame)  # kept for a RESUME
        await self.send_frame(frame)

    async def send_frame(self, frame: dict[str, Any]) -> None:
        if self.connection is None:
            return
        try:
            await self.connection.send(frame)
        except ConnectionResetError:
            self.connection = None


class Gateway:
    """Every gateway session of the application, and the websocket handler serving them."""

    def __init__(self, world: World, token: str, *, shard_count: int = 1) -> None:
        self.world = world
        self.token = token
        self.shard_count = shard_count
        self.url = ""  # set once the server listens
        self.sessions: dict[str, Session] = {}
        self.refused: set[int] = set()  # shards whose IDENTIFY and RESUME get INVALID_SESSION
        self.received: list[tuple[int | None, dict[str, Any]]] = []  # (shard, payload)
        self._session_changed = asyncio.Event()

    @property
    def resume_url(self) -> str:
        return f"{self.url}/resume"

    def session_for(self, guild_id: int) -> Session | None:
        """The newest session of the shard that owns the guild, connected or awaiting RESUME."""
        matching = [
            session
            for session in self.sessions.values()
            if session.shard_id == shard_of(guild_id, session.shard_count)
        ]
        return matching[-1] if matching else None

    async def connected_session(self, guild_id: int) -> Session:
        """The guild's session once it is connected (after a reconnection, if one is under way)."""
        while True:
            session = self.session_for(guild_id)
            if session is not None and session.connected:
                return session
            await self._session_changed.wait()

    async def reconnect(self) -> None:
        """Ask every connected client to reconnect (op 7); discord.py then RESUMEs."""
        for session in self.sessions.values():
            await session.send_frame({"op": RECONNECT, "d": None, "s": None, "t": None})

    async def drop(self, shard_id: int) -> None:
        """Close the shard's connections as Discord does when it goes away (1001, resumable)."""
        for session in list(self.sessions.values()):
            if session.shard_id == shard_id and session.connection is not None:
                await session.connection.close(WSCloseCode.GOING_AWAY, "shard dropped")

    async def close(self) -> None:
        for session in self.sessions.values():
            if session.connection is not None:
                await session.connection.close(WSCloseCode.GOING_AWAY, "stand-in stopping")

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        connection = Connection(socket, zlib_stream=request.query.get("compress") == "zlib-stream")
        await connection.send(
            {"op": HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": None, "t": None}
        )
        session: Session | None = None
        try:
            async for message in socket:
                if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    break
                try:
                    payload = json.loads(message.data)
                    op = payload["op"]
                except (ValueError, KeyError, TypeError):
                    await connection.close(DECODE_ERROR, "Decode error")
                    break
                self.received.append((session.shard_id if session else None, payload))
                session = await self._handle_op(connection, session, op, payload.get("d"))
        finally:
            if session is not None and session.connection is connection:
                session.connection = None
                self._notify()
        return socket

    async def _handle_op(
        self, connection: Connection, session: Session | None, op: int, data: Any
    ) -> Session | None:
        if op == HEARTBEAT:
            await connection.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op in (IDENTIFY, RESUME) and session is not None:
            await connection.close(ALREADY_AUTHENTICATED, "Already authenticated")
        elif op == IDENTIFY:
            return await self._identify(connection, data)
        elif op == RESUME:
            return await self._resume(connection, data)
        elif session is None:
            await connection.close(NOT_AUTHENTICATED, "Not authenticated")
        elif op not in IGNORED_OPS:
            await connection.close(UNKNOWN_OPCODE, "Unknown opcode")
        return session

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> Session | None:
        if data.get("token") != self.token:
            await connection.close(AUTHENTICATION_FAILED, "Authentication failed")
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        if not 0 <= shard_id < shard_count:
            await connection.close(INVALID_SHARD, "Invalid shard")
            return None
        intents = data.get("intents") or 0
        if intents & PRIVILEGED_INTENTS & ~self.world.privileged_intents:
            await connection.close(DISALLOWED_INTENTS, "Disallowed intent(s).")
            return None
        if shard_id in self.refused:
            await _invalid_session(connection)
            return None
        session = Session(
            secrets.token_hex(16), shard_id, shard_count, intents=intents, connection=connection
        )
        self.sessions[session.id] = session
        guilds = self.world.guilds_on_shard(shard_id, shard_count)
        application = self.world.application
        await session.dispatch(
            "READY",
            {
                "v": 10,
                "user": {**application.payload(), "verified": True, "mfa_enabled": False},
                "guilds": [{"id": str(guild.id), "unavailable": True} for guild in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.resume_url,
                "shard": [shard_id, shard_count],
                "application": {"id": str(application.id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "geo_ordered_rtc_regions": [],
                "auth": {},
            },
        )
        for guild in guilds:
            await session.dispatch("GUILD_CREATE", guild.create_payload(application))
        self._notify()
        log.debug("shard %s/%s identified (session %s)", shard_id, shard_count, session.id)
        return session

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self.token or session.shard_id in self.refused:
            await _invalid_session(connection)
            return None
        session.connection = connection
        seen = data.get("seq") or 0
        for frame in session.sent:
            if frame["s"] > seen:
                await session.send_frame(frame)
        await session.dispatch("RESUMED", {})
        self._notify()
        return session

    def _notify(self) -> None:
        self._session_changed.set()
        self._session_changed = asyncio.Event()


async def _invalid_session(connection: Connection) -> None:
    """Op 9, not resumable: the client waits, then IDENTIFYs again (discord.py waits 5 s)."""
    await connection.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
