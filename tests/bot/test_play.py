"""`flywheel play` against the toy bot: lines in, replies out as a person would see them."""

import json
from types import SimpleNamespace

from bot import play as play_module
from bot.play import play
from bot.settings import Settings
from standin.chatbox import parse_command_line
from tests.standin.toybot import running_toy_bot, tiny_png


async def run(script, tmp_path, **options):
    return await play(
        Settings(), running_toy_bot, script=script, user="alice", out=tmp_path / "out", **options
    )


async def test_a_script_prints_replies_as_a_person_sees_them(tmp_path, capsys):
    script = ["# comments and blank lines are skipped", "", "/chart", "/secret"]
    assert await run(script, tmp_path) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines() == [
        "alice #general> /chart",
        "  Flywheel",
        "    │ **Break-even**",
        "    │ Month 14",
        "    │ Units: 120,000",
        "    │ Cash need: $2.1M",
        "    │ [image: chart.png]",
        "    │ — learning rate 85%",
        "    [Rename] [Hide] [Fork] [Docs ↗ https://example.com/docs]",
        f"    📎 {tmp_path / 'out' / '001-chart.png'} — Cumulative cash by month",
        "alice #general> /secret",
        "  Flywheel · only you can see this",
        "    just for you",
    ]
    assert (tmp_path / "out" / "001-chart.png").read_bytes() == tiny_png()


async def test_teammates_click_and_fill_in_forms(tmp_path, capsys):
    script = [
        "/chart",
        ":as bob",
        ":click fork",
        ":click Rename",
        ':fill new name:Q3 launch note:"cheaper: by 10%"',
        ":as dave",
        ":in Side Project/general",
        "/secret",
    ]
    assert await run(script, tmp_path) == 0
    printed = capsys.readouterr().out
    assert (
        "bob #general> :click fork\n  Flywheel · only you can see this\n    bob forked plan 7"
        in printed
    )
    assert (
        "  Flywheel opened a form: Rename the chart\n    New name (required, up to 20 char"
        in printed
    )
    assert "  Flywheel · updated the message\n    Renamed to Q3 launch (cheaper: by 10%)" in printed
    assert "dave Side Project#general> /secret" in printed


async def test_mistakes_are_told_and_the_session_goes_on(tmp_path, capsys):
    script = [
        "/calc label:x count:1.5 ratio:1",
        "/calc label:x ratio:1",
        "/nope",
        ":fill name:x",
        ":click Nothing",
        ":dance",
        "/calc label:ok count:1 ratio:1",
    ]
    assert await run(script, tmp_path) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if "✗" in line]
    assert errors == [
        "  ✗ count must be a whole number, got '1.5'",
        "  ✗ /calc needs count",
        "  ✗ unknown command /nope (commands: /announce, /calc, /chart, /countdown, /dm-me,"
        " /later, /oops, /ping, /plan, /secret, /shard, /sleepy, /slow, /too-long, /whereami)",
        "  ✗ no form is open for you: a button opens one",
        "  ✗ no message you can see in #general has a button 'Nothing'",
        "  ✗ unknown action :dance (:help lists them)",
    ]


async def test_autocomplete_suggestions(tmp_path, capsys):
    script = [
        "/plan save name:Q3 plan price:1",
        "/plan save name:Launch price:2",
        ":suggest /plan show name:q",
        ":suggest /plan show",
    ]
    assert await run(script, tmp_path) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[-3:] == [
        "  suggestions: Q3 plan",
        "alice #general> :suggest /plan show",
        "  ✗ type the option to complete, e.g. /margin scenario:Ph",
    ]


async def test_the_last_file_the_bot_sent_can_be_attached(tmp_path, capsys):
    assert await run(["/chart", "/calc label:a count:1 ratio:1 file:@last.png"], tmp_path) == 0
    assert "with 001-chart.png (71 bytes: b'\\x89PNG" in capsys.readouterr().out


async def test_json_lines_for_scripts(tmp_path, capsys):
    assert (
        await run(
            ["/chart", "/slow private:yes", "/calc label:a count:x ratio:1"], tmp_path, as_json=True
        )
        == 1
    )
    chart, slow, error = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert chart["status"] == "replied" and not chart["ephemeral"]
    assert chart["message"]["embeds"][0]["title"] == "Break-even"
    assert chart["message"]["attachments"] == [
        {
            "filename": "chart.png",
            "description": "Cumulative cash by month",
            "content_type": "image/png",
            "size": len(tiny_png()),
            "path": str(tmp_path / "out" / "001-chart.png"),
        }
    ]
    assert [b["label"] for b in chart["message"]["components"][0]["components"]] == [
        "Rename",
        "Hide",
        "Fork",
        "Docs",
    ]
    assert slow["ephemeral"] and slow["message"]["content"] == "done thinking"
    assert 0 < slow["acknowledged_after"] < slow["replied_after"]
    assert error == {
        "line": "/calc label:a count:x ratio:1",
        "user": "alice",
        "error": "count must be a whole number, got 'x'",
    }


async def test_errors_the_bot_logs_are_reported(tmp_path, capsys):
    assert await run(["/oops", "/secret"], tmp_path) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[:4] == [
        "alice #general> /oops",
        "  Flywheel",
        "    working on it",
        "  ! the bot logged an error: Ignoring exception in command 'oops'",
    ]


