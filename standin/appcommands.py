"""The commands the bot registered, and turning what a user types into an interaction's options.

Conversion follows the registered schema as Discord's client does before it sends anything:
integers must be whole, numbers finite, choices picked from the list, required options present.
What it refuses raises `InputError` (the message a person would see), not an interaction.
"""

from __future__ import annotations

import math
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from standin.errors import InputError, invalid_form
from standin.messages import Attachment
from standin.rules import SUB_COMMAND, SUB_COMMAND_GROUP, command_list_problems
from standin.world import (
    BOT_DM_CONTEXT,
    GUILD_CONTEXT,
    GUILD_INSTALL,
    USER_INSTALL,
    Channel,
    Guild,
    Snowflakes,
    User,
)

STRING, INTEGER, BOOLEAN, NUMBER, ATTACHMENT = 3, 4, 5, 10, 11
CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND = 1, 2, 3
KIND_NAMES = {CHAT_INPUT: "slash command", USER_COMMAND: "user app", MESSAGE_COMMAND: "message app"}
OPTION_TYPE_NAMES = {
    SUB_COMMAND: "subcommand",
    SUB_COMMAND_GROUP: "subcommand group",
    STRING: "text",
    INTEGER: "whole number",
    BOOLEAN: "true or false",
    6: "user",
    7: "channel",
    8: "role",
    9: "mentionable",
    NUMBER: "number",
    ATTACHMENT: "file",
}
MAX_SAFE_INTEGER = 2**53  # Discord rejects integer options beyond ±2**53
TRUE_WORDS, FALSE_WORDS = {"true", "yes", "on", "1"}, {"false", "no", "off", "0"}


@dataclass(frozen=True)
class Upload:
    """A file a user attaches to an attachment option."""

    filename: str
    data: bytes
    content_type: str | None = None
    description: str | None = None

    @classmethod
    def from_path(cls, path: str | Path) -> Upload:
        path = Path(path).expanduser()
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot attach {path}: {error.strerror or error}") from None
        return cls(path.name, data, mimetypes.guess_type(path.name)[0])


