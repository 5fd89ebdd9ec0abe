"""Timing a job inside its worker process (a leaf module: the worker imports only this)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def timed(fn: Callable[..., T], /, *args: Any) -> tuple[T, float]:
    """The job's result and the seconds it took in the worker, queueing excluded."""
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started
