"""`flywheel run`, plus a 10 ms ticker that logs the event loop's stalls: bench_bot's bot.

bench_bot.py starts this in a process of its own, so the stand-in's work and memory are not
counted against the bot. Settings come from the environment, as for `flywheel run`; every
tick later than REPORT_OVER is appended to the file named by STALLS_FILE as
"<unix time> <seconds late>", so the benchmark can take the largest stall in any window.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.settings import Settings
from bot.workers import start_fork_server

TICK = 0.01
REPORT_OVER = 0.005


async def tick(path: Path) -> None:
    loop = asyncio.get_running_loop()
    with path.open("a", buffering=1) as out:
        while True:
            expected = loop.time() + TICK
            await asyncio.sleep(TICK)
            late = loop.time() - expected
            if late > REPORT_OVER:
                out.write(f"{time.time():.4f} {late:.4f}\n")


async def main(settings: Settings, stalls: Path) -> None:
    from bot.runner import serve

    ticking = asyncio.create_task(tick(stalls))
    try:
        await serve(settings)
    finally:
        ticking.cancel()


if __name__ == "__main__":
    start_fork_server()  # first, as `flywheel run` does: its imports run beside the bot's own
    from bot.logs import setup_logging

    settings = Settings.from_env(dotenv=False)
    setup_logging(settings.log_level, secret=settings.token)
    asyncio.run(main(settings, Path(os.environ["STALLS_FILE"])))
