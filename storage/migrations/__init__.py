"""Alembic migrations, run from code (no alembic.ini): `upgrade(url)` brings a database to head.

To write a migration after changing storage/tables.py, autogenerate one against a database
at head and review it:

    python -c "from alembic import command; from storage.migrations import config; \
command.revision(config('sqlite:///dev.db'), 'what changed', autogenerate=True)"
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config


def config(url: str) -> Config:
    """Alembic's configuration for the database at `url` (any form `DATABASE_URL` accepts)."""
    alembic_config = Config()
    alembic_config.set_main_option("script_location", str(Path(__file__).parent))
    # Passed as an attribute, not an ini option, where "%" in a password would be interpolated.
    alembic_config.attributes["url"] = url
    return alembic_config


def upgrade(url: str) -> None:
    """Apply every migration not yet applied. Safe to run from several processes at once.

    Within one process calls take turns: Alembic keeps the running migration in globals.
    """
    with _alembic_in_use:
        command.upgrade(config(url), "head")


_alembic_in_use = threading.Lock()
