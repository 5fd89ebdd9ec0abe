"""Start-up and shutdown: migrations, storage, chart workers, login, command sync, gateway."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import discord

from bot import health, metrics
from bot.client import FlywheelBot
from bot.drain import Drain
from bot.endpoints import use_endpoints
from bot.logs import setup_logging
from bot.metrics import MeasuredWorkers
from bot.settings import Settings
from bot.workers import Workers
from storage import Store
from storage.migrations import upgrade

log = logging.getLogger(__name__)

READY_TIMEOUT = 30.0
TOKEN_REJECTED = "Discord rejected DISCORD_TOKEN: check the token in .env"


class GatewayEnded(Exception):
    """The gateway connection ended though nobody asked the bot to stop."""


@asynccontextmanager
async def logged_in(settings: Settings, workers: Workers | None) -> AsyncIterator[FlywheelBot]:
    """The one start-up path: endpoints, migrations, the store, the bot logged in (no gateway).

    `workers` is None for `flywheel sync`, which loads the commands only to describe them.
    """
    use_endpoints(settings.api_base, settings.gateway_url)
    await asyncio.to_thread(upgrade, settings.database_url)
    store = await Store.open(settings.database_url, settings.database_timeouts)
    try:
        async with FlywheelBot(settings, store, workers) as bot:  # type: ignore[arg-type]
            await bot.login(settings.require_token())
            yield bot
    finally:
        await store.close()


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[FlywheelBot]:
    """Start the bot and yield it once its gateway is ready; shut everything down on exit."""
    async with AsyncExitStack() as stack:
        workers = MeasuredWorkers(settings.chart_workers)
        stack.callback(workers.close)
        warming = asyncio.create_task(workers.start())  # in other processes, alongside the rest
        stack.callback(warming.cancel)
        bot = await stack.enter_async_context(logged_in(settings, workers))
        if bot.owns_command_registration:
            await bot.sync_commands(force=False)
        bot.connection = connection = asyncio.create_task(bot.connect(), name="gateway")
        stack.push_async_callback(_disconnect, bot, connection)
        await _until_ready(bot, connection)
        await warming
        if settings.metrics_port is not None:
            host, port = settings.metrics_host, settings.metrics_port
            stack.enter_context(metrics.exported(bot, workers, host=host, port=port))
        if settings.health_file:
            beat = health.beat(
                bot, Path(settings.health_file), settings.health_interval, ping=bot.store.ping
            )
            stack.callback(asyncio.create_task(beat).cancel)
        log.info("ready", extra={"shards": sorted(bot.shards), "guilds": len(bot.guilds)})
        yield bot


async def _disconnect(bot: FlywheelBot, connection: asyncio.Task[None]) -> None:
    await bot.close()
    await asyncio.gather(connection, return_exceptions=True)


async def _until_ready(bot: FlywheelBot, connection: asyncio.Task[None]) -> None:
    """Wait for READY on every shard, failing fast if the connection dies instead."""
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait(
        {ready, connection}, timeout=READY_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
    )
    if connection in done:
        ready.cancel()
        connection.result()  # raises why the gateway stopped
        raise GatewayEnded("the gateway connection closed before the bot was ready")
    if ready not in done:
        ready.cancel()
        raise TimeoutError(f"the bot was not ready after {READY_TIMEOUT:.0f} s")


def run(settings: Settings) -> int:
    """`flywheel run`: serve until SIGINT or SIGTERM; exit non-zero, in one line, when fatal."""
    setup_logging(settings.log_level, secret=settings.token)
    if settings.sentry_dsn:
        from bot import sentry
        from bot.cli import version

        sentry.init(settings.sentry_dsn, release=version())
    try:
        asyncio.run(serve(settings))
    except (
        discord.LoginFailure,
        discord.PrivilegedIntentsRequired,
        discord.ConnectionClosed,
        GatewayEnded,
    ) as error:
        code, line = _fatal(error)
        print(f"flywheel: {line}", file=sys.stderr)
        return code
    return 0


def _fatal(error: Exception) -> tuple[int, str]:
    """The exit code and the one line a supervisor's log shows for an error that ends the bot."""
    if isinstance(error, discord.LoginFailure):
        return 2, TOKEN_REJECTED
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return 2, (
            "Discord refused the gateway intents (close code 4014, disallowed intents): "
            "check the intents enabled on the Bot tab of the developer portal"
        )
    if isinstance(error, discord.ConnectionClosed):
        if error.code == 4004:
            return 2, f"{TOKEN_REJECTED} (gateway close code 4004)"
        return 1, f"Discord closed the gateway (close code {error.code}: {error.reason or '-'})"
    return 1, str(error)


async def serve(settings: Settings) -> None:
    """Run the bot until SIGINT or SIGTERM (then drain), or until its gateway connection ends.

    A second signal during the drain stops at once.
    """
    stop, cut_short = asyncio.Event(), asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: (cut_short if stop.is_set() else stop).set())
    async with running_bot(settings) as bot:
        drain = Drain(bot)
        _freeze_what_start_up_made()
        connection = bot.connection
        if connection is None:  # running_bot connects before it yields: never
            raise GatewayEnded("the bot never connected")
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({stopping, connection}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if connection.done():
            connection.result()  # raises what ended the gateway
            raise GatewayEnded("the gateway connection ended, though nothing asked the bot to stop")
        await drain.run(settings.shutdown_grace, cut_short=cut_short)
    log.info("stopped")


def _freeze_what_start_up_made() -> None:
    """Keep garbage collections short: they pause the event loop.

    Modules, commands and caches live as long as the process, yet every full collection walked
    them all: 40-130 ms pauses during a burst. Frozen, they are out of the collector's sight.
    """
    gc.collect()
    gc.freeze()


def sync(settings: Settings, *, guild_id: int | None, clear: bool = False) -> int:
    """`flywheel sync`: register the commands now, whether or not they changed.

    With `clear`, remove the server's own copies instead (after moving to global commands).
    """
    setup_logging(settings.log_level, secret=settings.token)

    async def _sync() -> None:
        async with logged_in(settings, workers=None) as bot:
            if clear and guild_id:
                bot.tree.clear_commands(guild=discord.Object(guild_id))
                await bot.tree.sync(guild=discord.Object(guild_id))
            else:
                await bot.sync_commands(force=True, guild_id=guild_id)

    try:
        asyncio.run(_sync())
    except discord.LoginFailure as error:
        print(f"flywheel: {_fatal(error)[1]}", file=sys.stderr)
        return 2
    where = f"in server {guild_id}" if guild_id else "globally"
    print(f"commands {'removed' if clear else 'registered'} {where}")
    return 0
