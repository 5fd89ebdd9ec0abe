"""Reading a slash command typed as in Discord's message box: `/scenario save name:Q3 plan`.

Options are `name:value`. A value runs until the next known option name, so it may hold spaces
(`name:Q3 plan`) and any of `%`, `$`, `,`, `-`, `..`, `:`; double quotes keep text together
(`note:"price:199 is low"`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from bot.standin.errors import InputError

TOKEN = re.compile(r'(?:[^\s"]+|"(?:[^"\\]|\\.)*")+')
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
OPTION = re.compile(r"([\w-]+):(.*)", re.DOTALL)


@dataclass(frozen=True)
class TypedCommand:
    command: str  # the command and its subcommands: "scenario save"
    options: dict[str, str]  # option name -> text as typed


def parse_command_line(line: str, option_names: Callable[[str], Collection[str]]) -> TypedCommand:
    """Split a typed line; `option_names(command)` gives the options that command accepts."""
    line = line.strip()
    if not line.startswith("/"):
        raise InputError("a command starts with /, e.g. /help")
    if '"' in QUOTED.sub("", line):
        raise InputError('a double quote (") is not closed')
    tokens = TOKEN.findall(line[1:])
    words = []
    while tokens and ":" not in tokens[0]:
        words.append(tokens.pop(0))
    command = " ".join(words)
    if not command:
        raise InputError("type a command name after /, e.g. /help")
    known = set(option_names(command))
    options: dict[str, str] = {}
    current: str | None = None
    for token in tokens:
        match = OPTION.fullmatch(token)
        if match and match[1] in known:
            current = match[1]
            if current in options:
                raise InputError(f"option {current!r} is given twice")
            options[current] = _unquoted(match[2])
        elif current is None:
            name = match[1] if match else token
            listed = ", ".join(sorted(known)) or "none"
            raise InputError(f"/{command} has no option {name!r} (options: {listed})")
        else:
            options[current] += " " + _unquoted(token)
    return TypedCommand(command, options)


def _unquoted(text: str) -> str:
    return QUOTED.sub(lambda match: re.sub(r"\\(.)", r"\1", match[1]), text)