@dataclass(frozen=True)
class Invocation:
    """A command as typed: the registered command, the subcommand path, the leaf's options."""

    command: dict[str, Any]
    path: tuple[str, ...]  # ("scenario", "save")
    options: list[dict[str, Any]]  # the schema of the options the user fills in

    @property
    def name(self) -> str:
        return " ".join(self.path)

    def option(self, name: str) -> dict[str, Any]:
        for option in self.options:
            if option["name"] == name:
                return option
        known = ", ".join(option["name"] for option in self.options) or "none"
        raise InputError(f"/{self.name} has no option {name!r} (options: {known})")

    def nest(self, leaf: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Wrap the leaf's options in the subcommand (and group) entries Discord sends."""
        options = leaf
        for depth in range(len(self.path) - 1, 0, -1):
            kind = SUB_COMMAND if depth == len(self.path) - 1 else SUB_COMMAND_GROUP
            options = [{"type": kind, "name": self.path[depth], "options": options}]
        return options


class CommandRegistry:
    """Registered commands per scope: None for global, else a guild ID."""

    def __init__(self, new_id: Snowflakes, application_id: int) -> None:
        self.new_id = new_id
        self.application_id = application_id
        self.scopes: dict[int | None, list[dict[str, Any]]] = {}

    def overwrite(self, guild_id: int | None, commands: list[Any]) -> list[dict[str, Any]]:
        """A bulk overwrite (PUT): the new list replaces the old; a command keeps its ID."""
        problems = command_list_problems(commands, scope_is_global=guild_id is None)
        if problems:
            raise invalid_form(problems)
        previous = {(c["type"], c["name"]): c["id"] for c in self.scopes.get(guild_id, [])}
        registered = []
        for command in commands:
            kind = command.get("type", 1)
            stored = {
                "id": previous.get((kind, command["name"])) or str(self.new_id()),
                "application_id": str(self.application_id),
                "version": str(self.new_id()),
                "type": kind,
                "description": "",
                "default_member_permissions": None,
                "nsfw": False,
                **{key: value for key, value in command.items() if value is not None},
            }
            if guild_id is not None:
                stored["guild_id"] = str(guild_id)
            stored.setdefault("integration_types", [GUILD_INSTALL])  # Discord's default
            stored.setdefault("contexts", None)
            registered.append(stored)
        self.scopes[guild_id] = registered
        return registered

    def listing(self, guild_id: int | None) -> list[dict[str, Any]]:
        return self.scopes.get(guild_id, [])

    def available_in(
        self, where: Guild | Channel, user: User | None = None, *, kind: int = CHAT_INPUT
    ) -> list[dict[str, Any]]:
        """Commands of this kind `user` is offered in a guild or channel: the guild's own (where
        the bot is installed), then global ones not shadowed, if usable there (`usable`)."""
        guild = where if isinstance(where, Guild) else where.guild
        context = GUILD_CONTEXT if isinstance(where, Guild) else where.context
        installed_here = guild is not None and guild.bot_installed
        local = [c for c in self.listing(guild.id) if c["type"] == kind] if installed_here else []
        names = {c["name"] for c in local}
        return local + [
            c
            for c in self.listing(None)
            if c["type"] == kind
            and c["name"] not in names
            and usable(
                c,
                context,
                guild_installed=installed_here or context == BOT_DM_CONTEXT,
                user_installed=user is not None and user.app_installed,
            )
        ]

    def context_command(self, where: Channel, user: User, kind: int, name: str) -> dict[str, Any]:
        """The user or message command called `name` that `user` is offered there."""
        offered = self.available_in(where, user, kind=kind)
        for matches in (
            [c for c in offered if c["name"] == name],
            [c for c in offered if c["name"].casefold() == name.casefold()],
        ):
            if len(matches) == 1:
                return matches[0]
        listed = ", ".join(repr(c["name"]) for c in offered) or "none"
        raise InputError(f"no {KIND_NAMES[kind]} {name!r} here (offered: {listed})")

    def invocation(
        self, where: Guild | Channel, typed: str, user: User | None = None
    ) -> Invocation:
        """Resolve `critical-mass` or `scenario save` (leading `/` allowed) to its schema."""
        words = typed.strip().lstrip("/").split()
        if not words:
            raise InputError("type a command, e.g. /help")
        commands = {c["name"]: c for c in self.available_in(where, user)}
        command = commands.get(words[0])
        if command is None:
            known = ", ".join(f"/{name}" for name in sorted(commands)) or "none registered yet"
            raise InputError(f"unknown command /{words[0]} (commands: {known})")
        path, options = [words[0]], command.get("options") or []
        for word in words[1:]:
            nested = {
                o["name"]: o for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)
            }
            if not nested:
                raise InputError(f"/{' '.join(path)} has no subcommand {word!r}")
            if word not in nested:
                choices = ", ".join(sorted(nested))
                raise InputError(
                    f"/{' '.join(path)} has no subcommand {word!r} (choose: {choices})"
                )
            path.append(word)
            options = nested[word].get("options") or []
        nested = [o["name"] for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if nested:
            raise InputError(f"/{' '.join(path)} needs a subcommand: {', '.join(nested)}")
        return Invocation(command, tuple(path), options)


def usable(
    command: dict[str, Any], context: int, *, guild_installed: bool, user_installed: bool
) -> bool:
    """Whether a global command can be used in this context with these installs.

    Absent fields take the defaults Discord applies: `integration_types` [0] (guild install),
    `contexts` null: the guild and the bot's DM, or the guild only when `dm_permission` is false
    (https://github.com/discord/discord-api-docs/issues/6744 and 7108; the page's "all contexts"
    is not what Discord does).
    """
    contexts = command.get("contexts")
    if contexts is None:
        contexts = [GUILD_CONTEXT, BOT_DM_CONTEXT]
        if command.get("dm_permission") is False:
            contexts = [GUILD_CONTEXT]
    if context not in contexts:
        return False
    types = command.get("integration_types") or [GUILD_INSTALL]
    return (GUILD_INSTALL in types and guild_installed) or (
        USER_INSTALL in types and user_installed
    )


def authorizing_owners(command: dict[str, Any], channel: Channel, user: User) -> dict[str, str]:
    """`authorizing_integration_owners`: each install the command was authorized through, with
    the guild's ID (or "0" in the bot's DM) for a guild install, the user's ID for a user one."""
    types = command.get("integration_types") or [GUILD_INSTALL]
    owners = {}
    if GUILD_INSTALL in types and channel.context == BOT_DM_CONTEXT:
        owners[str(GUILD_INSTALL)] = "0"
    elif GUILD_INSTALL in types and channel.guild is not None and channel.guild.bot_installed:
        owners[str(GUILD_INSTALL)] = str(channel.guild.id)
    if USER_INSTALL in types and user.app_installed:
        owners[str(USER_INSTALL)] = str(user.id)
    return owners


def command_data(
    invocation: Invocation,
    values: dict[str, Any],
    *,
    upload: Callable[[Upload], Attachment],
    focused: str | None = None,
) -> dict[str, Any]:
    """The `data` of an APPLICATION_COMMAND (or, with `focused`, AUTOCOMPLETE) interaction."""
    leaf: list[dict[str, Any]] = []
    attachments: dict[str, Any] = {}
    for name, value in values.items():
        schema = invocation.option(name)
        if name == focused:
            if not schema.get("autocomplete"):
                raise InputError(f"option {name!r} of /{invocation.name} has no autocomplete")
            leaf.append(
                {"type": schema["type"], "name": name, "value": str(value), "focused": True}
            )
            continue
        if focused is not None and isinstance(value, str):
            leaf.append({"type": schema["type"], "name": name, "value": value})  # as typed so far
            continue
        converted = convert(schema, value)
        if schema["type"] == ATTACHMENT:
            attachment = upload(converted)
            attachments[str(attachment.id)] = attachment.payload()
            converted = str(attachment.id)
        leaf.append({"type": schema["type"], "name": name, "value": converted})
    if focused is None:
        missing = [
            o["name"] for o in invocation.options if o.get("required") and o["name"] not in values
        ]
        if missing:
            raise InputError(f"/{invocation.name} needs {', '.join(missing)}")
    elif focused not in values:
        raise InputError(f"the focused option {focused!r} needs a value (it may be empty)")
    data: dict[str, Any] = {
        "id": invocation.command["id"],
        "name": invocation.command["name"],
        "type": 1,
        "options": invocation.nest(leaf),
    }
    if "guild_id" in invocation.command:
        data["guild_id"] = invocation.command["guild_id"]
    if attachments:
        data["resolved"] = {"attachments": attachments}
    return data


def convert(schema: dict[str, Any], value: Any) -> Any:
    """One option's value, from what was typed (or given in Python), checked like Discord does."""
    name, kind = schema["name"], schema["type"]
    choices = schema.get("choices")
    if choices:
        return _pick_choice(name, choices, value)
    if kind == STRING:
        return _checked_length(schema, str(value))
    if kind == INTEGER:
        return _checked_range(schema, _integer(name, value))
    if kind == NUMBER:
        return _checked_range(schema, _number(name, value))
    if kind == BOOLEAN:
        return _boolean(name, value)
    if kind == ATTACHMENT:
        if isinstance(value, Upload):
            return value
        if isinstance(value, str | Path):
            return Upload.from_path(value)
        raise InputError(f"{name} needs a file: give a path or an Upload")
    raise InputError(f"{name}: {OPTION_TYPE_NAMES.get(kind, kind)} options are not supported here")


def _pick_choice(name: str, choices: list[dict[str, Any]], value: Any) -> Any:
    """The choice whose value or name was typed, or the one whose name starts so (Discord's
    picker narrows the list as you type; a unique match is what you would pick)."""
    typed = str(value).casefold()
    for matches in (
        [c for c in choices if value == c["value"] or typed == c["name"].casefold()],
        [c for c in choices if str(value) == str(c["value"])],
        [c for c in choices if c["name"].casefold().startswith(typed)],
    ):
        if len(matches) == 1:
            return matches[0]["value"]
    listed = ", ".join(choice["name"] for choice in choices)
    raise InputError(f"{name} must be one of: {listed}")


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(f"{name} must be a whole number, got {value!r}")
    try:
        number = int(value.strip()) if isinstance(value, str) else value
    except ValueError:
        raise InputError(f"{name} must be a whole number, got {value!r}") from None
    if abs(number) > MAX_SAFE_INTEGER:
        raise InputError(f"{name} must be between -{MAX_SAFE_INTEGER} and {MAX_SAFE_INTEGER}")
    return number


def _number(name: str, value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(f"{name} must be a number, got {value!r}")
    try:
        number = float(value.strip()) if isinstance(value, str) else value
    except ValueError:
        raise InputError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise InputError(f"{name} must be a finite number, got {value!r}")
    return number


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise InputError(f"{name} must be true or false, got {value!r}")


def _checked_range(schema: dict[str, Any], number: float) -> float:
    low, high = schema.get("min_value"), schema.get("max_value")
    if low is not None and number < low:
        raise InputError(f"{schema['name']} must be at least {low}, got {number}")
    if high is not None and number > high:
        raise InputError(f"{schema['name']} must be at most {high}, got {number}")
    return number


def _checked_length(schema: dict[str, Any], text: str) -> str:
    low, high = schema.get("min_length", 0), schema.get("max_length", 6000)
    if not low <= len(text) <= high:
        raise InputError(
            f"{schema['name']} must be {low} to {high} characters long, got {len(text)}"
        )
    return text
