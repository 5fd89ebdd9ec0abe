"""`flywheel play`: try Flywheel with no Discord account, against a local stand-in for Discord.

It starts the stand-in and the real bot, then reads slash commands typed as in Discord's box
(`/critical-mass price:199 unit_cost:230 learning_rate:85%`), channel messages (`@Flywheel …`,
plain text, `:reply …`) and actions from the terminal, a script or the built-in tour, and
prints each reply as a person would see it, saving attached files.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
import tempfile
import textwrap
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import discord

from bot.play_io import log_to, logged_errors, scripted, terminal
from bot.settings import Settings
from standin import BotStopped, InputError, Message, Modal, Outcome, Posted, StandIn, User
from standin.chatbox import parse_fields
from standin.render import describe, describe_message, message_json, outcome_json

BotFactory = Callable[[Settings], AbstractAsyncContextManager[discord.Client]]
LAST_FILE = "@last"

HELP = """\
Type slash commands as in Discord: /critical-mass price:199 unit_cost:230 learning_rate:85%
  A value runs to the next option, so it may hold spaces; "double quotes" keep a value
  holding "word:" together. A file option takes a path (file:plans/q3.json), or @last /
  @last.json for the last file (of that kind) the bot sent.
Talk in the channel (the bot reads only what mentions it, replies that ping it, and DMs):
  @Flywheel TEXT      a message mentioning the bot
  TEXT                a message to the channel, addressed to no one
  :reply TEXT         reply to the bot's latest message here, pinging it
  :reply-silent TEXT  the same reply with the ping turned off
What a person does with the mouse:
  :menu NAME          use a message app (right-click → Apps) on the bot's latest message,
                      e.g. :menu What if…
  :thread NAME        start a thread on the bot's latest message and move into it
  :dm                 move into your DM with the bot
  :as NAME            act as another user (teammates: alice, bob, carol; new names join)
  :in CHANNEL         move to a channel; SERVER/CHANNEL for the other server
  :click LABEL        press the button with this label on the latest message that has it
  :fill FIELD:value   fill in and send the form the bot opened (fields by their label)
  :suggest /CMD opt:  what autocomplete offers for the last option typed so far
  :where              who and where you are, and who else is around
  :help               this help and the bot's commands
  :quit               leave (or Ctrl-D)"""


def main(
    args: argparse.Namespace, settings: Settings, bot_factory: BotFactory | None = None
) -> int:
    """Run `flywheel play` with the parsed CLI arguments; returns the exit status."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log_to(out / "play.log")
    if args.demo:
        script: list[str] | None = (
            resources.files("bot").joinpath("demo.txt").read_text().splitlines()
        )
    elif args.script:
        script = Path(args.script).read_text().splitlines()
    elif not sys.stdin.isatty():
        script = sys.stdin.read().splitlines()
    else:
        script = None
    return asyncio.run(
        play(
            settings,
            bot_factory or _real_bot(),
            script=script,
            user=args.user,
            out=out,
            as_json=args.json,
            fresh_database=args.demo,
        )
    )


async def play(
    settings: Settings,
    bot_factory: BotFactory,
    *,
    script: list[str] | None,
    user: str,
    out: Path,
    as_json: bool = False,
    fresh_database: bool = False,
) -> int:
    """Run a script (or, with None, the terminal) against the bot; 1 if a scripted line failed."""
    with (
        tempfile.TemporaryDirectory(prefix="flywheel-play-") as scratch,
        logged_errors() as errors,
    ):
        if fresh_database:  # the tour runs the same every time
            database = Path(scratch) / "play.db"
            settings = dataclasses.replace(settings, database_url=f"sqlite:///{database}")
        if script is not None:  # a script types faster than any person the limit is for
            settings = dataclasses.replace(settings, user_rate=None)
        async with StandIn() as standin, bot_factory(standin.bot_settings(settings)) as bot:
            connection = getattr(bot, "connection", None)
            if connection is not None:
                standin.watch(connection)
            session = PlaySession(standin, user=user, out=out, as_json=as_json, errors=errors)
            lines = scripted(script) if script is not None else terminal(session)
            try:
                async for line, echo in lines:
                    await session.run(line, echo=echo)
                    if session.finished:
                        break
            except BotStopped as stopped:
                print(f"flywheel: the bot stopped: {stopped} (details in {out / 'play.log'})")
                return 1
    return 1 if session.failures and script is not None else 0


