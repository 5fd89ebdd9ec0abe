"""Shared fixtures.

Databases: `database_url` runs a test twice, on a SQLite file and on PostgreSQL in a database
created for this test session (each test gets its own schema in it); PostgreSQL tests are
skipped, with the reason, when the server at FLYWHEEL_TEST_POSTGRES_URL cannot be reached.
`store` is a migrated `Store` on it; `module_postgres_url` is an empty PostgreSQL database
shared by one test module.

End-to-end: the real bot against the local stand-in for Discord (tests/e2e.py); `standin`
drives it as users would.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import discord
import pytest
from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from bot.runner import running_bot as bot_under_test
from bot.settings import Settings
from standin import StandIn
from storage import Store
from storage.migrations import upgrade
from tests.discord_contract import missing_reason
from tests.e2e import BotFactory, bot_in_standin, contract_problems

POSTGRES_SERVER = os.environ.get(
    "FLYWHEEL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _autocommit_engine(url: URL):
    return create_engine(
        url, isolation_level="AUTOCOMMIT", poolclass=NullPool, connect_args={"connect_timeout": 3}
    )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """A fresh, uniquely named PostgreSQL database for this test session, dropped afterwards."""
    server = make_url(POSTGRES_SERVER).set(drivername="postgresql+psycopg")
    name = f"flywheel_test_{uuid.uuid4().hex[:12]}"
    admin = _autocommit_engine(server)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(
            f"PostgreSQL is not reachable at {server.render_as_string(hide_password=True)} "
            f"(set FLYWHEEL_TEST_POSTGRES_URL): {error.orig}"
        )
    yield server.set(database=name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def _empty_schema(database: URL) -> Iterator[str]:
    """A new schema in `database`, dropped afterwards; yields the `DATABASE_URL` that uses it."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = _autocommit_engine(database)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = database.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an empty, unmigrated database, in the form `DATABASE_URL` takes."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'flywheel.db'}"
        return
    with _empty_schema(request.getfixturevalue("postgres_database")) as url:
        yield url


@pytest.fixture(scope="module")
def module_postgres_url(postgres_database: URL) -> Iterator[str]:
    """An empty, unmigrated PostgreSQL database for one test module (bot processes share it)."""
    with _empty_schema(postgres_database) as url:
        yield url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    """A `Store` on a migrated, empty database, opened the way the bot opens it."""
    await asyncio.to_thread(upgrade, database_url)
    async with await Store.open(database_url) as opened:
        yield opened


@pytest.fixture
def bot_factory() -> BotFactory:
    """The bot under test: `(settings) -> async context manager yielding a ready client`."""
    return bot_under_test


@pytest.fixture
def bot_settings(tmp_path) -> Settings:
    """What the bot starts with (the stand-in adds its endpoints and token)."""
    return Settings(database_url=f"sqlite:///{tmp_path / 'flywheel.db'}", chart_workers=1)


@pytest.fixture
def standin_options() -> dict[str, Any]:
    """StandIn's keyword arguments; override with @pytest.mark.parametrize("standin_options", …)."""
    return {}


@pytest.fixture
async def running_in_standin(
    request: pytest.FixtureRequest,
    bot_factory: BotFactory,
    bot_settings: Settings,
    standin_options: dict[str, Any],
) -> AsyncIterator[tuple[StandIn, discord.Client]]:
    async with bot_in_standin(bot_factory, bot_settings, **standin_options) as running:
        yield running
        expected = request.node.get_closest_marker("discord_errors") is not None
        problems = contract_problems(running[0], errors_expected=expected)
    if problems:
        pytest.fail("Discord would not accept this:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def standin(running_in_standin: tuple[StandIn, discord.Client]) -> StandIn:
    """The stand-in with the bot connected: `await standin.slash("alice", "general", …)`."""
    return running_in_standin[0]


@pytest.fixture
def bot(running_in_standin: tuple[StandIn, discord.Client]) -> discord.Client:
    """The running bot the stand-in is serving."""
    return running_in_standin[1]


def pytest_terminal_summary(terminalreporter) -> None:
    reason = missing_reason()
    if reason:
        terminalreporter.write_line(f"Discord contract not checked: {reason}", yellow=True)
