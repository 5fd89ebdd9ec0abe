"""Alembic migrations, run from code (no alembic.ini): `upgrade(url)` brings a database to head.

To write a migration after changing storage/tables.py, autogenerate one against a database
at head and review it:

    python -c "from alembic import command; from storage.migrations import config; \
command.revision(config('sqlite:///dev.db'), 'what changed', autogenerate=True)"
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError


class SchemaTooNew(Exception):
    """The database was migrated by a newer Flywheel: this one must not touch it."""


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
    alembic_config = config(url)
    with _alembic_in_use:
        try:
            command.upgrade(alembic_config, "head")
        except CommandError as error:
            unknown = re.search(r"Can't locate revision identified by '([^']+)'", str(error))
            if unknown is None:
                raise
            head = ScriptDirectory.from_config(alembic_config).get_current_head()
            raise SchemaTooNew(
                f"the database is at schema revision {unknown[1]}, which this Flywheel (up to "
                f"revision {head}) does not know: a newer Flywheel upgraded it. Run that "
                "version, or restore a backup taken before the upgrade (flywheel db restore)."
            ) from error


_alembic_in_use = threading.Lock()
