"""Discord's rules for what an application sends, as Discord enforces them and documents them.

Pure functions returning `Problem`s, so the stand-in can reject a request the way Discord does
(400 "Invalid Form Body", code 50035, with the nested `errors` object discord.py prints) and the
contract tests can apply the rules Discord's OpenAPI description leaves out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND = 1, 2, 3
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, NUMBER = 3, 4, 10
GLOBAL_COMMAND_LIMITS = {CHAT_INPUT: 100, USER_COMMAND: 15, MESSAGE_COMMAND: 15}
COMMAND_TEXT_LIMIT = 8000
MAX_OPTIONS = 25
MAX_CHOICES = 25
EMBED_TOTAL_LIMIT = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
MESSAGE_CONTENT_LIMIT = 2000
MAX_EMBEDS = 10
MAX_FILES = 10
MAX_CUSTOM_ID = 100
MAX_ACTION_ROWS = 5
MAX_BUTTONS_PER_ROW = 5
MAX_AUTOCOMPLETE_CHOICES = 25
MODAL_TITLE_LIMIT = 45
MAX_MODAL_COMPONENTS = 5
ACTION_ROW, BUTTON = 1, 2


@dataclass(frozen=True)
class Problem:
    """One thing Discord would reject: where (a path into the JSON body), a code and a message."""

    path: tuple[str | int, ...]
    code: str
    message: str

    def __str__(self) -> str:
        where = ".".join(str(part) for part in self.path) or "body"
        return f"{where}: {self.message}"


def form_errors(problems: Iterable[Problem]) -> dict[str, Any]:
    """Nest problems the way Discord does: {"0": {"name": {"_errors": [{code, message}]}}}."""
    tree: dict[str, Any] = {}
    for problem in problems:
        node = tree
        for part in problem.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": problem.code, "message": problem.message})
    return tree


# -- names -----------------------------------------------------------------------------------


def is_valid_name(name: object, *, slash: bool = True) -> bool:
    """Slash commands and options: Discord's `^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`,
    lowercase. Context-menu commands: any 1-32 characters, capitals and spaces allowed."""
    if not isinstance(name, str) or not 1 <= len(name) <= 32:
        return False
    if not slash:
        return bool(name.strip())
    return name == name.lower() and all(char in "-_'" or _is_name_letter(char) for char in name)


def _is_name_letter(char: str) -> bool:
    category = unicodedata.category(char)
    if category[0] in "LN":
        return True
    # Devanagari and Thai letters carry combining marks (category M) that the pattern allows.
    return category[0] == "M" and unicodedata.name(char, "").startswith(("DEVANAGARI", "THAI"))


# -- application commands ----------------------------------------------------------------------


def command_list_problems(commands: list[Any], *, scope_is_global: bool) -> list[Problem]:
    """Everything Discord rejects in a bulk overwrite (PUT) of an application's commands."""
    if not isinstance(commands, list):
        return [Problem((), "BASE_TYPE_ARRAY_TYPE", "Must be an array.")]
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    counts: dict[int, int] = {}
    for index, command in enumerate(commands):
        if not isinstance(command, dict):
            problems.append(
                Problem((index,), "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
            )
            continue
        kind = command.get("type", CHAT_INPUT)
        problems.extend(_prefixed(index, command_problems(command)))
        key = (kind, str(command.get("name")))
        if key in seen:
            message = "Application command names must be unique"
            problems.append(
                Problem((index, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", message)
            )
        seen.add(key)
        counts[kind] = counts.get(kind, 0) + 1
    if scope_is_global:
        for kind, count in counts.items():
            limit = GLOBAL_COMMAND_LIMITS.get(kind, 100)
            if count > limit:
                message = f"Maximum number of application commands of type {kind} reached ({limit})"
                problems.append(Problem((), "APPLICATION_COMMAND_TOO_MANY", message))
    return problems


def command_problems(command: dict[str, Any]) -> list[Problem]:
    """Problems in one command definition: names, descriptions, options, choices, total size."""
    kind = command.get("type", CHAT_INPUT)
    problems: list[Problem] = []
    if kind not in GLOBAL_COMMAND_LIMITS:
        problems.append(Problem(("type",), "BASE_TYPE_CHOICES", f"Value {kind!r} is not valid."))
    if not is_valid_name(command.get("name"), slash=kind == CHAT_INPUT):
        problems.append(_bad_name(("name",)))
    description = command.get("description", "")
    if kind == CHAT_INPUT:
        problems.extend(_description_problems(("description",), description))
        problems.extend(_options_problems(("options",), command.get("options") or [], depth=0))
    elif description or command.get("options"):
        message = "Context menu commands cannot have a description or options"
        problems.append(Problem(("description",), "APPLICATION_COMMAND_INVALID", message))
    size = command_text_size(command)
    if size > COMMAND_TEXT_LIMIT:
        message = f"Command exceeds maximum size ({size} > {COMMAND_TEXT_LIMIT} characters)"
        problems.append(Problem((), "APPLICATION_COMMAND_TOO_LARGE", message))
    return problems


def command_text_size(command: dict[str, Any]) -> int:
    """Characters Discord counts toward a command's 8,000: names, descriptions, choice values."""

    def option_size(option: dict[str, Any]) -> int:
        size = len(str(option.get("name", ""))) + len(str(option.get("description", "")))
        for choice in option.get("choices") or []:
            size += len(str(choice.get("name", ""))) + len(str(choice.get("value", "")))
        return size + sum(option_size(child) for child in option.get("options") or [])

    return option_size(command)


def _options_problems(path: tuple, options: Any, *, depth: int) -> Iterator[Problem]:
    if not isinstance(options, list):
        yield Problem(path, "BASE_TYPE_ARRAY_TYPE", "Must be an array.")
        return
    if len(options) > MAX_OPTIONS:
        yield Problem(path, "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_OPTIONS} or fewer in length.")
    kinds = {option.get("type") for option in options if isinstance(option, dict)}
    nested = kinds & {SUB_COMMAND, SUB_COMMAND_GROUP}
    if nested and kinds - nested:
        message = "Sub-commands and sub-command groups cannot be mixed with other options"
        yield Problem(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", message)
    names: set[str] = set()
    seen_optional = False
    for index, option in enumerate(options):
        here = (*path, index)
        if not isinstance(option, dict):
            yield Problem(here, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
            continue
        yield from _option_problems(here, option, depth=depth)
        name = str(option.get("name"))
        if name in names:
            message = "Option names must be unique"
            yield Problem((*here, "name"), "APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME", message)
        names.add(name)
        if option.get("type") not in (SUB_COMMAND, SUB_COMMAND_GROUP):
            if option.get("required") and seen_optional:
                message = "Required options must be placed before non-required options"
                yield Problem(here, "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", message)
            seen_optional = seen_optional or not option.get("required")


def _option_problems(path: tuple, option: dict[str, Any], *, depth: int) -> Iterator[Problem]:
    kind = option.get("type")
    if not isinstance(kind, int) or not 1 <= kind <= 11:
        yield Problem((*path, "type"), "BASE_TYPE_CHOICES", f"Value {kind!r} is not valid.")
    if not is_valid_name(option.get("name")):
        yield _bad_name((*path, "name"))
    yield from _description_problems((*path, "description"), option.get("description"))
    if (kind == SUB_COMMAND_GROUP and depth > 0) or (kind == SUB_COMMAND and depth > 1):
        message = "Sub-commands can only be nested one level (a group of sub-commands)"
        yield Problem((*path, "type"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID", message)
    children = option.get("options") or []
    if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
        yield from _options_problems((*path, "options"), children, depth=depth + 1)
        if kind == SUB_COMMAND_GROUP and any(
            isinstance(child, dict) and child.get("type") != SUB_COMMAND for child in children
        ):
            message = "A sub-command group can only contain sub-commands"
            yield Problem((*path, "options"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID", message)
    elif children:
        message = "Only sub-commands and groups can have options"
        yield Problem((*path, "options"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID", message)
    choices = option.get("choices") or []
    if len(choices) > MAX_CHOICES:
        message = f"Must be {MAX_CHOICES} or fewer in length."
        yield Problem((*path, "choices"), "BASE_TYPE_MAX_LENGTH", message)
    if choices and option.get("autocomplete"):
        message = "Autocomplete cannot be enabled on an option that has choices"
        yield Problem((*path, "autocomplete"), "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", message)
    for index, choice in enumerate(choices):
        name = choice.get("name") if isinstance(choice, dict) else None
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            message = "Must be between 1 and 100 in length."
            yield Problem((*path, "choices", index, "name"), "BASE_TYPE_BAD_LENGTH", message)
        value = choice.get("value") if isinstance(choice, dict) else None
        if kind == STRING and (not isinstance(value, str) or len(value) > 100):
            message = "Must be a string of 100 or fewer in length."
            yield Problem((*path, "choices", index, "value"), "BASE_TYPE_BAD_LENGTH", message)
    if kind not in (INTEGER, NUMBER) and ("min_value" in option or "max_value" in option):
        message = "Only integer and number options can have min_value or max_value"
        yield Problem(path, "APPLICATION_COMMAND_OPTION_INVALID", message)


def _description_problems(path: tuple, description: Any) -> Iterator[Problem]:
    if not isinstance(description, str) or not 1 <= len(description) <= 100:
        yield Problem(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")


def _bad_name(path: tuple) -> Problem:
    message = (
        "Command name is invalid: 1-32 lowercase letters, digits, '-', '_' (no spaces or capitals)"
    )
    return Problem(path, "APPLICATION_COMMAND_INVALID_NAME", message)


def _prefixed(prefix: str | int, problems: Iterable[Problem]) -> Iterator[Problem]:
    for problem in problems:
        yield Problem((prefix, *problem.path), problem.code, problem.message)


# -- messages --------------------------------------------------------------------------------


def embed_text_size(embeds: Iterable[dict[str, Any]]) -> int:
    """Characters counted toward the 6,000 shared by all embeds of a message."""
    total = 0
    for embed in embeds:
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += len((embed.get("footer") or {}).get("text") or "")
        total += len((embed.get("author") or {}).get("name") or "")
        for field in embed.get("fields") or []:
            total += len(field.get("name") or "") + len(field.get("value") or "")
    return total


def message_problems(
    body: dict[str, Any], *, file_sizes: list[int], creating: bool
) -> list[Problem]:
    """What Discord rejects in a message body (reply, followup, edit); sizes are the files'."""
    problems: list[Problem] = []
    content = body.get("content")
    if content is not None and len(str(content)) > MESSAGE_CONTENT_LIMIT:
        message = f"Must be {MESSAGE_CONTENT_LIMIT} or fewer in length."
        problems.append(Problem(("content",), "BASE_TYPE_MAX_LENGTH", message))
    embeds = body.get("embeds") or []
    if len(embeds) > MAX_EMBEDS:
        message = f"Must be {MAX_EMBEDS} or fewer in length."
        problems.append(Problem(("embeds",), "BASE_TYPE_MAX_LENGTH", message))
    for index, embed in enumerate(embeds):
        problems.extend(_embed_problems(("embeds", index), embed))
    if embed_text_size(embeds) > EMBED_TOTAL_LIMIT:
        message = f"Embed size exceeds maximum size of {EMBED_TOTAL_LIMIT}"
        problems.append(Problem(("embeds",), "MESSAGE_EMBED_SIZE_EXCEEDED", message))
    problems.extend(_components_problems(body.get("components") or []))
    if len(file_sizes) > MAX_FILES:
        message = f"Must be {MAX_FILES} or fewer in length."
        problems.append(Problem(("attachments",), "BASE_TYPE_MAX_LENGTH", message))
    for index, attachment in enumerate(body.get("attachments") or []):
        description = attachment.get("description") if isinstance(attachment, dict) else None
        if description is not None and len(description) > 1024:
            message = "Must be 1024 or fewer in length."
            path = ("attachments", index, "description")
            problems.append(Problem(path, "BASE_TYPE_MAX_LENGTH", message))
    if creating and not (content or embeds or file_sizes or body.get("components")):
        problems.append(Problem((), "MESSAGE_EMPTY", "Cannot send an empty message"))
    return problems


def files_too_large(file_sizes: list[int], size_limit: int) -> bool:
    """Discord answers 413 (code 40005) when a file is over the upload limit."""
    return any(size > size_limit for size in file_sizes)


def _embed_problems(path: tuple, embed: dict[str, Any]) -> Iterator[Problem]:
    for key, limit in EMBED_LIMITS.items():
        if len(embed.get(key) or "") > limit:
            yield Problem(
                (*path, key), "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."
            )
    if len((embed.get("footer") or {}).get("text") or "") > 2048:
        message = "Must be 2048 or fewer in length."
        yield Problem((*path, "footer", "text"), "BASE_TYPE_MAX_LENGTH", message)
    if len((embed.get("author") or {}).get("name") or "") > 256:
        message = "Must be 256 or fewer in length."
        yield Problem((*path, "author", "name"), "BASE_TYPE_MAX_LENGTH", message)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        yield Problem((*path, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for index, field in enumerate(fields):
        for key, limit in (("name", 256), ("value", 1024)):
            text = field.get(key)
            if not isinstance(text, str) or not 1 <= len(text) <= limit:
                message = f"Must be between 1 and {limit} in length."
                yield Problem((*path, "fields", index, key), "BASE_TYPE_BAD_LENGTH", message)


def _components_problems(components: list[Any]) -> Iterator[Problem]:
    if len(components) > MAX_ACTION_ROWS and all(
        isinstance(row, dict) and row.get("type") == ACTION_ROW for row in components
    ):
        message = f"Must be {MAX_ACTION_ROWS} or fewer in length."
        yield Problem(("components",), "BASE_TYPE_MAX_LENGTH", message)
    custom_ids: set[str] = set()
    for index, row in enumerate(components):
        if not isinstance(row, dict) or row.get("type") != ACTION_ROW:
            continue  # components v2 layouts: the OpenAPI schema checks those
        children = row.get("components") or []
        if not 1 <= len(children) <= MAX_BUTTONS_PER_ROW:
            message = f"Must be between 1 and {MAX_BUTTONS_PER_ROW} in length."
            yield Problem(("components", index, "components"), "BASE_TYPE_BAD_LENGTH", message)
        for position, child in enumerate(children):
            custom_id = child.get("custom_id")
            here = ("components", index, "components", position, "custom_id")
            if custom_id is None:
                if child.get("type") == BUTTON and child.get("style") not in (5, 6):
                    yield Problem(here, "BASE_TYPE_REQUIRED", "This field is required")
                continue
            if not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
                message = f"Must be between 1 and {MAX_CUSTOM_ID} in length."
                yield Problem(here, "BASE_TYPE_BAD_LENGTH", message)
            if custom_id in custom_ids:
                message = "Component custom id cannot be duplicated"
                yield Problem(here, "COMPONENT_CUSTOM_ID_DUPLICATED", message)
            custom_ids.add(custom_id)


def modal_problems(modal: dict[str, Any]) -> list[Problem]:
    """A modal: title of 45 characters, at most 5 components, a custom_id."""
    problems: list[Problem] = []
    title = modal.get("title")
    if not isinstance(title, str) or not 1 <= len(title) <= MODAL_TITLE_LIMIT:
        message = f"Must be between 1 and {MODAL_TITLE_LIMIT} in length."
        problems.append(Problem(("data", "title"), "BASE_TYPE_BAD_LENGTH", message))
    custom_id = modal.get("custom_id")
    if not isinstance(custom_id, str) or not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
        message = f"Must be between 1 and {MAX_CUSTOM_ID} in length."
        problems.append(Problem(("data", "custom_id"), "BASE_TYPE_BAD_LENGTH", message))
    components = modal.get("components") or []
    if not 1 <= len(components) <= MAX_MODAL_COMPONENTS:
        message = f"Must be between 1 and {MAX_MODAL_COMPONENTS} in length."
        problems.append(Problem(("data", "components"), "BASE_TYPE_BAD_LENGTH", message))
    return problems


def choices_problems(choices: Any) -> list[Problem]:
    """Autocomplete answers: at most 25 choices, names of 1-100 characters."""
    if not isinstance(choices, list):
        return [Problem(("data", "choices"), "BASE_TYPE_ARRAY_TYPE", "Must be an array.")]
    problems: list[Problem] = []
    if len(choices) > MAX_AUTOCOMPLETE_CHOICES:
        message = f"Must be {MAX_AUTOCOMPLETE_CHOICES} or fewer in length."
        problems.append(Problem(("data", "choices"), "BASE_TYPE_MAX_LENGTH", message))
    for index, choice in enumerate(choices):
        name = choice.get("name") if isinstance(choice, dict) else None
        if not isinstance(name, str) or not 1 <= len(name) <= 100:
            message = "Must be between 1 and 100 in length."
            path = ("data", "choices", index, "name")
            problems.append(Problem(path, "BASE_TYPE_BAD_LENGTH", message))
    return problems
