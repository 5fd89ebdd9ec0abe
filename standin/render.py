"""What a person sees, as text: a reply's embed, fields, footer, buttons and files; or as JSON.

`saved` maps an attachment's ID to where its file was written, so the path can be shown.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from standin.interactions import Status
from standin.messages import Attachment, Button, Message
from standin.modals import Modal
from standin.outcome import Outcome

BAR = "  │ "
LINK_STYLE = 5
TIMESTAMP = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")
TIMESTAMP_FORMATS = {
    "t": "%H:%M",
    "T": "%H:%M:%S",
    "d": "%Y-%m-%d",
    "D": "%d %B %Y",
    "f": "%d %B %Y %H:%M",
    "F": "%A, %d %B %Y %H:%M",
}


def describe(outcome: Outcome, saved: Mapping[int, str], bot_name: str) -> str:
    """The outcome of one command, click or form, the way the user sees it."""
    status = outcome.status
    if status is Status.NO_RESPONSE:
        lines = ["The application did not respond"]
    elif status is Status.THINKING:
        lines = [f"{bot_name} is thinking…"]
    elif status is Status.ACKNOWLEDGED:
        lines = ["(nothing changed)"]
    elif status is Status.MODAL:
        assert outcome.modal is not None
        lines = [describe_modal(outcome.modal, bot_name)]
    else:
        assert outcome.message is not None
        updated = outcome.message is outcome.interaction.source_message
        lines = [describe_message(outcome.message, saved, bot_name, updated=updated)]
    lines += [describe_message(message, saved, bot_name) for message in outcome.followups]
    lines += [f"  ! Discord refused the bot: {error}" for error in outcome.errors]
    return "\n".join(lines)


def describe_message(
    message: Message, saved: Mapping[int, str], bot_name: str, *, updated: bool = False
) -> str:
    notes = [
        "only you can see this" if message.ephemeral else "",
        "updated the message" if updated else "",
        "edited" if message.edited_at and not updated else "",
    ]
    heading = bot_name + "".join(f" · {note}" for note in notes if note)
    if message.deleted:
        return f"{heading}\n  (deleted)"
    lines = [f"  {line}" for line in message.content.splitlines()]
    for embed in message.embeds:
        lines += _embed_lines(embed)
    lines = [heading, *(as_shown(line) for line in lines)]
    if message.buttons:
        lines.append("  " + " ".join(_button_text(button) for button in message.buttons))
    lines += [_attachment_line(attachment, saved) for attachment in message.attachments]
    return "\n".join(lines)


def describe_modal(modal: Modal, bot_name: str) -> str:
    lines = [f"{bot_name} opened a form: {modal.title}"]
    for field in modal.fields:
        details = ["required" if field.required else "optional"]
        details.append(f"up to {field.max_length} characters")
        if field.value:
            details.append(f"now {field.value!r}")
        lines.append(f"  {field.label} ({', '.join(details)})")
    example = " ".join(f"{field.label.lower()}:…" for field in modal.fields[:2])
    lines.append(f"  fill it in with  :fill {example}")
    return "\n".join(lines)


def outcome_json(outcome: Outcome, saved: Mapping[int, str]) -> dict[str, Any]:
    """The outcome for scripts: the message payload the bot sent, and where its files went."""
    return {
        "status": outcome.status.value,
        "ephemeral": outcome.ephemeral,
        "message": message_json(outcome.message, saved) if outcome.message else None,
        "followups": [message_json(message, saved) for message in outcome.followups],
        "modal": _modal_json(outcome.modal) if outcome.modal else None,
        "errors": [error.payload() | {"status": error.status} for error in outcome.errors],
        "acknowledged_after": outcome.acknowledged_after,
        "replied_after": outcome.replied_after,
    }


def message_json(message: Message, saved: Mapping[int, str]) -> dict[str, Any]:
    payload = message.sent_payload()
    payload["ephemeral"] = message.ephemeral
    payload["attachments"] = [
        {
            "filename": attachment.filename,
            "description": attachment.description,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "path": saved.get(attachment.id),
        }
        for attachment in message.attachments
    ]
    return payload


def _modal_json(modal: Modal) -> dict[str, Any]:
    return {
        "title": modal.title,
        "fields": [
            {"label": f.label, "required": f.required, "max_length": f.max_length, "value": f.value}
            for f in modal.fields
        ],
    }


def _embed_lines(embed: dict[str, Any]) -> list[str]:
    lines = []
    author = (embed.get("author") or {}).get("name")
    if author:
        lines.append(author)
    if embed.get("title"):
        lines.append(f"**{embed['title']}**")
    lines += (embed.get("description") or "").splitlines()
    for field in embed.get("fields") or []:
        value = field.get("value", "").splitlines() or [""]
        lines.append(f"{field.get('name')}: {value[0]}")
        lines += [f"  {more}" for more in value[1:]]
    for key in ("image", "thumbnail"):
        url = (embed.get(key) or {}).get("url", "")
        if url:
            lines.append(f"[{key}: {url.removeprefix('attachment://')}]")
    footer = (embed.get("footer") or {}).get("text")
    if footer:
        lines.append(f"— {footer}")
    return [BAR + line for line in lines]


def as_shown(text: str) -> str:
    """Text with Discord's markup that clients replace shown as replaced: timestamps."""
    return TIMESTAMP.sub(_timestamp, text)


def _timestamp(match: re.Match[str]) -> str:
    """Discord's `<t:seconds:style>` as the reader's client shows it ("2 minutes ago")."""
    seconds, style = int(match[1]), match[2] or "f"
    if style != "R":
        return datetime.fromtimestamp(seconds).strftime(TIMESTAMP_FORMATS[style])
    ago = round(time.time()) - seconds
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second")):
        count = abs(ago) // size
        if count:
            amount = f"{count} {unit}{'s' if count > 1 else ''}"
            return f"{amount} ago" if ago > 0 else f"in {amount}"
    return "just now"


def _button_text(button: Button) -> str:
    text = button.text
    if button.style == LINK_STYLE:
        text += f" ↗ {button.url}"
    if button.disabled:
        text += " (disabled)"
    return f"[{text}]"


def _attachment_line(attachment: Attachment, saved: Mapping[int, str]) -> str:
    where = saved.get(attachment.id, attachment.filename)
    about = f" — {attachment.description}" if attachment.description else ""
    return f"  📎 {where}{about}"
