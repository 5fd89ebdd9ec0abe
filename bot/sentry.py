"""Optional error reports to Sentry (`SENTRY_DSN`), scrubbed of anything a user typed.

The spec keeps names, notes, plans and option values out of the logs; the same goes for error
reports. Sentry gets the error's type, the stack (code locations, no local variables), the
command's name, the error id the user was shown, and at most the user's id. Messages of
exceptions are withheld (a parse error quotes the input), and so is every log field that is
not on the list below.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from sentry_sdk.types import Event, Hint

KEPT_FIELDS = frozenset({"command", "outcome", "error_id", "latency_ms", "guild_id", "shards"})
WITHHELD = "[withheld: may quote user input]"


def init(dsn: str, *, release: str, **options: Any) -> None:
    """Start reporting (the SDK flushes what is pending when the process exits)."""
    import sentry_sdk
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        release=f"flywheel@{release}",
        data_collection={
            "user_info": False,
            "stack_frame_variables": False,
            "http_bodies": [],
            "database_query_data": False,
        },
        before_send=scrub,
        before_breadcrumb=scrub_breadcrumb,
        integrations=[LoggingIntegration(level=logging.INFO, event_level=logging.ERROR)],
        **options,
    )


def scrub(sent: Event, hint: Hint | None = None) -> Event:
    """Keep what helps find the bug; drop what a user wrote."""
    event = cast(dict[str, Any], sent)
    user_id = (event.get("user") or {}).get("id")
    event.pop("user", None)
    if user_id is not None:
        event["user"] = {"id": str(user_id)}
    event.pop("request", None)
    event["extra"] = _kept(event.get("extra"))
    for exception in (event.get("exception") or {}).get("values") or []:
        if exception.get("value"):
            exception["value"] = WITHHELD
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    entry = event.get("logentry")
    if entry:  # the message as written in the code, without the values put into it
        entry.pop("params", None)
        entry.pop("formatted", None)
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in values or []:
        scrub_breadcrumb(crumb)
    return sent


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    crumb["data"] = _kept(crumb.get("data"))
    return crumb


def _kept(fields: dict[str, Any] | None) -> dict[str, Any]:
    return {key: value for key, value in (fields or {}).items() if key in KEPT_FIELDS}
