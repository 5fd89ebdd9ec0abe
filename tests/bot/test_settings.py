import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, default_database_url


def test_defaults_need_no_token(monkeypatch):
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "SHARD_IDS", "SHARD_COUNT", "CHART_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env(dotenv=False)
    assert settings.token is None
    assert settings.database_url == default_database_url(os.environ)
    assert settings.chart_workers == 2
    with pytest.raises(SettingsError, match=r"DISCORD_TOKEN is not set.*\.env"):
        settings.require_token()


def test_reads_every_setting(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    monkeypatch.setenv("DEV_GUILD_ID", "9223372036854775807")
    monkeypatch.setenv("SHARD_COUNT", "4")
    monkeypatch.setenv("SHARD_IDS", "2, 3")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = Settings.from_env(dotenv=False)
    assert settings.require_token() == "abc"
    assert settings.dev_guild_id == 2**63 - 1
    assert settings.shard_count == 4
    assert settings.shard_ids == (2, 3)
    assert settings.log_level == "DEBUG"
    assert settings.user_rate == (8, 10.0)


@pytest.mark.parametrize(
    ("raw", "rate"), [("5/60", (5, 60.0)), ("off", None), (" 3/1.5 ", (3, 1.5))]
)
def test_user_rate_limit(monkeypatch, raw, rate):
    monkeypatch.setenv("USER_RATE_LIMIT", raw)
    assert Settings.from_env(dotenv=False).user_rate == rate


@pytest.mark.parametrize("raw", ["fast", "0/10", "5/0", "5/"])
def test_bad_user_rate_limit_names_the_setting(monkeypatch, raw):
    monkeypatch.setenv("USER_RATE_LIMIT", raw)
    with pytest.raises(SettingsError, match="USER_RATE_LIMIT"):
        Settings.from_env(dotenv=False)


@pytest.mark.parametrize(
    ("count", "ids", "error"),
    [
        ("2", "zero,one", "SHARD_IDS must be comma-separated numbers"),
        ("", "0", "SHARD_IDS needs SHARD_COUNT"),
        ("2", "1,2", r"SHARD_IDS must be between 0 and SHARD_COUNT - 1 \(1\), got \[2\]"),
        ("0", "", "SHARD_COUNT must be 1 or more"),
        ("two", "", "SHARD_COUNT must be a whole number"),
    ],
)
def test_bad_shards_name_the_setting_and_the_fix(monkeypatch, count, ids, error):
    monkeypatch.setenv("SHARD_COUNT", count)
    monkeypatch.setenv("SHARD_IDS", ids)
    with pytest.raises(SettingsError, match=error):
        Settings.from_env(dotenv=False)


def test_health_interval(monkeypatch):
    monkeypatch.setenv("HEALTH_INTERVAL", "0.5")
    assert Settings.from_env(dotenv=False).health_interval == 0.5
    monkeypatch.setenv("HEALTH_INTERVAL", "0")
    with pytest.raises(SettingsError, match="HEALTH_INTERVAL must be a number of seconds"):
        Settings.from_env(dotenv=False)


def test_run_without_token_is_one_clear_line(tmp_path):
    repo = Path(__file__).resolve().parents[2]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "DISCORD_TOKEN is not set" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("url", ["mysql://db/flywheel", "not a url"])
def test_unusable_database_url_names_the_setting(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(SettingsError, match="DATABASE_URL must be a sqlite:/// file"):
        Settings.from_env(dotenv=False)


def test_default_database_is_in_the_data_directory_not_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("FLYWHEEL_HOME", str(tmp_path / "home"))
    assert Settings.from_env(dotenv=False).database_url == f"sqlite:///{tmp_path}/home/flywheel.db"
    monkeypatch.delenv("FLYWHEEL_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert (
        Settings.from_env(dotenv=False).database_url
        == f"sqlite:///{tmp_path}/xdg/flywheel/flywheel.db"
    )


def test_operations_settings(monkeypatch):
    monkeypatch.setenv("METRICS_PORT", "9108")
    monkeypatch.setenv("SHUTDOWN_GRACE", "5")
    monkeypatch.setenv("SENTRY_DSN", "https://key@sentry.example/1")
    settings = Settings.from_env(dotenv=False)
    assert (settings.metrics_host, settings.metrics_port) == ("127.0.0.1", 9108)
    assert settings.shutdown_grace == 5.0
    assert settings.sentry_dsn == "https://key@sentry.example/1"
    monkeypatch.setenv("METRICS_HOST", "0.0.0.0")
    assert Settings.from_env(dotenv=False).metrics_host == "0.0.0.0"
    for name in ("METRICS_PORT", "SHUTDOWN_GRACE", "SENTRY_DSN"):
        monkeypatch.delenv(name)
    settings = Settings.from_env(dotenv=False)
    assert (settings.metrics_port, settings.shutdown_grace, settings.sentry_dsn) == (
        None,
        20.0,
        None,
    )


@pytest.mark.parametrize(
    ("name", "raw", "error"),
    [
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got 'loud'"),
        ("CHART_WORKERS", "0", "CHART_WORKERS must be 1 or more"),
        ("CHART_WORKERS", "-3", "CHART_WORKERS must be 1 or more"),
        ("METRICS_PORT", "99999", "METRICS_PORT must be a port number"),
        ("SHUTDOWN_GRACE", "-1", "SHUTDOWN_GRACE must be a number of seconds"),
    ],
)
def test_bad_operations_settings_name_the_setting(monkeypatch, name, raw, error):
    monkeypatch.setenv(name, raw)
    with pytest.raises(SettingsError, match=re.escape(error)):
        Settings.from_env(dotenv=False)


def _flywheel(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    repo = Path(__file__).resolve().parents[2]
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(repo)}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", *args],
        cwd=tmp_path,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_bad_log_level_is_one_line_not_a_traceback(tmp_path):
    done = _flywheel("db", "upgrade", tmp_path=tmp_path, LOG_LEVEL="loud")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "flywheel: LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got 'loud'"
    )


def test_flywheel_alone_prints_usage_and_version_prints_the_version(tmp_path):
    from importlib.metadata import version

    alone = _flywheel(tmp_path=tmp_path)
    assert alone.returncode == 2
    assert alone.stderr.startswith("usage: flywheel")
    assert "run" in alone.stderr and "Traceback" not in alone.stderr
    shown = _flywheel("--version", tmp_path=tmp_path)
    assert shown.returncode == 0
    assert shown.stdout.strip() == f"flywheel {version('flywheel-bot')}"


def test_database_timeout(monkeypatch):
    monkeypatch.delenv("DATABASE_TIMEOUT", raising=False)
    assert Settings.from_env(dotenv=False).database_timeouts.operation == 2.0
    monkeypatch.setenv("DATABASE_TIMEOUT", "0.5")
    timeouts = Settings.from_env(dotenv=False).database_timeouts
    assert (timeouts.operation, timeouts.lock_ms) == (0.5, 375)
    for bad in ("0", "soon", "1000"):
        monkeypatch.setenv("DATABASE_TIMEOUT", bad)
        with pytest.raises(SettingsError, match="DATABASE_TIMEOUT"):
            Settings.from_env(dotenv=False)
