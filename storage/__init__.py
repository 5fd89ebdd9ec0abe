"""Scenario storage: SQLModel tables, Alembic migrations, an async repository.

store = await Store.open(settings.database_url)   # after storage.migrations.upgrade(url)
record = await store.run(store.scenarios.save(user_id, "Launch", plan))  # bounded wait
number = await store.shown.remember(user_id, plan)   # the plan behind a reply's Save button
"""

from storage.decisions import DecisionRecord, DecisionRepository
from storage.errors import (
    InvalidInput,
    LimitReached,
    NameTaken,
    NotFound,
    StorageError,
    StorageUnavailable,
)
from storage.estimates import EstimateRecord, EstimateRepository, EstimateRequestRecord
from storage.records import Choice, ScenarioRecord, ScenarioSummary
from storage.scenarios import ScenarioRepository
from storage.shown_plans import ShownPlans
from storage.state import State
from storage.store import Store
from storage.team import AlreadyRevealed, NotAllowed

__all__ = [
    "AlreadyRevealed",
    "Choice",
    "DecisionRecord",
    "DecisionRepository",
    "EstimateRecord",
    "EstimateRepository",
    "EstimateRequestRecord",
    "InvalidInput",
    "LimitReached",
    "NameTaken",
    "NotAllowed",
    "NotFound",
    "ScenarioRecord",
    "ScenarioRepository",
    "ScenarioSummary",
    "ShownPlans",
    "State",
    "StorageError",
    "StorageUnavailable",
    "Store",
]
