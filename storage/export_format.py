"""The export file: what `/scenario export` writes and `/scenario import` reads back."""

from __future__ import annotations

import json
from typing import Any

from storage.errors import InvalidInput
from storage.rules import clean_name, clean_notes, parse_plan, shown
from storage.sessions import now

EXPORT_FORMAT = "flywheel-export"
EXPORT_VERSION = 1


def export_document(actor: int, rows: list[Any], last_plan: str | None) -> dict[str, Any]:
    """Everything stored about the actor, ready for `json.dumps` (IDs as strings)."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "user_id": str(actor),
        "exported_at": now().isoformat(),
        "scenarios": [_exported(row) for row in rows],
        "last_plan": json.loads(last_plan) if last_plan else None,
    }


def _exported(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "plan": json.loads(row.plan),
        "notes": row.notes,
        "shared": None
        if row.guild_id is None
        else {
            "guild_id": str(row.guild_id),
            "channel_id": str(row.channel_id),
            "shared_at": row.shared_at.isoformat() if row.shared_at else None,
        },
        "forked_from_id": row.forked_from_id,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }


def export_items(data: object) -> list[Any]:
    """The exported scenarios of a file, after checking it is an export this version reads."""
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise InvalidInput("That isn't a Flywheel export: it needs a list of scenarios.")
    if data.get("format", EXPORT_FORMAT) != EXPORT_FORMAT:
        raise InvalidInput(
            f"That file's format is {shown(repr(data['format']))}, not a Flywheel export."
        )
    version = data.get("version", EXPORT_VERSION)
    if version != EXPORT_VERSION:
        raise InvalidInput(
            f"That export has version {shown(repr(version))}; "
            f"this Flywheel reads version {EXPORT_VERSION}."
        )
    items: list[Any] = data["scenarios"]
    return items


def import_item(number: int, item: object) -> tuple[str, str, str | None]:
    """(name, plan JSON, notes) of one exported scenario, each checked as `save` checks them."""
    where = f"Scenario {number} in the file"
    if not isinstance(item, dict):
        raise InvalidInput(f"{where} isn't an object with a name and a plan.")
    try:
        name = clean_name(item.get("name"))
        plan = item.get("plan")
        plan_text = parse_plan(plan if isinstance(plan, str) else json.dumps(plan)).to_json()
        return name, plan_text, clean_notes(item.get("notes"))
    except InvalidInput as error:
        raise InvalidInput(f"{where}: {error}") from error
