"""Every benchmark in one run: one table of figures against targets, also written as JSON.

Run: python benchmarks/run_all.py   (a few minutes; writes benchmarks/results/latest.json)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# Figures where more is better; for every other target, less is better.
AT_LEAST = ("speedup", "acknowledged", "answered", "throughput")


def verdict(name: str, figure: dict) -> str:
    target = figure["target"]
    if target is None:
        return ""
    at_least = any(word in name for word in AT_LEAST)
    met = figure["value"] >= target if at_least else figure["value"] <= target
    return "ok" if met else "MISSED"


def print_table(figures: dict[str, dict]) -> None:
    print(f"| {'figure':<34} | {'measured':>10} | {'target':>10} |        |")
    print(f"|{'-' * 36}|{'-' * 12}|{'-' * 12}|--------|")
    for name, figure in figures.items():
        target = figure["target"]
        sign = "≥ " if any(word in name for word in AT_LEAST) else "≤ "
        shown = "" if target is None else f"{sign}{target:g}"
        print(f"| {name:<34} | {figure['value']:>10} | {shown:>10} | {verdict(name, figure):<6} |")


def main() -> None:
    import bench_bot
    import bench_charts
    import bench_model
    import bench_storage

    suites = {
        "model": bench_model,
        "charts": bench_charts,
        "storage": bench_storage,
        "bot": bench_bot,
    }
    results = {}
    for name, module in suites.items():
        print(f"\n## {name}", flush=True)
        results[name] = module.run()
        print_table(results[name])
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
