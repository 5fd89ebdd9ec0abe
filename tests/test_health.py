import json
import time
from types import SimpleNamespace

from bot import health


class FakeShard:
    """Only the one question health asks of a discord.py shard."""

    def __init__(self, closed: bool) -> None:
        self.closed = closed

    def is_closed(self) -> bool:
        return self.closed


def _bot(*closed: bool, ready: bool = True):
    shards = {i: FakeShard(c) for i, c in enumerate(closed)}
    return SimpleNamespace(shards=shards, is_ready=lambda: ready)


def test_healthy_only_when_every_shard_is_connected_and_the_loop_is_prompt():
    assert health.status(_bot(False, False), lag=0.01)["healthy"]
    assert not health.status(_bot(False, True), lag=0.01)["healthy"]
    assert not health.status(_bot(False), lag=health.MAX_LAG + 0.1)["healthy"]
    assert not health.status(_bot(False, ready=False), lag=0.0)["healthy"]
    assert not health.status(_bot(), lag=0.0)["healthy"]


def test_check_reads_a_fresh_heartbeat(tmp_path):
    path = tmp_path / "beat.json"
    path.write_text(json.dumps(health.status(_bot(False), lag=0.0)))
    healthy, why = health.check(path)
    assert healthy, why


def test_check_refuses_a_stale_or_missing_heartbeat(tmp_path):
    path = tmp_path / "beat.json"
    assert health.check(path) == (False, f"no heartbeat at {path}")
    report = health.status(_bot(False), lag=0.0) | {"time": time.time() - 60}
    path.write_text(json.dumps(report))
    healthy, why = health.check(path, max_age=15)
    assert not healthy
    assert "60 s ago" in why
