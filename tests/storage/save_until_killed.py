"""Child process of the crash test: saves scenarios in a loop, printing each acknowledged one.

Usage: python tests/storage/save_until_killed.py DATABASE_URL
"""

from __future__ import annotations

import asyncio
import itertools
import sys

from storage import Store
from tests.storage import PLAN

SAVES_PER_USER = 100  # below the 200-scenario limit


def owner_of(number: int) -> int:
    return 1000 + number // SAVES_PER_USER


async def save_forever(url: str) -> None:
    async with await Store.open(url) as store:
        for number in itertools.count():
            await store.scenarios.save(owner_of(number), f"save {number}", PLAN)
            print(number, flush=True)


if __name__ == "__main__":
    asyncio.run(save_forever(sys.argv[1]))
