"""Settings, read from the environment and `.env` only when the bot starts (tests need no token)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

from storage.engine import DEFAULT_TIMEOUTS, Timeouts

DEFAULT_HEALTH_INTERVAL = 5.0  # seconds between heartbeats
DEFAULT_SHUTDOWN_GRACE = 20.0  # seconds answers in flight get to finish after SIGTERM
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(Exception):
    """A setting is missing or malformed; the message says what to set and where."""


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    database_url: str = field(default_factory=lambda: default_database_url(os.environ))
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    api_base: str | None = None
    gateway_url: str | None = None
    chart_workers: int = 2
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    user_rate: tuple[int, float] | None = (8, 10.0)  # commands per seconds, per user
    health_file: str | None = None
    health_interval: float = DEFAULT_HEALTH_INTERVAL
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = None  # Prometheus endpoint, off unless set
    sentry_dsn: str | None = None
    shutdown_grace: float = DEFAULT_SHUTDOWN_GRACE
    database_timeout: float = DEFAULT_TIMEOUTS.operation  # storage.engine.Timeouts derive from it

    @classmethod
    def from_env(cls, *, dotenv: bool = True) -> Settings:
        """Build settings from the process environment, after loading `.env` if present."""
        if dotenv:
            load_dotenv()
        env = os.environ
        shard_count = _int(env, "SHARD_COUNT")
        if shard_count is not None and shard_count < 1:
            raise SettingsError(f"SHARD_COUNT must be 1 or more, got {shard_count}")
        shard_ids = _shard_ids(env.get("SHARD_IDS", ""), shard_count)
        chart_workers = _int(env, "CHART_WORKERS")
        if chart_workers is not None and chart_workers < 1:
            raise SettingsError(
                f"CHART_WORKERS must be 1 or more (processes drawing charts), got {chart_workers}"
            )
        metrics_port = _int(env, "METRICS_PORT")
        if metrics_port is not None and not 0 <= metrics_port <= 65535:
            raise SettingsError(f"METRICS_PORT must be a port number (0-65535), got {metrics_port}")
        return cls(
            token=env.get("DISCORD_TOKEN") or None,
            database_url=_database_url(env.get("DATABASE_URL") or default_database_url(env)),
            dev_guild_id=_int(env, "DEV_GUILD_ID"),
            log_level=_log_level(env.get("LOG_LEVEL") or "INFO"),
            api_base=env.get("DISCORD_API_BASE") or None,
            gateway_url=env.get("DISCORD_GATEWAY_URL") or None,
            chart_workers=chart_workers or 2,
            shard_count=shard_count,
            shard_ids=shard_ids,
            user_rate=_parse_rate(env.get("USER_RATE_LIMIT", "8/10")),
            health_file=env.get("HEALTH_FILE") or None,
            health_interval=_seconds(env, "HEALTH_INTERVAL") or DEFAULT_HEALTH_INTERVAL,
            metrics_host=env.get("METRICS_HOST") or "127.0.0.1",
            metrics_port=metrics_port,
            sentry_dsn=env.get("SENTRY_DSN") or None,
            shutdown_grace=_seconds(env, "SHUTDOWN_GRACE") or DEFAULT_SHUTDOWN_GRACE,
            database_timeout=_database_timeout(env),
        )

    @property
    def database_timeouts(self) -> Timeouts:
        return Timeouts(self.database_timeout)

    def require_token(self) -> str:
        if not self.token:
            raise SettingsError(
                "DISCORD_TOKEN is not set: put DISCORD_TOKEN=<your bot token> in .env "
                "(copy .env.example) or the environment. To try Flywheel without a token, "
                "run `flywheel play`."
            )
        return self.token


def default_database_url(env: os._Environ[str] | dict[str, str]) -> str:
    """A SQLite file in the data directory, wherever the bot is started from.

    `FLYWHEEL_HOME` if set (the image sets /data, a volume), else the platform's data
    directory (`$XDG_DATA_HOME/flywheel`, by default `~/.local/share/flywheel`).
    """
    home = env.get("FLYWHEEL_HOME")
    if home:
        directory = Path(home)
    else:
        data = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        directory = Path(data) / "flywheel"
    return f"sqlite:///{directory / 'flywheel.db'}"


def _log_level(raw: str) -> str:
    level = raw.strip().upper()
    if level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {raw!r}")
    return level


def _int(env: os._Environ[str], name: str) -> int | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None


def _seconds(env: os._Environ[str], name: str) -> float | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if seconds <= 0:
        raise SettingsError(f"{name} must be a number of seconds above 0, got {raw!r}")
    return seconds


def _database_timeout(env: os._Environ[str]) -> float:
    seconds = _seconds(env, "DATABASE_TIMEOUT") or DEFAULT_TIMEOUTS.operation
    try:
        return Timeouts(seconds).operation
    except ValueError as error:
        raise SettingsError(f"DATABASE_TIMEOUT: {error}, got {seconds:g}") from None


def _shard_ids(raw: str, shard_count: int | None) -> tuple[int, ...] | None:
    """This process's shards; they need SHARD_COUNT, and each must be below it."""
    if not raw.strip():
        return None
    try:
        shard_ids = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(
            f"SHARD_IDS must be comma-separated numbers like 0,1, got {raw!r}"
        ) from None
    if shard_count is None:
        raise SettingsError(
            "SHARD_IDS needs SHARD_COUNT, the number of shards across every process: "
            "e.g. SHARD_COUNT=2 with SHARD_IDS=0 in one process and SHARD_IDS=1 in the other"
        )
    outside = [shard_id for shard_id in shard_ids if not 0 <= shard_id < shard_count]
    if outside:
        raise SettingsError(
            f"SHARD_IDS must be between 0 and SHARD_COUNT - 1 ({shard_count - 1}), got {outside}"
        )
    return shard_ids


def _parse_rate(raw: str) -> tuple[int, float] | None:
    raw = raw.strip().lower()
    if raw in {"off", "0", "none"}:
        return None
    count, _, seconds = raw.partition("/")
    try:
        rate = (int(count), float(seconds))
    except ValueError:
        rate = (0, 0.0)
    if rate[0] < 1 or rate[1] <= 0:
        raise SettingsError(
            f"USER_RATE_LIMIT must look like 8/10 (commands/seconds) or off, got {raw!r}"
        )
    return rate


def _database_url(url: str) -> str:
    """The URL as given, once storage has said it can use it."""
    from sqlalchemy.exc import ArgumentError

    from storage.engine import normalize_url

    try:
        normalize_url(url)
    except ValueError as error:
        raise SettingsError(str(error)) from None
    except ArgumentError:
        raise SettingsError(
            f"DATABASE_URL must be a sqlite:/// file or a postgresql:// URL, got {url!r}"
        ) from None
    return url
