"""The Prometheus endpoint, scraped after a short session of commands through the stand-in."""

from __future__ import annotations

import asyncio
import socket
import urllib.request

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics
from bot.settings import Settings
from standin import Status
from standin.interactions import Callback


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def bot_settings(tmp_path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'flywheel.db'}",
        chart_workers=1,
        user_rate=None,
        metrics_port=_free_port(),
    )


def _scrape(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_commands_latency_jobs_database_and_gateway(standin, bot):
    url = f"http://127.0.0.1:{bot.settings.metrics_port}/metrics"
    ok = [await standin.slash("alice", "general", "margin", price="199", unit_cost="185")]
    ok.append(await standin.slash("bob", "general", "margin", price="249", unit_cost="185"))
    refused = await standin.slash("alice", "general", "margin", price="abc", unit_cost="185")
    burst = await asyncio.gather(
        *(
            standin.slash("carol", "general", "critical-mass", price="180-220", unit_cost="230")
            for _ in range(20)
        )
    )
    text = await asyncio.to_thread(_scrape, url)
    samples = _samples(text)

    assert all(o.status is Status.REPLIED and o.embed for o in [*ok, *burst])
    assert refused.ephemeral and "price" in refused.content
    commands = "flywheel_commands_total"
    assert samples[(commands, (("command", "margin"), ("outcome", "ok")))] == 2
    assert samples[(commands, (("command", "margin"), ("outcome", "refused")))] == 1
    assert samples[(commands, (("command", "critical-mass"), ("outcome", "ok")))] == 20
    assert samples[("flywheel_reply_seconds_count", (("command", "margin"),))] == 3
    deferred = sum(o.interaction.callback == Callback.DEFERRED_CHANNEL_MESSAGE for o in burst)
    assert deferred, "the burst never outlasted the deadline: make it longer"
    assert samples[("flywheel_deferrals_total", (("command", "critical-mass"),))] == deferred
    answers = samples[("flywheel_worker_job_seconds_count", (("job", "answer"),))]
    assert answers == 22  # the refused one never reached a worker
    render = samples[("flywheel_worker_job_seconds_sum", (("job", "answer"),))] / answers
    assert 0.005 < render < 3.0
    assert samples[("flywheel_worker_wait_seconds_count", (("job", "answer"),))] == 22
    assert samples[("flywheel_worker_jobs", ())] == 0
    assert samples[("flywheel_database_seconds_count", (("statement", "INSERT"),))] >= 22
    assert samples[("flywheel_database_seconds_count", (("statement", "BEGIN"),))] >= 22
    assert ("flywheel_gateway_latency_seconds", (("shard", "0"),)) in samples
    assert samples[("flywheel_gateway_connected", (("shard", "0"),))] == 1
    assert "alice" not in text and "carol" not in text


def test_buttons_count_by_prefix_not_by_the_ids_they_carry():
    metrics = Metrics()
    metrics.count_command("plan:save:41:7", "error", 12.0)
    metrics.count_command("plan:save:42:9", "refused", float("inf"))
    text = generate_latest(metrics.registry).decode()
    assert 'flywheel_commands_total{command="plan:save",outcome="error"} 1.0' in text
    assert 'flywheel_commands_total{command="plan:save",outcome="refused"} 1.0' in text
    assert ":41" not in text and ":42" not in text
    assert 'flywheel_reply_seconds_count{command="plan:save"} 1.0' in text  # inf is not a time
