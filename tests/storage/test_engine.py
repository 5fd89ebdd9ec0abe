"""DATABASE_URL picks the engine; SQLite connections get the settings that make it safe."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from storage import Store
from storage.engine import normalize_url, sync_url


@pytest.mark.parametrize(
    ("given", "async_form", "sync_form"),
    [
        ("sqlite:///flywheel.db", "sqlite+aiosqlite:///flywheel.db", "sqlite:///flywheel.db"),
        ("sqlite+aiosqlite:////tmp/x.db", "sqlite+aiosqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        (
            "postgres://u:p%40ss@db:5432/fly",
            "postgresql+psycopg://u:p%40ss@db:5432/fly",
            "postgresql+psycopg://u:p%40ss@db:5432/fly",
        ),
        ("postgresql://db/fly", "postgresql+psycopg://db/fly", "postgresql+psycopg://db/fly"),
        (
            "postgresql+psycopg://db/fly",
            "postgresql+psycopg://db/fly",
            "postgresql+psycopg://db/fly",
        ),
    ],
)
def test_urls_are_normalised_to_our_drivers(given, async_form, sync_form):
    assert normalize_url(given).render_as_string(hide_password=False) == async_form
    assert sync_url(given).render_as_string(hide_password=False) == sync_form


def test_other_databases_are_refused_clearly():
    with pytest.raises(ValueError, match="must be a sqlite:/// file or a postgresql:// URL"):
        normalize_url("mysql://db/fly")


async def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'dir' / 'flywheel.db'}"  # parent folders are created
    async with await Store.open(url) as store, store.engine.connect() as connection:
        pragmas = {
            name: (await connection.execute(text(f"PRAGMA {name}"))).scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 1,  # NORMAL: durable across a process crash in WAL mode
        "busy_timeout": 1_500,  # below the 2 s a call may take (Timeouts)
    }
