"""Start-up and shutdown: migrations, storage, chart workers, login, command sync, gateway."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import discord

from bot import health
from bot.client import FlywheelBot
from bot.endpoints import use_endpoints
from bot.logs import setup_logging
from bot.settings import Settings
from bot.workers import Workers
from storage import Store
from storage.migrations import upgrade

log = logging.getLogger(__name__)

READY_TIMEOUT = 30.0


@asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[FlywheelBot]:
    """Start the bot and yield it once its gateway is ready; shut everything down on exit."""
    use_endpoints(settings.api_base, settings.gateway_url)
    workers = Workers(settings.chart_workers)
    warming = asyncio.create_task(workers.start())  # in other processes, alongside the rest
    store = None
    try:
        await asyncio.to_thread(upgrade, settings.database_url)
        store = await Store.open(settings.database_url)
        async with FlywheelBot(settings, store, workers) as bot:
            await bot.login(settings.require_token())
            if bot.owns_command_registration:
                await bot.sync_commands(force=False)
            bot.connection = asyncio.create_task(bot.connect(), name="gateway")
            await _until_ready(bot)
            await warming
            log.info("ready", extra={"shards": sorted(bot.shards), "guilds": len(bot.guilds)})
            heartbeat = (
                asyncio.create_task(
                    health.beat(bot, Path(settings.health_file), settings.health_interval)
                )
                if settings.health_file
                else None
            )
            try:
                yield bot
            finally:
                if heartbeat:
                    heartbeat.cancel()
                await bot.close()
                await asyncio.gather(bot.connection, return_exceptions=True)
    finally:
        warming.cancel()
        workers.close()
        if store is not None:
            await store.close()


async def _until_ready(bot: FlywheelBot) -> None:
    """Wait for READY on every shard, failing fast if the connection dies instead."""
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait(
        {ready, bot.connection}, timeout=READY_TIMEOUT, return_when=asyncio.FIRST_COMPLETED
    )
    if bot.connection in done:
        ready.cancel()
        bot.connection.result()  # raises why the gateway stopped
        raise ConnectionError("the gateway connection closed before the bot was ready")
    if ready not in done:
        ready.cancel()
        raise TimeoutError(f"the bot was not ready after {READY_TIMEOUT:.0f} s")


def run(settings: Settings) -> int:
    """`flywheel run`: serve until SIGINT or SIGTERM."""
    setup_logging(settings.log_level, secret=settings.token)
    try:
        asyncio.run(serve(settings))
    except discord.LoginFailure:
        print("flywheel: Discord rejected DISCORD_TOKEN: check the token in .env", file=sys.stderr)
        return 2
    return 0


async def serve(settings: Settings) -> None:
    """Run the bot until SIGINT or SIGTERM, or until its gateway connection ends."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running_bot(settings) as bot:
        _freeze_what_start_up_made()
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({stopping, bot.connection}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
    log.info("stopped")


def _freeze_what_start_up_made() -> None:
    """Keep garbage collections short: they pause the event loop.

    Modules, commands and caches live as long as the process, yet every full collection walked
    them all: 40-130 ms pauses during a burst. Frozen, they are out of the collector's sight.
    """
    gc.collect()
    gc.freeze()


def sync(settings: Settings, *, guild_id: int | None) -> int:
    """`flywheel sync`: register the commands now, whether or not they changed."""
    setup_logging(settings.log_level, secret=settings.token)

    async def _sync() -> None:
        use_endpoints(settings.api_base, settings.gateway_url)
        await asyncio.to_thread(upgrade, settings.database_url)
        store = await Store.open(settings.database_url)
        workers = Workers(settings.chart_workers)
        try:
            async with FlywheelBot(settings, store, workers) as bot:
                await bot.login(settings.require_token())
                await bot.sync_commands(force=True, guild_id=guild_id)
        finally:
            workers.close()
            await store.close()

    try:
        asyncio.run(_sync())
    except discord.LoginFailure:
        print("flywheel: Discord rejected DISCORD_TOKEN: check the token in .env", file=sys.stderr)
        return 2
    print(f"commands registered {'in server ' + str(guild_id) if guild_id else 'globally'}")
    return 0
