"""Keep the stand-in bot's one chart worker busy, so a click's work queues past Discord's
deadline for acknowledging it."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def busy_workers(standin, charts: int = 8) -> AsyncIterator[None]:
    """Fan charts (10,000 Monte Carlo draws each) queued while the body runs."""
    queued = [
        asyncio.ensure_future(
            standin.slash("carol", "general", "critical-mass", price="180-220", unit_cost="230")
        )
        for _ in range(charts)
    ]
    await asyncio.sleep(0.2)  # they reach the worker first
    try:
        yield
    finally:
        await asyncio.gather(*queued)
