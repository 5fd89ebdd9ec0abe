"""Prometheus metrics on `METRICS_HOST:METRICS_PORT/metrics`, for the operator's dashboards.

Nothing here touches the command handlers. The figures come from where they already pass:
- commands and reply latency from the one structured line every command ends with (logger
  `flywheel.command`: `command`, `outcome` ok / refused / error, `latency_ms`);
- deferrals from discord.py's `app_command_completion` event (the interaction's response type);
- worker jobs (lens + chart, compare, ...) timed inside the worker, and the jobs waiting;
- database statements from SQLAlchemy's cursor events on the bot's engine;
- gateway latency per shard read from discord.py when Prometheus scrapes.
Labels are command, job and statement names only: never a user, a guild or anything typed.
The endpoint is served from a thread, so a scrape never waits on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event

from bot.timing import timed as job_timed
from bot.workers import Workers

if TYPE_CHECKING:
    from discord import app_commands
    from sqlalchemy.engine import Engine

    from bot.client import FlywheelBot

T = TypeVar("T")
log = logging.getLogger(__name__)

REPLY_BUCKETS = (0.1, 0.15, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0)
JOB_BUCKETS = (0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
DATABASE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 3.0)
STATE_IN_CUSTOM_ID = re.compile(r"(:\d+)+$")  # "plan:save:41:7" counts as "plan:save"
DEFERRED = {
    discord.InteractionResponseType.deferred_channel_message,
    discord.InteractionResponseType.deferred_message_update,
}


class Metrics:
    """The bot's metrics, in a registry of their own (tests run several bots in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.commands = Counter(
            "flywheel_commands",
            "Slash commands answered, by name and outcome (ok, refused, error); buttons and"
            " forms (by custom id prefix) when refused or failed.",
            ["command", "outcome"],
            registry=r,
        )
        self.reply_seconds = Histogram(
            "flywheel_reply_seconds",
            "From the interaction's creation (its id's timestamp) to the answer, by name.",
            ["command"],
            buckets=REPLY_BUCKETS,
            registry=r,
        )
        self.deferrals = Counter(
            "flywheel_deferrals",
            "Slash commands answered after a 'thinking...' defer (slower than 1.5 s), by name.",
            ["command"],
            registry=r,
        )
        self.job_seconds = Histogram(
            "flywheel_worker_job_seconds",
            "Time a worker spent on a job (answer = lens + chart render), by job.",
            ["job"],
            buckets=JOB_BUCKETS,
            registry=r,
        )
        self.job_wait_seconds = Histogram(
            "flywheel_worker_wait_seconds",
            "Time a job waited for a free worker (and its hand-off), by job.",
            ["job"],
            buckets=JOB_BUCKETS,
            registry=r,
        )
        self.jobs = Gauge(
            "flywheel_worker_jobs", "Jobs handed to the workers, queued or running.", registry=r
        )
        self.database_seconds = Histogram(
            "flywheel_database_seconds",
            "Database statement time, by kind (SELECT, INSERT, ...).",
            ["statement"],
            buckets=DATABASE_BUCKETS,
            registry=r,
        )
        self.database_errors = Counter(
            "flywheel_database_errors",
            "Database statements that failed, by exception type.",
            ["error"],
            registry=r,
        )

    def count_command(self, command: str, outcome: str, latency_ms: float | None) -> None:
        """Count a command's answer; a button's or form's id counts without the ids it carries."""
        command = STATE_IN_CUSTOM_ID.sub("", command)
        self.commands.labels(command, outcome).inc()
        if latency_ms is not None and math.isfinite(latency_ms):
            self.reply_seconds.labels(command).observe(latency_ms / 1000)


@contextmanager
def exported(
    bot: FlywheelBot, workers: MeasuredWorkers, *, host: str, port: int
) -> Iterator[Metrics]:
    """Measure the running bot and serve the figures until the block ends."""
    metrics = Metrics()
    metrics.registry.register(GatewayLatency(bot))
    commands_log = CommandLog(metrics)
    engine = bot.store.engine.sync_engine
    statements = _observe_statements(engine, metrics)

    async def on_app_command_completion(
        interaction: discord.Interaction, command: app_commands.Command[Any, ..., Any]
    ) -> None:
        if interaction.response.type in DEFERRED:
            metrics.deferrals.labels(command.qualified_name).inc()

    bot.add_listener(on_app_command_completion)
    workers.metrics = metrics
    server, thread = start_http_server(port, addr=host, registry=metrics.registry)
    log.info("metrics served", extra={"address": f"http://{host}:{server.server_port}/metrics"})
    try:
        yield metrics
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        workers.metrics = None
        bot.remove_listener(on_app_command_completion)
        for name, listener in statements:
            event.remove(engine, name, listener)
        commands_log.close()