class PlaySession:
    """Who is acting where, and what they can click or fill in; runs one line at a time."""

    def __init__(
        self,
        standin: StandIn,
        *,
        user: str,
        out: Path,
        as_json: bool,
        errors: list[str],
        write: Callable[[str], None] = print,
    ) -> None:
        self.standin = standin
        self.user = self._user(user)
        self.channel = standin.world.guilds[0].channels[0]
        self.out = out
        self.as_json = as_json
        self.errors = errors
        self.write = write
        self.modal: Modal | None = None
        self.saved: dict[int, str] = {}
        self.failures = 0
        self.finished = False

    @property
    def prompt(self) -> str:
        channel = self.channel
        if channel.guild is None:
            return f"{self.user.name} DM with {self.standin.world.application.name}> "
        server = "" if channel.guild is self.standin.world.guilds[0] else channel.guild.name
        if channel.parent is not None:
            return f"{self.user.name} {server}#{channel.parent.name} › {channel.name}> "
        return f"{self.user.name} {server}#{channel.name}> "

    async def run(self, line: str, *, echo: bool = False) -> None:
        """Run a command or a `:` action; say what went wrong instead of stopping."""
        line = line.strip()
        if not line or line.startswith("#"):
            return
        if echo and not self.as_json:
            self.write(self.prompt + line)
        try:
            if line.startswith(":"):
                await self._action(line)
            elif line.startswith("/"):
                outcome = await self.standin.command_line(
                    self.user, self.channel, self._files(line)
                )
                self._show(line, outcome)
            else:
                self._show_posted(line, await self.standin.post(self.user, self.channel, line))
        except (InputError, LookupError) as error:
            self.failures += 1
            if self.as_json:
                self.write(json.dumps({"line": line, "user": self.user.name, "error": str(error)}))
            else:
                self.write(f"  ✗ {error}")
        self._report_bot_errors()

    async def _action(self, line: str) -> None:
        verb, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        if verb in ("quit", "exit", "q"):
            self.finished = True
        elif verb == "help":
            self.write(HELP + "\n" + self._command_list())
        elif verb == "as":
            self.user = self._user(_required(rest, ":as NAME"))
            self._say(f"you are now {self.user.name}")
        elif verb == "in":
            guild, _, name = _required(rest, ":in CHANNEL").rpartition("/")
            self.channel = self.standin.world.channel(name, guild or None)
            self._say(f"you are now in {self.channel}")
        elif verb == "where":
            self._say(self._whereabouts())
        elif verb in ("reply", "reply-silent"):
            text = _required(rest, f":{verb} TEXT")
            card = self._latest_bot_message()
            ping = verb == "reply"
            posted = await self.standin.post(
                self.user, self.channel, text, reply_to=card, ping=ping
            )
            self._show_posted(line, posted)
        elif verb == "menu":
            name = _required(rest, ":menu NAME (e.g. :menu What if…)")
            outcome = await self.standin.message_command(
                self.user, self._latest_bot_message(), name
            )
            self._show(line, outcome)
        elif verb == "thread":
            name = _required(rest, ":thread NAME")
            self.channel = await self.standin.start_thread(
                self.user, self._latest_bot_message(), name
            )
            self._say(f"you started and are now in the {self.channel}")
        elif verb == "dm":
            self.channel = self.standin.dm_channel(self.user)
            self._say(f"you are now in your DM with {self.standin.world.application.name}")
        elif verb == "click":
            label = _required(rest, ":click LABEL")
            message = self._latest_with_button(label)
            self._show(line, await self.standin.click(self.user, message, label))
        elif verb == "suggest":
            line = _required(rest, ":suggest /COMMAND option:partial")
            choices = await self.standin.suggestions_for(self.user, self.channel, self._files(line))
            if self.as_json:
                listed = [{"name": choice.name, "value": choice.value} for choice in choices]
                self.write(json.dumps({"line": line, "user": self.user.name, "choices": listed}))
            else:
                self._say("suggestions: " + (", ".join(c.name for c in choices) or "(none)"))
        elif verb == "fill":
            modal = self.modal
            if modal is None or modal.opened_by.user is not self.user:
                raise InputError("no form is open for you: a button opens one")
            labels = [field.label for field in modal.fields]
            values = parse_fields(rest, labels, owner=f"the form {modal.title!r}")
            outcome = await self.standin.submit_modal(self.user, modal, values)
            self.modal = None
            self._show(line, outcome)
        else:
            raise InputError(f"unknown action :{verb} (:help lists them)")

    def _show(self, line: str, outcome: Outcome) -> None:
        self._save_files([outcome.message] if outcome.message else [])
        self._save_files(outcome.followups)
        if outcome.modal is not None:
            self.modal = outcome.modal
        if outcome.errors or (outcome.message is None and outcome.modal is None):
            self.failures += 1
        if self.as_json:
            self.write(json.dumps(self._record(line) | outcome_json(outcome, self.saved)))
        else:
            self.write(
                textwrap.indent(
                    describe(outcome, self.saved, self.standin.world.application.name), "  "
                )
            )

    def _show_posted(self, line: str, posted: Posted) -> None:
        """What the bot answered a message: its messages, or "(no reply)"."""
        answers = posted.answers
        self._save_files(answers)
        if self.as_json:
            answered = [message_json(message, self.saved) for message in answers]
            self.write(json.dumps(self._record(line) | {"answers": answered}))
            return
        name = self.standin.world.application.name
        shown = [describe_message(message, self.saved, name) for message in answers]
        self.write(textwrap.indent("\n".join(shown) or "(no reply)", "  "))

    def _record(self, line: str) -> dict[str, Any]:
        """Who typed which line where: the start of every JSON record."""
        return {"line": line, "user": self.user.name, "channel": f"#{self.channel.name}"}

    def _save_files(self, messages: list[Message]) -> None:
        for message in messages:
            for attachment in message.attachments:
                if attachment.id not in self.saved:
                    self.out.mkdir(parents=True, exist_ok=True)
                    path = self.out / f"{len(self.saved) + 1:03d}-{attachment.filename}"
                    path.write_bytes(attachment.data)
                    self.saved[attachment.id] = _shown_path(path)

    def _files(self, line: str) -> str:
        """Replace `@last` / `@last.json` with the path of the last file the bot sent."""
        if LAST_FILE not in line:
            return line
        words = []
        for word in line.split(" "):
            name, colon, value = word.rpartition(":")
            if colon and value.startswith(LAST_FILE):
                suffix = value.removeprefix(LAST_FILE)
                matching = [path for path in self.saved.values() if path.endswith(suffix)]
                if not matching:
                    raise InputError(f"the bot has sent you no {suffix or ''} file yet")
                word = f'{name}:"{matching[-1]}"'
            words.append(word)
        return " ".join(words)

    def _latest_bot_message(self) -> Message:
        """The bot's latest message here that everyone sees (a card, an answer)."""
        application = self.standin.world.application
        for message in reversed(self.standin.channel_messages(self.channel)):
            if message.author is application:
                return message
        raise InputError(f"{application.name} has posted nothing here yet")

    def _latest_with_button(self, label: str) -> Message:
        for message in reversed(self.standin.channel_messages(self.channel, self.user)):
            try:
                message.button(label)
            except LookupError:
                continue
            return message
        raise InputError(f"no message you can see in #{self.channel.name} has a button {label!r}")

    def _user(self, name: str) -> User:
        world = self.standin.world
        try:
            return world.user(name)
        except LookupError:
            user = world.add_user(name)
            for guild in world.guilds:
                guild.members.append(user)
            return user

    def _command_list(self) -> str:
        commands = self.standin.registry.available_in(self.channel, self.user)
        listed = [f"  /{c['name']:<16} {c.get('description', '')}" for c in commands]
        return "The bot's commands here:\n" + ("\n".join(listed) or "  (none registered)")

    def _whereabouts(self) -> str:
        world = self.standin.world
        others = ", ".join(user.name for user in world.users if user is not self.user)
        channels = ", ".join(
            f"{guild.name}/{channel.name}" for guild in world.guilds for channel in guild.channels
        )
        return (
            f"you are {self.user.name} in {self.channel}\n"
            f"  people: {others}\n  channels: {channels}"
        )

    def _say(self, text: str) -> None:
        if not self.as_json:
            self.write(textwrap.indent(text, "  "))

    def _report_bot_errors(self) -> None:
        while self.errors:
            self.write(f"  ! the bot logged an error: {self.errors.pop(0)}")
            self.failures += 1


def _real_bot() -> BotFactory:
    from bot.runner import running_bot

    @asynccontextmanager
    async def registered(settings: Settings) -> AsyncIterator[discord.Client]:
        """The real bot, its commands registered even if the database says they already are:
        the stand-in is a new Discord every run, while a lasting DATABASE_URL remembers the
        last run's registration."""
        async with running_bot(settings) as bot:
            await bot.sync_commands(force=True)
            yield bot

    return registered


def _required(value: str, usage: str) -> str:
    if not value:
        raise InputError(f"usage: {usage}")
    return value


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path.resolve())
