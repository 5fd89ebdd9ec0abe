"""Layers point one way: bot/ -> commands/ -> storage/ -> model/, with standin/ beside them.

Read from the source with `ast`, so an import hidden in a function or under TYPE_CHECKING
counts too: a lower layer that needs something from a higher one gets it passed in.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each package and the packages of ours it may import.
MAY_IMPORT = {
    "model": set(),
    "storage": {"model"},
    "commands": {"storage", "model"},
    "bot": {"commands", "storage", "model", "standin"},
    "standin": set(),
}
# Known crossings, each to be removed by its owner: the stand-in builds the bot's Settings
# (StandIn.bot_settings) instead of being handed them.
CROSSINGS = {
    "standin/driver.py imports bot.settings",
    "standin/driver.py imports bot.settings.Settings",
}


def _imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
            modules |= {f"{node.module}.{alias.name}" for alias in node.names}
    return modules


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", MAY_IMPORT)
def test_a_package_imports_only_the_layers_below_it(package):
    ours = set(MAY_IMPORT)
    wrong = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(package)
        for name in _imports(path)
        if (top := name.split(".")[0]) in ours and top != package and top not in MAY_IMPORT[package]
    }
    assert not wrong - CROSSINGS


def test_the_lens_registry_and_what_workers_return_load_no_discord_or_matplotlib():
    """Anything may read the registry, and the bot unpickles answers, without those imports."""
    check = (
        "import sys, commands.lens_registry, commands.outputs; "
        "print(sorted({'discord', 'matplotlib', 'PIL'} & set(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
