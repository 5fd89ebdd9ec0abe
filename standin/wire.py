"""The wire format of Discord's REST API: reading a request's JSON or multipart body and path
parameters, and answering with JSON discord.py will parse."""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import hdrs, web

from standin import errors
from standin.errors import DiscordError
from standin.messages import MessageBody, UploadedFile
from standin.rules import Problem

FILE_PART = re.compile(r"files\[(\d+)\]")
BODY = web.RequestKey("body", object)
FILES = web.RequestKey("files", list)
JSON = web.ResponseKey("json", object)


def answer(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON answer discord.py will parse: exactly `application/json`, no charset."""
    response = web.Response(
        body=json.dumps(data).encode(),
        status=status,
        content_type="application/json",
        headers=headers,
    )
    response[JSON] = data
    return response


async def read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    """The JSON body, or a multipart body's decoded `payload_json` and its `files[n]`."""
    if not request.can_read_body:
        return None, []
    if request.content_type == "multipart/form-data":
        fields: Any = {}
        files = []
        reader = await request.multipart()
        async for part in reader:
            name = getattr(part, "name", None)
            if name == "payload_json":
                fields = json_body(await part.text())  # type: ignore[union-attr]
            elif name and (match := FILE_PART.fullmatch(name)):
                data = await part.read(decode=False)  # type: ignore[union-attr]
                content_type = part.headers.get(hdrs.CONTENT_TYPE)
                filename = getattr(part, "filename", None) or f"file{match[1]}"
                files.append(UploadedFile(int(match[1]), filename, bytes(data), content_type))
        return fields, files
    return json_body(await request.text()), []


def json_body(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise DiscordError(400, 50109, "The request body contains invalid JSON.") from None


def message_body(request: web.Request) -> MessageBody:
    fields = request[BODY]
    if not isinstance(fields, dict):
        raise DiscordError(400, 50109, "The request body contains invalid JSON.")
    return MessageBody(fields, request[FILES])


def snowflake(request: web.Request, name: str) -> int:
    value = request.match_info[name]
    if not value.isdigit():
        problem = Problem((name,), "NUMBER_TYPE_COERCE", f"Value {value!r} is not snowflake.")
        raise errors.invalid_form([problem])
    return int(value)


def webhook(request: web.Request) -> tuple[int, str]:
    return snowflake(request, "webhook_id"), request.match_info["webhook_token"]


def message_id(request: web.Request) -> str:
    return request.match_info.get("message_id", "@original")
