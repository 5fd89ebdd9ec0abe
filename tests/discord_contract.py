"""Discord's contract: check recorded requests (and the stand-in's answers) against Discord's own
OpenAPI description in `<repo>/../shared/discord-api-spec/`, plus the rules it leaves out.

The schema per request follows the folder's README: command registration is an array of
`ApplicationCommandUpdateRequest`, an interaction callback is chosen by its `type`, a followup is
`IncomingWebhookRequestPartial`, an edit `IncomingWebhookUpdateRequestPartial`. Other requests and
every answer use the operation's own schema. The description allows keys it does not list, so
every object schema is closed here (`unevaluatedProperties: false`) to catch misspelt keys.
Extra rules: command and option names, the 6,000 characters shared by a message's embeds.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from standin.rest import RecordedRequest
from standin.rules import CHAT_INPUT, EMBED_TOTAL_LIMIT, embed_text_size, is_valid_name

REPO_ROOT = Path(__file__).resolve().parent.parent
SPEC_DIR = REPO_ROOT.parent / "shared" / "discord-api-spec"
SPEC_FILE = SPEC_DIR / "openapi.json"
SPEC_URI = "urn:discord-openapi"
CALLBACK_SCHEMAS = {
    4: "CreateMessageInteractionCallbackRequest",
    5: "CreateMessageInteractionCallbackRequest",
    6: "UpdateMessageInteractionCallbackRequest",
    7: "UpdateMessageInteractionCallbackRequest",
    8: "ApplicationCommandAutocompleteCallbackRequest",
    9: "ModalInteractionCallbackRequest",
}
CALLBACK_ROUTE = "/interactions/{interaction_id}/{interaction_token}/callback"
FOLLOWUP_ROUTE = "/webhooks/{webhook_id}/{webhook_token}"
MESSAGE_ROUTES = (
    "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
    "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
)
# Keys discord.py 2.7 sends that Discord accepts but its description does not list.
ACCEPTED_UNLISTED = {
    "ApplicationCommandUpdateRequest": {"nsfw": {"type": ["boolean", "null"]}},
    "RichEmbed": {"flags": {"type": ["integer", "null"]}},
    "IncomingWebhookUpdateRequestPartial": {"tts": {"type": ["boolean", "null"]}},
    "IncomingWebhookUpdateForInteractionCallbackRequestPartial": {
        "tts": {"type": ["boolean", "null"]}
    },
    "MessageEditRequestPartial": {"tts": {"type": ["boolean", "null"]}},
}
# Discord's form errors name each problem with a string code (`BASE_TYPE_MAX_LENGTH`); the
# description types every error code as an integer.
FIELD_ERROR = {
    "type": "object",
    "properties": {"code": {"type": ["string", "integer"]}, "message": {"type": "string"}},
    "required": ["code", "message"],
}
COMMAND_ROUTES = (
    "/applications/{application_id}/commands",
    "/applications/{application_id}/guilds/{guild_id}/commands",
)


def missing_reason() -> str | None:
    """Why the contract cannot be checked here, or None when it can."""
    if SPEC_FILE.is_file():
        return None
    return f"Discord's OpenAPI description is not at {SPEC_FILE} (the team's shared folder)"


@cache
def contract() -> DiscordContract:
    return DiscordContract(json.loads(SPEC_FILE.read_text()))


class DiscordContract:
    """Validators built from one OpenAPI document."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = _closed(spec)
        resource = Resource.from_contents(self.spec, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(SPEC_URI, resource)

    def request_problems(self, request: RecordedRequest) -> list[str]:
        if request.route is None:
            return [f"no such route in the stand-in ({request.method} {request.path})"]
        schema = self.request_schema(request)
        if schema is None:
            return []
        body = _as_discord_reads_it(request.body)
        problems = self._validate(schema, body)
        return problems + extra_rule_problems(request.route, request.method, body)

    def response_problems(self, request: RecordedRequest) -> list[str]:
        if request.route is None or request.response is None:
            return []
        schema = self.response_schema(request)
        if schema is None:
            return [f"Discord documents no {request.status} answer for this route"]
        return self._validate(schema, request.response)

    def request_schema(self, request: RecordedRequest) -> dict[str, Any] | None:
        route, method, body = request.route, request.method, request.body
        if route == CALLBACK_ROUTE and method == "POST" and isinstance(body, dict):
            name = CALLBACK_SCHEMAS.get(body.get("type"))  # type: ignore[arg-type]
            return _ref(name) if name else {"not": {}, "description": "unknown callback type"}
        if route == FOLLOWUP_ROUTE and method == "POST":
            return _ref("IncomingWebhookRequestPartial")
        if route in MESSAGE_ROUTES and method == "PATCH":
            return _ref("IncomingWebhookUpdateRequestPartial")
        operation = self._operation(request)
        content = (operation.get("requestBody") or {}).get("content") or {}
        return content.get("application/json", {}).get("schema")

    def response_schema(self, request: RecordedRequest) -> dict[str, Any] | None:
        responses = self._operation(request).get("responses", {})
        answer = responses.get(str(request.status)) or responses.get(f"{request.status // 100}XX")
        if answer is None:
            return None
        if "$ref" in answer:
            answer = self._pointer(answer["$ref"])
        return (answer.get("content") or {}).get("application/json", {}).get("schema")

    def _operation(self, request: RecordedRequest) -> dict[str, Any]:
        path = self.spec["paths"].get(request.route or "", {})
        return path.get(request.method.lower(), {})

    def _pointer(self, ref: str) -> dict[str, Any]:
        node: Any = self.spec
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node

    def _validate(self, schema: dict[str, Any], instance: Any) -> list[str]:
        return list(self._problems(json.dumps(schema), json.dumps(instance, sort_keys=True)))

    @lru_cache(maxsize=4096)  # noqa: B019 - one contract per session; bots resend the same bodies
    def _problems(self, schema: str, instance: str) -> tuple[str, ...]:
        validator = Draft202012Validator(
            _rebased(json.loads(schema)),
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = list(validator.iter_errors(json.loads(instance)))
        if not errors:
            return ()
        error = best_match(errors)
        where = "/".join(str(part) for part in error.absolute_path) or "body"
        return (f"{where}: {error.message[:300]}",)


def extra_rule_problems(route: str, method: str, body: Any) -> list[str]:
    """Rules Discord enforces that its OpenAPI description does not state."""
    problems = []
    if route in COMMAND_ROUTES and method == "PUT" and isinstance(body, list):
        for command in body:
            slash = command.get("type", CHAT_INPUT) == CHAT_INPUT
            for name in _names(command):
                if not is_valid_name(name, slash=slash or name != command.get("name")):
                    problems.append(f"command or option name {name!r} breaks Discord's pattern")
    if isinstance(body, dict):
        message = body.get("data") if route == CALLBACK_ROUTE else body
        embeds = (message or {}).get("embeds") or []
        size = embed_text_size(embeds)
        if size > EMBED_TOTAL_LIMIT:
            problems.append(f"embeds hold {size} characters, over Discord's {EMBED_TOTAL_LIMIT}")
    return problems


def _names(command: dict[str, Any]) -> list[str]:
    names = [command.get("name")]
    for option in command.get("options") or []:
        names += _names(option)
    return names


def _as_discord_reads_it(body: Any) -> Any:
    """discord.py sends new attachments' `id`, a reply's `message_reference` IDs and a DM's
    `recipient_id` as integers; Discord takes them as snowflakes."""
    if not isinstance(body, dict):
        return body
    if isinstance(body.get("recipient_id"), int):
        body = {**body, "recipient_id": str(body["recipient_id"])}
    message = body.get("data") if isinstance(body.get("data"), dict) else body
    if not message.get("attachments") and not message.get("message_reference"):
        return body
    body = copy.deepcopy(body)
    message = body.get("data") if isinstance(body.get("data"), dict) else body
    for snowflakes in [*(message.get("attachments") or []), message.get("message_reference")]:
        for key in ("id", "message_id", "channel_id", "guild_id"):
            if isinstance((snowflakes or {}).get(key), int):
                snowflakes[key] = str(snowflakes[key])
    return body


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _rebased(node: Any) -> Any:
    """The schema with its `#/...` references pointing into the OpenAPI document."""
    if isinstance(node, dict):
        return {
            key: (SPEC_URI + value if key == "$ref" and value.startswith("#") else _rebased(value))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rebased(item) for item in node]
    return node


def _closed(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy where every object schema with listed properties rejects unlisted keys.

    A schema composed with `allOf` is closed as a whole, not part by part: each part would
    refuse the keys the others list.
    """
    spec = copy.deepcopy(spec)
    schemas = spec["components"]["schemas"]
    for name, properties in ACCEPTED_UNLISTED.items():
        schemas[name]["properties"].update(properties)
    schemas["InnerErrors"]["properties"]["_errors"]["items"] = FIELD_ERROR
    parts = {  # schemas that are a part of some allOf
        member["$ref"].rsplit("/", 1)[-1]
        for node in _walk(schemas)
        for member in node.get("allOf") or []
        if "$ref" in member
    }

    def lists_properties(node: dict[str, Any]) -> bool:
        if "properties" in node:
            return True
        name = node.get("$ref", "").rsplit("/", 1)[-1]
        return "properties" in schemas.get(name, {})

    def close(node: Any, whole: bool = True) -> None:
        if isinstance(node, list):
            for value in node:
                close(value)
            return
        if not isinstance(node, dict):
            return
        members = node.get("allOf") or []
        lists = "properties" in node or any(lists_properties(member) for member in members)
        if whole and lists and "additionalProperties" not in node:
            node["unevaluatedProperties"] = False
        for key, value in node.items():
            if key == "allOf":
                for member in value:
                    close(member, whole=False)
            else:
                close(value)

    for name, schema in schemas.items():
        close(schema, whole=name not in parts)
    return spec


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """Every object (dict) nested in a JSON document."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
