"""Reading what a person types: a slash command as in Discord's box, or a form's fields.

`/scenario save name:Q3 plan` - options are `name:value`, and a value runs until the next known
option name, so it may hold spaces and any of `%`, `$`, `,`, `-`, `..`. Double quotes keep text
together, colons included: `note:"price:199 is low"`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from standin.errors import InputError

QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
FIRST_OPTION = re.compile(r"(?<!\S)[\w-]+:")
STRAY_OPTION = re.compile(r"(?<!\S)([A-Za-z_][\w-]*):")


@dataclass(frozen=True)
class TypedCommand:
    command: str  # the command and its subcommands: "scenario save"
    options: dict[str, str]  # option name -> text as typed


def parse_command_line(line: str, option_names: Callable[[str], Collection[str]]) -> TypedCommand:
    """Split a typed line; `option_names(command)` gives the options that command accepts."""
    line = line.strip()
    if not line.startswith("/"):
        raise InputError("a command starts with /, e.g. /help")
    body = _masked(line[1:])
    first = FIRST_OPTION.search(body)
    head = line[1 : 1 + first.start()] if first else line[1:]
    command = " ".join(head.split())
    if not command:
        raise InputError("type a command name after /, e.g. /help")
    rest = line[1 + len(head) :]
    return TypedCommand(command, parse_fields(rest, option_names(command), owner=f"/{command}"))


def parse_fields(text: str, names: Collection[str], *, owner: str) -> dict[str, str]:
    """`name:value` pairs for these names (matched case-insensitively, spaces allowed)."""
    masked = _masked(text)
    canonical = {name.casefold(): name for name in names}
    matches = []
    if names:
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        matches = list(re.finditer(rf"(?<!\S)({alternatives}):", masked, re.IGNORECASE))
    ends = [match.start() for match in matches[1:]] + [len(text)] if matches else []
    lead = masked[: matches[0].start()] if matches else masked
    if lead.strip():
        raise _no_such_option(owner, lead.split()[0].split(":")[0], names)
    values: dict[str, str] = {}
    for match, end in zip(matches, ends, strict=True):
        stray = STRAY_OPTION.search(masked, match.end(), end)
        if stray:
            raise _no_such_option(owner, stray[1], names)
        name = canonical[match[1].casefold()]
        if name in values:
            raise InputError(f"option {name!r} is given twice")
        values[name] = _unquoted(text[match.end() : end].strip())
    return values


def _no_such_option(owner: str, word: str, names: Collection[str]) -> InputError:
    listed = ", ".join(sorted(names)) or "none"
    hint = 'a value holding "word:" goes in double quotes'
    return InputError(f"{owner} has no option {word!r} (options: {listed}); {hint}")


def _masked(text: str) -> str:
    """The text with quoted parts blanked out (same length), so their colons are not options."""
    masked = QUOTED.sub(lambda match: " " * len(match[0]), text)
    if '"' in masked:
        raise InputError('a double quote (") is not closed')
    return masked


def _unquoted(text: str) -> str:
    return QUOTED.sub(lambda match: re.sub(r"\\(.)", r"\1", match[1]), text)
