"""Scenario storage: SQLModel tables, Alembic migrations, an async repository.

store = await Store.open(settings.database_url)   # after storage.migrations.upgrade(url)
record = await store.run(store.scenarios.save(user_id, "Launch", plan))  # bounded wait
"""

from storage.errors import (
    InvalidInput,
    LimitReached,
    NameTaken,
    NotFound,
    StorageError,
    StorageUnavailable,
)
from storage.repository import Choice, ScenarioRecord, ScenarioRepository, ScenarioSummary
from storage.store import Store

__all__ = [
    "Choice",
    "InvalidInput",
    "LimitReached",
    "NameTaken",
    "NotFound",
    "ScenarioRecord",
    "ScenarioRepository",
    "ScenarioSummary",
    "StorageError",
    "StorageUnavailable",
    "Store",
]
