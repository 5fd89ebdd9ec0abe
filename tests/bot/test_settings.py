import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError


def test_defaults_need_no_token(monkeypatch):
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "SHARD_IDS", "SHARD_COUNT", "CHART_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env(dotenv=False)
    assert settings.token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
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
