import pytest

from storage import ScenarioRepository, Store


@pytest.fixture
def repo(store: Store) -> ScenarioRepository:
    return store.scenarios
