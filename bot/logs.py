"""Structured logging: one JSON object per line on stderr, the token scrubbed from each."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RedactFilter(logging.Filter):
    """Replaces a secret wherever it would appear in the formatted line."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "[token]"), None
        if record.exc_info and record.exc_info[1] and self.secret in str(record.exc_info[1]):
            record.exc_info = None
            record.msg = f"{record.msg} (traceback withheld: it contained the token)"
        return True


def setup_logging(level: str, *, secret: str | None = None) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)  # for loggers set lower too (metrics count INFO command lines)
    handler.setFormatter(JsonFormatter())
    if secret:
        handler.addFilter(RedactFilter(secret))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries log what passes through them when verbose: discord.py the gateway's payloads,
    # the database drivers each statement with its parameters (names, notes, plans).
    logging.getLogger("discord").setLevel(max(logging.getLevelName(level), logging.INFO))
    for library in _DATA_LOGGERS:
        logging.getLogger(library).setLevel(max(logging.getLevelName(level), logging.WARNING))


_DATA_LOGGERS = ("aiosqlite", "sqlalchemy", "psycopg")
