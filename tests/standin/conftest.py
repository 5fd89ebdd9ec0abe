"""The stand-in's own tests always drive the toy bot, whichever bot the other tests use."""

import pytest

from tests.e2e import BotFactory
from tests.standin.toybot import running_toy_bot


@pytest.fixture
def bot_factory() -> BotFactory:
    return running_toy_bot
