"""Error reports reach Sentry with the command and error id, and nothing a user typed."""

from __future__ import annotations

import json
import logging

import sentry_sdk
from sentry_sdk.transport import Transport

from bot import sentry

NAME, NOTES, PRICE, USER = "Phone launch", "secret launch notes", "199", "alice"
TYPED = [NAME, NOTES, PRICE, USER]


SENT: list[dict] = []


class Captured(Transport):
    """Keeps the events the SDK would send to Sentry, in SENT."""

    def capture_envelope(self, envelope) -> None:
        for item in envelope.items:
            if item.type == "event":
                SENT.append(json.loads(item.get_bytes()))


def test_a_command_bug_is_reported_without_user_text():
    sentry.init("https://public@sentry.invalid/1", release="test", transport=Captured)
    try:
        sentry_sdk.set_user({"id": 42, "username": USER, "ip_address": "10.0.0.1"})
        log = logging.getLogger("flywheel.command")
        log.info("command refused", extra={"reason": f"a scenario named {NAME!r} exists"})
        try:
            raise ValueError(f"could not read {NOTES!r} for {NAME!r} at {PRICE}")
        except ValueError as error:
            log.error(
                "command failed",
                exc_info=error,
                extra={
                    "command": "scenario save",
                    "outcome": "error",
                    "error_id": "beef1234",
                    "options": {"name": NAME, "notes": NOTES},
                    "plan": {"price": PRICE},
                },
            )
        sentry_sdk.flush()
    finally:
        sentry_sdk.get_client().close()

    (event,) = SENT
    text = json.dumps(event)
    assert [typed for typed in TYPED if typed in text] == []
    assert event["user"] == {"id": "42"}
    assert event["extra"] == {
        "command": "scenario save",
        "outcome": "error",
        "error_id": "beef1234",
    }
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "ValueError" and exception["value"] == sentry.WITHHELD
    assert exception["stacktrace"]["frames"][-1]["function"] == (
        "test_a_command_bug_is_reported_without_user_text"
    )
