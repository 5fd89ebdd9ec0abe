import json
import logging

from bot.logs import JsonFormatter, RedactFilter, setup_logging


def _format(record: logging.LogRecord, secret: str = "s3cret.TOKEN") -> str:
    RedactFilter(secret).filter(record)
    return JsonFormatter().format(record)


def test_one_json_object_per_line_with_extra_fields():
    record = logging.makeLogRecord(
        {
            "name": "flywheel.command",
            "levelname": "INFO",
            "levelno": 20,
            "msg": "done",
            "command": "margin",
            "latency_ms": 12.5,
        }
    )
    line = _format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "done"
    assert entry["command"] == "margin"
    assert entry["latency_ms"] == 12.5


def test_token_never_reaches_the_line():
    record = logging.makeLogRecord(
        {"msg": "logging in with %s", "args": ("s3cret.TOKEN",), "levelname": "INFO"}
    )
    line = _format(record)
    assert "s3cret.TOKEN" not in line
    assert "[token]" in line


def test_traceback_containing_the_token_is_withheld():
    try:
        raise RuntimeError("bad header: Bot s3cret.TOKEN")
    except RuntimeError:
        import sys

        record = logging.makeLogRecord({"msg": "failed", "exc_info": sys.exc_info()})
    line = _format(record)
    assert "s3cret.TOKEN" not in line
    assert "traceback withheld" in line


def test_log_level_holds_even_for_loggers_set_lower(capsys):
    """Metrics set `flywheel.command` to INFO to count its lines; LOG_LEVEL still decides output."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    command_log = logging.getLogger("flywheel.command")
    try:
        setup_logging("WARNING")
        command_log.setLevel(logging.INFO)
        command_log.info("command answered", extra={"command": "margin", "outcome": "ok"})
        command_log.warning("could not tell the user about an error")
        lines = capsys.readouterr().err.strip().splitlines()
    finally:
        command_log.setLevel(logging.NOTSET)
        root.handlers[:] = handlers
        root.setLevel(level)
    assert [json.loads(line)["message"] for line in lines] == [
        "could not tell the user about an error"
    ]