def test_the_tour_covers_every_command_and_parses():
    tour = play_module.resources.files("bot").joinpath("demo.txt").read_text().splitlines()
    commands = [line for line in tour if line.startswith("/")]
    typed = {
        parse_command_line(line, lambda command: OPTIONS.get(command, ALL)).command
        for line in commands
    }
    assert typed == set(OPTIONS)
    assert ":as bob" in tour and any(line.startswith("/scenario fork") for line in tour)


ALL = [
    "price",
    "unit_cost",
    "tooling",
    "rnd",
    "volume",
    "selling_cost",
    "services_arpu",
    "paying_share",
    "services_margin",
    "retention",
    "learning_rate",
    "launch_volume",
    "peak_volume",
    "ramp_months",
    "fixed_monthly",
    "horizon_months",
    "retail_margin",
    "distributor_margin",
    "marketing",
    "direct_costs",
    "market_size",
    "p",
    "q",
    "critical_share",
    "reference_volume",
    "discount_rate",
    "currency",
    "seed",
    "scenario",
    "save_as",
    "metric",
    "name",
    "new_name",
    "first",
    "second",
    "third",
    "fourth",
    "file",
    "input",
    "question",
    "decision",
    "month",
    "units",
    "cash",
    "overwrite",
]
OPTIONS = {
    name: ALL
    for name in (
        "help",
        "playbook",
        "margin",
        "services",
        "critical-mass",
        "direct-sales",
        "growth",
        "sensitivity",
        "scenario save",
        "scenario list",
        "scenario show",
        "scenario history",
        "scenario compare",
        "scenario rename",
        "scenario delete",
        "scenario share",
        "scenario fork",
        "scenario export",
        "scenario import",
        "forget-me",
        "estimate",
        "decide",
        "decisions",
        "actuals",
    )
}


def test_main_reads_the_demo_and_logs_to_the_output_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    args = SimpleNamespace(out="out", demo=False, script=None, json=False, user="carol")
    script = tmp_path / "lines.txt"
    script.write_text("/secret\n")
    args.script = str(script)
    assert play_module.main(args, Settings(), running_toy_bot) == 0
    assert "carol #general> /secret" in capsys.readouterr().out
    assert (tmp_path / "out" / "play.log").exists()


async def test_talking_in_the_channel_threads_and_dms(tmp_path, capsys):
    script = [
        "/calc label:Q3 count:1 ratio:2",
        ":reply what if price 249?",
        ":reply-silent what if price 199?",
        "@Flywheel hello",
        "just chatting",
        ":menu What if…",
        ":thread Discuss",
        "@Flywheel in the thread",
        ":dm",
        "hi there",
    ]
    assert await run(script, tmp_path) == 0
    printed = capsys.readouterr().out
    heard = "  Flywheel\n    heard {!r} from alice"
    assert f":reply what if price 249?\n{heard.format('what if price 249?')}\n" in printed
    assert ":reply-silent what if price 199?\n  (no reply)\n" in printed
    assert f"#general> @Flywheel hello\n{heard.format('hello')}\n" in printed
    assert "#general> just chatting\n  (no reply)\n" in printed
    assert (
        ":menu What if…\n  Flywheel · only you can see this\n"
        "    what if on Flywheel's \"heard 'hello' from alice\"\n"
    ) in printed
    assert (
        "  you started and are now in the thread 'Discuss' in #general (Flywheel HQ)\n" in printed
    )
    assert (
        f"alice #general › Discuss> @Flywheel in the thread\n{heard.format('in the thread')}\n"
    ) in printed
    assert f"alice DM with Flywheel> hi there\n{heard.format('hi there')}\n" in printed


async def test_conversation_lines_need_something_to_answer(tmp_path, capsys):
    assert await run([":reply what if?", ":menu What if…", ":thread Talk"], tmp_path) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if "✗" in line]
    assert errors == ["  ✗ Flywheel has posted nothing here yet"] * 3


def test_the_help_lists_the_conversation_lines():
    for line in (":reply TEXT", ":reply-silent TEXT", "@Flywheel TEXT", ":menu NAME", ":dm"):
        assert line in play_module.HELP


async def test_json_lines_for_messages(tmp_path, capsys):
    script = ["/calc label:Q3 count:1 ratio:2", ":reply what if?", "nobody listens"]
    assert await run(script, tmp_path, as_json=True) == 0
    _, reply, unaddressed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [answer["content"] for answer in reply["answers"]] == ["heard 'what if?' from alice"]
    assert unaddressed == {
        "line": "nobody listens",
        "user": "alice",
        "channel": "#general",
        "answers": [],
    }


async def test_the_real_bot_answers_on_a_second_run_over_a_lasting_database(tmp_path, capsys):
    """The command registration remembered in the database belongs to the last stand-in."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'lasting.db'}")
    for _ in range(2):
        assert (
            await play(
                settings, play_module._real_bot(), script=["/help"], user="alice", out=tmp_path
            )
            == 0
        )
    printed = capsys.readouterr().out
    assert "unknown command" not in printed
    assert printed.count("alice #general> /help") == 2
