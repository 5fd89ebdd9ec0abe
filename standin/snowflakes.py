"""Snowflake IDs: 64-bit, the creation time in milliseconds since 2015 above a counter."""

from __future__ import annotations

import itertools
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class Snowflakes:
    """New IDs the way Discord makes them: milliseconds since 2015 above a 22-bit counter."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self._last = 0

    def __call__(self) -> int:
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(now | (next(self._counter) & 0xFFF), self._last + 1)
        return self._last
