import json
import time
from types import SimpleNamespace

from bot import health
from bot.cli import main


class FakeShard:
    """Only the one question health asks of a discord.py shard."""

    def __init__(self, closed: bool) -> None:
        self.closed = closed

    def is_closed(self) -> bool:
        return self.closed


def _bot(*closed: bool, ready: bool = True):
    shards = {i: FakeShard(c) for i, c in enumerate(closed)}
    return SimpleNamespace(shards=shards, is_ready=lambda: ready)


def _status(bot, lag: float = 0.0) -> dict:
    return health.status(bot, lag=lag, interval=5.0)


def test_healthy_only_when_every_shard_is_connected_and_the_loop_is_prompt():
    assert _status(_bot(False, False), lag=0.01)["healthy"]
    assert _status(_bot(False, True))["problems"] == ["shard 1 disconnected"]
    assert _status(_bot(False), lag=health.MAX_LAG + 0.1)["problems"] == ["event loop 0.6 s late"]
    assert _status(_bot(False, ready=False))["problems"] == ["not ready"]
    assert _status(_bot())["problems"] == ["no shards"]


def test_check_reads_a_fresh_heartbeat(tmp_path):
    path = tmp_path / "beat.json"
    path.write_text(json.dumps(_status(_bot(False, False))))
    assert health.check(path) == (True, "healthy: shards [0, 1], loop lag 0.0 s")


def test_check_reports_why_a_fresh_heartbeat_is_unhealthy(tmp_path):
    path = tmp_path / "beat.json"
    path.write_text(json.dumps(_status(_bot(False, True), lag=2.0)))
    assert health.check(path) == (
        False,
        "unhealthy: shard 1 disconnected, event loop 2.0 s late",
    )


def test_check_refuses_a_stale_or_missing_heartbeat(tmp_path):
    path = tmp_path / "beat.json"
    assert health.check(path) == (False, f"no heartbeat at {path}")
    report = _status(_bot(False)) | {"time": time.time() - 16}
    path.write_text(json.dumps(report))
    assert health.check(path) == (False, "stuck: last heartbeat 16 s ago (limit 15 s)")


def test_flywheel_health_exits_non_zero_when_unhealthy(tmp_path, capsys):
    path = tmp_path / "beat.json"
    path.write_text(json.dumps(_status(_bot(False))))
    assert main(["health", "--file", str(path)]) == 0
    path.write_text(json.dumps(_status(_bot(True))))
    assert main(["health", "--file", str(path)]) == 1
    assert "shard 0 disconnected" in capsys.readouterr().err
