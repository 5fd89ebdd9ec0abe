"""Shared fixtures: a real, empty database on each engine, and a migrated `Store` on it.

`database_url` runs a test twice: on a SQLite file, and on PostgreSQL in a database created
for this test session (each test gets its own schema in it). PostgreSQL tests are skipped,
with the reason, when the server at FLYWHEEL_TEST_POSTGRES_URL cannot be reached.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from storage import Store
from storage.migrations import upgrade

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


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of an empty, unmigrated database, in the form `DATABASE_URL` takes."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'flywheel.db'}"
        return
    database: URL = request.getfixturevalue("postgres_database")
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


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    """A `Store` on a migrated, empty database, opened the way the bot opens it."""
    await asyncio.to_thread(upgrade, database_url)
    async with await Store.open(database_url) as opened:
        yield opened