class CommandLog(logging.Handler):
    """Counts the line each interaction ends with on `flywheel.command`.

    Those lines are INFO; the logger is set to let them through even under LOG_LEVEL=WARNING,
    and the log's own handler (bot/logs.py) still drops what is below LOG_LEVEL.
    """

    LOGGER = "flywheel.command"

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(logging.INFO)
        self.metrics = metrics
        self.logger = logging.getLogger(self.LOGGER)
        self.level_before = self.logger.level
        self.logger.setLevel(min(self.logger.getEffectiveLevel(), logging.INFO))
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        fields = vars(record)
        if fields.get("outcome") and fields.get("command"):
            self.metrics.count_command(
                str(fields["command"]), str(fields["outcome"]), fields.get("latency_ms")
            )

    def close(self) -> None:
        self.logger.removeHandler(self)
        self.logger.setLevel(self.level_before)
        super().close()


class GatewayLatency(Collector):
    """Each shard's heartbeat round trip and whether it is connected, read at scrape time."""

    def __init__(self, bot: FlywheelBot) -> None:
        self.bot = bot

    def collect(self) -> Iterator[GaugeMetricFamily]:
        latency = GaugeMetricFamily(
            "flywheel_gateway_latency_seconds",
            "Heartbeat round trip to Discord's gateway, by shard (+Inf before the first one).",
            labels=["shard"],
        )
        connected = GaugeMetricFamily(
            "flywheel_gateway_connected",
            "1 while the shard is connected, by shard.",
            labels=["shard"],
        )
        for shard_id, shard in sorted(self.bot.shards.items()):
            latency.add_metric([str(shard_id)], shard.latency)
            connected.add_metric([str(shard_id)], 0.0 if shard.is_closed() else 1.0)
        yield latency
        yield connected


class MeasuredWorkers(Workers):
    """The chart workers; while `metrics` is set, each job is timed inside its worker."""

    metrics: Metrics | None = None

    def submit(self, fn: Callable[..., T], /, *args: Any) -> asyncio.Future[T]:
        metrics = self.metrics
        if metrics is None:
            return super().submit(fn, *args)
        job = fn.__name__
        handed = time.perf_counter()
        metrics.jobs.inc()
        timed = super().submit(job_timed, fn, *args)
        answer: asyncio.Future[T] = asyncio.get_running_loop().create_future()

        def finished(timed: asyncio.Future[tuple[T, float]]) -> None:
            metrics.jobs.dec()
            if answer.done():  # the caller gave up on it
                return
            if timed.cancelled():
                answer.cancel()
            elif (error := timed.exception()) is not None:
                answer.set_exception(error)
            else:
                value, seconds = timed.result()
                metrics.job_seconds.labels(job).observe(seconds)
                metrics.job_wait_seconds.labels(job).observe(
                    max(0.0, time.perf_counter() - handed - seconds)
                )
                answer.set_result(value)

        timed.add_done_callback(finished)
        answer.add_done_callback(lambda _: answer.cancelled() and timed.cancel())
        return answer


def _observe_statements(engine: Engine, metrics: Metrics) -> list[tuple[str, Callable[..., None]]]:
    """Time every statement on `engine` and count the failures; returns what to remove later."""

    def before(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        connection.info.setdefault("flywheel_started", []).append(time.perf_counter())

    def after(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        started = connection.info["flywheel_started"].pop()
        kind = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "OTHER"
        metrics.database_seconds.labels(kind).observe(time.perf_counter() - started)

    def failed(context: Any) -> None:
        pending = context.connection.info.get("flywheel_started") if context.connection else None
        if pending:
            pending.pop()
        metrics.database_errors.labels(type(context.original_exception).__name__).inc()

    listeners: list[tuple[str, Callable[..., None]]] = [
        ("before_cursor_execute", before),
        ("after_cursor_execute", after),
        ("handle_error", failed),
    ]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    return listeners
