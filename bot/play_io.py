"""Where `flywheel play` reads its lines (a script, or the terminal with readline history) and
sends its logs (a file, not the screen; the bot's errors collected to show beside replies)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.play import PlaySession

HISTORY_FILE = Path.home() / ".flywheel_history"


async def scripted(script: list[str]) -> AsyncIterator[tuple[str, bool]]:
    for line in script:
        yield line, True


async def terminal(session: PlaySession) -> AsyncIterator[tuple[str, bool]]:
    """Lines typed at the terminal, with readline editing and history kept across sessions."""
    print(f"Flywheel is ready. You are {session.user.name} in #{session.channel.name}.")
    print("Type /help for the bot's help, :help for this tool's, :quit to leave.")
    try:
        import readline
    except ImportError:  # Windows
        readline = None  # type: ignore[assignment]
    if readline is not None:
        with suppress(OSError):
            readline.read_history_file(HISTORY_FILE)
    try:
        while True:
            try:
                yield await _typed_line(session.prompt), False
            except EOFError:
                print()
                return
    finally:
        if readline is not None:
            with suppress(OSError):
                readline.write_history_file(HISTORY_FILE)


def _typed_line(prompt: str) -> asyncio.Future[str]:
    """`input()` in a daemon thread: the bot keeps running meanwhile, and Ctrl-C need not wait
    for a line to be typed (a thread of the default executor would hold the exit)."""
    loop = asyncio.get_running_loop()
    typed: asyncio.Future[str] = loop.create_future()

    def read() -> None:
        try:
            line = input(prompt)
        except BaseException as error:  # EOFError on Ctrl-D, passed on to the loop
            loop.call_soon_threadsafe(typed.set_exception, error)
        else:
            loop.call_soon_threadsafe(typed.set_result, line)

    threading.Thread(target=read, name="flywheel-play-input", daemon=True).start()
    return typed


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(record.getMessage().splitlines()[0])


@contextmanager
def logged_errors() -> Iterator[list[str]]:
    """The first line of every error logged meanwhile (the bot's failures), as they come."""
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector.errors
    finally:
        root.removeHandler(collector)


def log_to(path: Path) -> None:
    """Send the logs to a file instead of the screen, where replies are shown."""
    file_handler = logging.FileHandler(path, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [file_handler]
    root.setLevel(logging.INFO)
