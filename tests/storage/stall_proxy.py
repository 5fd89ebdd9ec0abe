"""A TCP proxy on 127.0.0.1 between the bot's engine and PostgreSQL, for outages on demand.

`stall()` stops forwarding in both directions but keeps every socket open, as a database
behind a dead link or a frozen server does (nothing is refused, nothing answers); bytes
sent meanwhile wait, in order, until `resume()`. `refuse()` closes the listening socket and
resets open connections, as a stopped server does. At most `MAX_CONNECTIONS` at a time.
"""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import make_url

MAX_CONNECTIONS = 32
_CHUNK = 64 * 1024


class StallProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._connections = 0
        self.port = 0

    @classmethod
    async def to(cls, database_url: str) -> tuple[StallProxy, str]:
        """A started proxy to the server of `database_url`, and the URL that goes through it."""
        url = make_url(database_url)
        proxy = cls(url.host or "127.0.0.1", url.port or 5432)
        await proxy.start()
        return proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    def stall(self) -> None:
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    async def refuse(self) -> None:
        """Stop listening (connecting now fails at once) and reset every open connection."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self.resume()

    async def close(self) -> None:
        await self.refuse()
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def _serve(self, client_reader, client_writer) -> None:
        if self._connections >= MAX_CONNECTIONS:
            client_writer.transport.abort()
            return
        self._connections += 1
        self._writers.add(client_writer)
        try:
            await self._flowing.wait()  # a stalled server accepts, then says nothing
            server_reader, server_writer = await asyncio.open_connection(*self._target)
            self._writers.add(server_writer)
            pipes = [
                asyncio.create_task(self._pipe(client_reader, server_writer)),
                asyncio.create_task(self._pipe(server_reader, client_writer)),
            ]
            self._pipes.update(pipes)
            await asyncio.gather(*pipes, return_exceptions=True)
            self._pipes.difference_update(pipes)
            self._writers.discard(server_writer)
        except OSError:
            client_writer.transport.abort()
        finally:
            self._writers.discard(client_writer)
            self._connections -= 1

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Forward until end of file, holding each chunk while stalled."""
        try:
            while chunk := await reader.read(_CHUNK):
                await self._flowing.wait()
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            with contextlib.suppress(ConnectionError, OSError, RuntimeError):
                writer.close()
